//! Creating read replicas: every refusal with its status and code (in both languages), the
//! build from BUILD to ACTIVE or FAILED with its job, the replica limit under concurrency, and
//! project isolation.

mod common;

use std::time::Duration;

use common::*;
use rds_emulator::Config;
use serde_json::{json, Value};

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

struct Ids {
    orders: String,
    orders_rr: String,
    standby: String,
    mssql: String,
    inventory: String,
    crm: String,
    catalog: String,
    rr_flavor: String,
    single_flavor: String,
    old_version_rr: String,
    east_rr: String,
}

async fn ids(session: &Session, east: &Session) -> Ids {
    Ids {
        orders: session.id_of("orders-mysql").await,
        orders_rr: session.id_of("orders-mysql-rr1").await,
        standby: session.id_of("billing-ha-standby").await,
        mssql: session.id_of("legacy-mssql").await,
        inventory: session.id_of("inventory-mysql").await,
        crm: session.id_of("crm-mysql").await,
        catalog: session.id_of("catalog-mysql").await,
        rr_flavor: session
            .flavor_id("MySQL", "5.7.29", "rds.mysql.c2.large.rr")
            .await,
        single_flavor: session
            .flavor_id("MySQL", "5.7.29", "rds.mysql.c2.large")
            .await,
        old_version_rr: session
            .flavor_id("MySQL", "5.7.17", "rds.mysql.c2.large.rr")
            .await,
        east_rr: east
            .flavor_id("MySQL", "5.7.29", "rds.mysql.c2.large.rr")
            .await,
    }
}

#[tokio::test]
async fn every_refusal_has_its_status_and_code() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    let east = emu.login("cn-east-3").await;
    let ids = ids(&session, &east).await;
    let ok = |extra: Value| {
        let mut instance = json!({"name": "orders-mysql-rr9", "flavorRef": ids.rr_flavor, "replicaOf": ids.orders});
        if let (Some(base), Some(extra)) = (instance.as_object_mut(), extra.as_object()) {
            for (key, value) in extra {
                base.insert(key.clone(), value.clone());
            }
        }
        serde_json::to_vec(&json!({ "instance": instance })).expect("json")
    };
    let raw = |text: &str| text.as_bytes().to_vec();
    let cases: Vec<(&str, Vec<u8>, u16, &str, &str)> = vec![
        ("empty body", raw(""), 400, "RDS.0006", ""),
        ("blank body", raw("  \n"), 400, "RDS.0006", ""),
        ("invalid JSON", raw("{\"instance\": {"), 400, "RDS.0001", "JSON"),
        ("array", raw("[]"), 400, "RDS.0001", "instance"),
        ("instance not an object", raw("{\"instance\": 3}"), 400, "RDS.0001", "instance"),
        ("no instance", raw("{}"), 400, "RDS.0001", "instance"),
        ("unknown top key", raw("{\"instance\": {}, \"extra\": 1}"), 422, "RDS.0040", "extra"),
        ("unknown key", ok(json!({"colour": "red"})), 422, "RDS.0040", "colour"),
        ("unknown volume key", ok(json!({"volume": {"type": "COMMON", "size": 100, "iops": 3}})), 422, "RDS.0040", "iops"),
        ("name not a string", ok(json!({"name": 5})), 400, "RDS.0001", "name"),
        ("volume not an object", ok(json!({"volume": "big"})), 400, "RDS.0001", "volume"),
        ("size not an integer", ok(json!({"volume": {"type": "COMMON", "size": "100"}})), 400, "RDS.0001", "size"),
        ("size fractional", ok(json!({"volume": {"type": "COMMON", "size": 100.5}})), 400, "RDS.0001", "size"),
        ("nics.subnetId not a string", ok(json!({"nics": {"subnetId": 1}})), 400, "RDS.0001", "subnetId"),
        ("dbPort an array", ok(json!({"dbPort": [1]})), 400, "RDS.0001", "dbPort"),
        ("no replicaOf", raw(&format!("{{\"instance\": {{\"name\": \"abcd\", \"flavorRef\": \"{}\"}}}}", ids.rr_flavor)), 400, "RDS.0001", "replicaOf"),
        ("null replicaOf", ok(json!({"replicaOf": null})), 400, "RDS.0001", "replicaOf"),
        ("no name", raw(&format!("{{\"instance\": {{\"replicaOf\": \"{}\", \"flavorRef\": \"{}\"}}}}", ids.orders, ids.rr_flavor)), 400, "RDS.0001", "name"),
        ("name starts with a digit", ok(json!({"name": "1abc"})), 400, "RDS.5001", "letter"),
        ("name too short", ok(json!({"name": "abc"})), 400, "RDS.5001", "shorter"),
        ("name with a dot", ok(json!({"name": "abc.def"})), 400, "RDS.5001", "'.'"),
        ("name too long", ok(json!({"name": "a".repeat(65)})), 400, "RDS.5001", "longer"),
        ("name taken", ok(json!({"name": "orders-mysql"})), 409, "RDS.1102", "orders-mysql"),
        ("replicaOf not a uuid", ok(json!({"replicaOf": "orders-mysql"})), 400, "RDS.5032", "orders-mysql"),
        ("replicaOf unknown", ok(json!({"replicaOf": "00000000-0000-4000-8000-000000000000"})), 404, "RDS.5042", "00000000-0000-4000-8000-000000000000"),
        ("replicaOf a replica", ok(json!({"replicaOf": ids.orders_rr})), 400, "RDS.5043", "readreplica"),
        ("replicaOf a standby", ok(json!({"replicaOf": ids.standby})), 400, "RDS.5043", "slave"),
        ("SQL Server primary", ok(json!({"replicaOf": ids.mssql})), 409, "RDS.0056", "SQL Server"),
        ("primary building", ok(json!({"replicaOf": ids.inventory})), 409, "RDS.0056", "BUILD"),
        ("primary failed", ok(json!({"replicaOf": ids.crm})), 409, "RDS.0056", "FAILED"),
        ("flavorRef not a uuid", ok(json!({"flavorRef": "c2.large"})), 400, "RDS.5006", "c2.large"),
        ("flavorRef unknown", ok(json!({"flavorRef": "00000000-0000-4000-8000-000000000000"})), 404, "RDS.5007", "00000000-0000-4000-8000-000000000000"),
        ("flavor of another version", ok(json!({"flavorRef": ids.old_version_rr})), 400, "RDS.5006", "5.7.29"),
        ("flavor of another region", ok(json!({"flavorRef": ids.east_rr})), 400, "RDS.5006", "cn-north-4"),
        ("not a replica flavor", ok(json!({"flavorRef": ids.single_flavor})), 400, "RDS.5006", ".rr"),
        ("other region", ok(json!({"region": "cn-east-3"})), 400, "RDS.5010", "cn-east-3"),
        ("unknown zone", ok(json!({"availabilityZone": "cn-north-4z"})), 400, "RDS.5011", "cn-north-4z"),
        ("zone of another region", ok(json!({"availabilityZone": "cn-east-3a"})), 400, "RDS.5011", "cn-east-3a"),
        ("volume type", ok(json!({"volume": {"type": "SSD", "size": 100}})), 400, "RDS.5008", "SSD"),
        ("volume type lower case", ok(json!({"volume": {"type": "common", "size": 100}})), 400, "RDS.5008", "common"),
        ("volume without size", ok(json!({"volume": {"type": "COMMON"}})), 400, "RDS.0001", "size"),
        ("size below 40", ok(json!({"volume": {"type": "COMMON", "size": 30}})), 400, "RDS.5009", "30"),
        ("size below the primary", ok(json!({"volume": {"type": "COMMON", "size": 90}})), 400, "RDS.5009", "100"),
        ("size above 4000", ok(json!({"volume": {"type": "COMMON", "size": 4010}})), 400, "RDS.5009", "4000"),
        ("size negative", ok(json!({"volume": {"type": "COMMON", "size": -10}})), 400, "RDS.5009", ""),
        ("size huge", ok(json!({"volume": {"type": "COMMON", "size": 99_999_999_999u64}})), 400, "RDS.5009", ""),
        ("size not a multiple of 10", ok(json!({"volume": {"type": "COMMON", "size": 105}})), 400, "RDS.5033", "105"),
        ("primary at the limit", raw(&format!("{{\"instance\": {{\"name\": \"catalog-mysql-rr6\", \"flavorRef\": \"{}\", \"replicaOf\": \"{}\"}}}}",
            session.flavor_id("MySQL", "5.7.29", "rds.mysql.s1.large.rr").await, ids.catalog)), 413, "RDS.5024", "5"),
    ];
    for (label, body, status, code, detail) in &cases {
        let resp = session.post_raw("/instances", body, "en-us").await;
        assert_eq!(
            (resp.status, resp.err_code().as_str()),
            (*status, *code),
            "{label}: {}",
            resp.text()
        );
        let answer = resp.json();
        assert_eq!(
            answer.as_object().map(|o| o.len()),
            Some(2),
            "{label}: {answer}"
        );
        assert!(
            resp.message().contains(detail),
            "{label}: {}",
            resp.message()
        );
        assert!(!has_cjk(&resp.message()), "{label}");
        let zh = session.post_raw("/instances", body, "zh-cn").await;
        assert_eq!(
            (zh.status, zh.err_code()),
            (*status, code.to_string()),
            "{label} (zh)"
        );
        assert!(has_cjk(&zh.message()), "{label}: {}", zh.message());
    }
    // Nothing was created by any of them.
    assert_eq!(session.instances().await.len(), 14);
    let stats = emu.admin("GET", "/emulator/stats", None).await.json();
    assert_eq!(stats["creates"], json!([]));
}

async fn job(session: &Session, job_id: &str) -> Value {
    let resp = session
        .get(&format!("/v3/{}/jobs?id={job_id}", session.project))
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let body = resp.json();
    let parsed: rds_v1::JobResponse = common::decode_value(&body);
    assert_eq!(parsed.job.id, job_id);
    body["job"].clone()
}

#[tokio::test]
async fn a_replica_builds_and_its_job_completes() {
    let emu = start(Config {
        build_seconds: 0.6,
        ..quick()
    })
    .await;
    let session = emu.login("cn-north-4").await;
    let primary = session.instance_named("analytics-pg").await;
    let flavor = session
        .flavor_id("PostgreSQL", "11.5", "rds.pg.s1.2xlarge.rr")
        .await;
    let resp = session
        .create(
            json!({"name": "analytics-pg-rr1", "flavorRef": flavor, "replicaOf": primary["id"],
            "availabilityZone": "cn-north-4c", "region": "cn-north-4",
            "volume": {"type": "ULTRAHIGH", "size": 300}}),
        )
        .await;
    assert_eq!(resp.status, 202, "{}", resp.text());
    let created = resp.json()["instance"].clone();
    assert_eq!(created["availabilityZone"], "cn-north-4c");
    assert_eq!(created["volume"], json!({"type": "ULTRAHIGH", "size": 300}));
    assert_eq!(created["dbPort"], 5432);
    assert_eq!(created["vpc"], primary["vpc"]);
    assert_eq!(created["nics"], primary["nics"]);
    assert_eq!(created["securityGroup"], primary["securityGroup"]);
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    let job_id = created["extendparam"]["jobs"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    let running = job(&session, &job_id).await;
    assert_eq!(running["status"], "Running");
    assert_eq!(running["name"], "CreateReadReplica");
    assert_eq!(
        running["instance"],
        json!({"id": id, "name": "analytics-pg-rr1"})
    );
    let percent: u32 = running["process"]
        .as_str()
        .and_then(|p| p.parse().ok())
        .expect("process");
    assert!(percent < 100);
    assert!(running.get("fail_reason").is_none());
    let detail = session.get_rds(&format!("/instances/{id}")).await.json();
    assert_eq!(detail["instance"]["status"], "BUILD");
    assert_eq!(detail["instance"]["dataStoreInfo"], Value::Null);

    tokio::time::sleep(Duration::from_millis(700)).await;
    let done = job(&session, &job_id).await;
    assert_eq!(done["status"], "Completed");
    assert_eq!(done["process"], "100");
    let detail = session.get_rds(&format!("/instances/{id}")).await.json();
    let instance = &detail["instance"];
    assert_eq!(instance["status"], "ACTIVE");
    assert_eq!(
        instance["dataStoreInfo"],
        json!({"type": "PostgreSQL", "version": "11.5"})
    );
    assert!(instance["hostname"]
        .as_str()
        .unwrap_or("")
        .starts_with("192.168."));
    assert!(instance["created"]
        .as_str()
        .unwrap_or("")
        .ends_with("+0000"));
    assert!(instance["updated"]
        .as_str()
        .unwrap_or("")
        .ends_with("+0000"));
    assert!(instance["volume"]["used"].is_string());
    assert_eq!(instance["replicaOf"], primary["id"]);

    // The job endpoint's own errors use the v3 body.
    let missing = session.get(&format!("/v3/{}/jobs", session.project)).await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json()["error_code"], "RDS.0001");
    assert!(missing.json()["error_msg"].is_string());
    let unknown = session
        .get(&format!(
            "/v3/{}/jobs?id=ffffffffffffffffffffffffffffffff",
            session.project
        ))
        .await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["error_code"], "RDS.0015");
    // Another project does not see the job.
    let east = emu.login("cn-east-3").await;
    let other = east
        .get(&format!("/v3/{}/jobs?id={job_id}", east.project))
        .await;
    assert_eq!(other.status, 404);

    let stats = emu.admin("GET", "/emulator/stats", None).await.json();
    assert_eq!(
        stats["creates"],
        json!([{"id": id, "name": "analytics-pg-rr1", "replicaOf": primary["id"], "project": session.project}])
    );
}

#[tokio::test]
async fn failed_builds_fail_and_do_not_count_toward_the_limit() {
    let emu = start(Config {
        replica_limit: 2,
        ..quick()
    })
    .await;
    let session = emu.login("cn-north-4").await;
    let (primary, flavor) = session.orders_mysql_and_replica_flavor().await; // already has one replica
    emu.admin("POST", "/emulator/fail-builds", Some(json!({"count": 1})))
        .await;
    let doomed = session
        .create(json!({"name": "doomed-rr", "flavorRef": flavor, "replicaOf": primary}))
        .await;
    assert_eq!(doomed.status, 202);
    let job_id = doomed.json()["instance"]["extendparam"]["jobs"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // Building, it counts: the limit of 2 is reached.
    let refused = session
        .create(json!({"name": "second-rr", "flavorRef": flavor, "replicaOf": primary}))
        .await;
    assert_eq!(
        (refused.status, refused.err_code().as_str()),
        (413, "RDS.5024")
    );

    tokio::time::sleep(Duration::from_millis(600)).await;
    let failed = session.instance_named("doomed-rr").await;
    assert_eq!(failed["status"], "FAILED");
    let job = job(&session, &job_id).await;
    assert_eq!(job["status"], "Failed");
    assert!(job["fail_reason"]
        .as_str()
        .is_some_and(|reason| reason.contains("Insufficient resources")));

    // FAILED no longer counts, and only one build was marked to fail.
    let second = session
        .create(json!({"name": "second-rr", "flavorRef": flavor, "replicaOf": primary}))
        .await;
    assert_eq!(second.status, 202, "{}", second.text());
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        session.instance_named("second-rr").await["status"],
        "ACTIVE"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_parallel_creates_make_at_most_the_limit() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    let primary = session.id_of("analytics-pg").await;
    let flavor = session
        .flavor_id("PostgreSQL", "11.5", "rds.pg.c2.large.rr")
        .await;
    let mut tasks = Vec::new();
    for n in 0..50 {
        let session = session.clone();
        let body =
            json!({"name": format!("burst-rr{n:02}"), "flavorRef": flavor, "replicaOf": primary});
        tasks.push(tokio::spawn(async move { session.create(body).await }));
    }
    let mut accepted = 0;
    for task in tasks {
        let resp = task.await.expect("task");
        match resp.status {
            202 => accepted += 1,
            413 => assert_eq!(resp.err_code(), "RDS.5024"),
            other => panic!("unexpected {other}: {}", resp.text()),
        }
    }
    assert_eq!(accepted, 5);
    let replicas = session
        .instances()
        .await
        .into_iter()
        .filter(|i| i["replicaOf"] == json!(primary))
        .count();
    assert_eq!(replicas, 5);
}

#[tokio::test]
async fn projects_never_see_each_other() {
    let emu = start(quick()).await;
    let north = emu.login("cn-north-4").await;
    let southeast = emu.login("ap-southeast-1").await;
    let africa = emu.login("af-south-1").await;
    assert!(africa.instances().await.is_empty());
    let sg = southeast.instances().await;
    let names: Vec<_> = sg
        .iter()
        .map(|i| i["name"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(names, ["sg-shop-mysql", "sg-reports-pg"]);
    assert_eq!(sg[0]["dataStoreInfo"]["version"], "8.0.18");
    assert_eq!(sg[1]["dataStoreInfo"]["type"], "PostgreSQL");
    assert!(sg.iter().all(|i| i["region"] == "ap-southeast-1"
        && i["availabilityZone"]
            .as_str()
            .unwrap_or("")
            .starts_with("ap-southeast-1")));

    let orders = north.id_of("orders-mysql").await;
    let detail = southeast.get_rds(&format!("/instances/{orders}")).await;
    assert_eq!(
        (detail.status, detail.err_code().as_str()),
        (404, "RDS.1103")
    );
    // A replica of another project's primary: the primary does not exist here.
    let flavor = southeast
        .flavor_id("MySQL", "5.7.29", "rds.mysql.c2.large.rr")
        .await;
    let resp = southeast
        .create(json!({"name": "sneaky-rr", "flavorRef": flavor, "replicaOf": orders}))
        .await;
    assert_eq!((resp.status, resp.err_code().as_str()), (404, "RDS.5042"));

    // A replica created in ap-southeast-1 stays there.
    let shop = southeast.id_of("sg-shop-mysql").await;
    let flavor = southeast
        .flavor_id("MySQL", "8.0.18", "rds.mysql.c2.xlarge.rr")
        .await;
    let resp = southeast
        .create(json!({"name": "orders-mysql", "flavorRef": flavor, "replicaOf": shop}))
        .await;
    assert_eq!(resp.status, 202, "names are per project: {}", resp.text());
    assert_eq!(resp.json()["instance"]["region"], "ap-southeast-1");
    assert_eq!(southeast.instances().await.len(), 3);
    assert_eq!(north.instances().await.len(), 14);
    let ids: Vec<_> = north
        .instances()
        .await
        .into_iter()
        .map(|i| i["id"].clone())
        .collect();
    assert!(!ids.contains(&resp.json()["instance"]["id"]));
}
