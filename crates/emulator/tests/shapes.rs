//! Every answer has exactly the documented field names: key sets compared with the fixtures.

mod common;

use std::time::Duration;

use common::*;
use serde_json::{json, Value};

const VERSIONS: &str = include_str!("../../../fixtures/datastore-versions.response.json");
const FLAVORS: &str = include_str!("../../../fixtures/flavors.response.json");
const INSTANCES_ARRAY: &str = include_str!("../../../fixtures/instances-array.response.json");
const DETAIL: &str = include_str!("../../../fixtures/instance-detail.response.json");
const CREATE_REQUEST: &str = include_str!("../../../fixtures/create-replica.request.json");
const CREATE_RESPONSE: &str = include_str!("../../../fixtures/create-replica.response.json");
const ERROR_V1: &str = include_str!("../../../fixtures/error-v1.response.json");

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is JSON")
}

#[tokio::test]
async fn versions_match_the_fixture() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    let documented = fixture(VERSIONS);
    for engine in ["MySQL", "mysql", "PostgreSQL", "SQLServer", "sqlserver"] {
        let resp = session
            .get_rds(&format!("/datastores/{engine}/versions"))
            .await;
        assert_eq!(resp.status, 200, "{}", resp.text());
        let body = resp.json();
        assert_keys(&body, &documented, &[], &[]);
        let parsed: rds_v1::DatastoreVersions = common::decode_value(&body);
        assert!(parsed.data_stores.iter().all(|v| v.active == Some(1)));
    }
    // The documented MySQL versions keep the documented ids, images and engine id.
    let mysql = session.get_rds("/datastores/MySQL/versions").await.json();
    for documented in documented["dataStores"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        assert!(
            mysql["dataStores"]
                .as_array()
                .is_some_and(|list| list.contains(&documented)),
            "{documented}"
        );
    }
    let names: Vec<_> = mysql["dataStores"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|v| v["name"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(names, ["5.6.33", "5.6.30", "5.7.17", "5.7.29", "8.0.18"]);
    let pg = session
        .get_rds("/datastores/PostgreSQL/versions")
        .await
        .json();
    assert_eq!(pg["dataStores"].as_array().map(Vec::len), Some(4));
    let unknown = session.get_rds("/datastores/Oracle/versions").await;
    assert_eq!(
        (unknown.status, unknown.err_code().as_str()),
        (400, "RDS.5005")
    );
    assert_keys(&unknown.json(), &fixture(ERROR_V1), &[], &[]);
}

#[tokio::test]
async fn flavors_match_the_fixture_and_check_their_parameters() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    let version = session.version_id("MySQL", "5.7.29").await;
    let resp = session
        .get_rds(&format!("/flavors?dbId={version}&region=cn-north-4"))
        .await;
    assert_eq!(resp.status, 200);
    let body = resp.json();
    assert_keys(&body, &fixture(FLAVORS), &[], &[]);
    let flavors: rds_v1::Flavors = common::decode_value(&body);
    assert_eq!(flavors.flavors.len(), 39);
    let rr = flavors
        .flavors
        .iter()
        .find(|f| f.spec_code == "rds.mysql.c2.large.rr")
        .expect("c2.large.rr");
    assert_eq!((rr.name.as_str(), rr.ram), ("OTC_MYSQL_C2_LARGE_RR", 4096));
    let mut ids: Vec<_> = flavors.flavors.iter().map(|f| f.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 39);

    // One flavor.
    let one = session.get_rds(&format!("/flavors/{}", rr.id)).await;
    assert_eq!(one.status, 200);
    let one: rds_v1::FlavorResponse = one.decode();
    assert_eq!(&one.flavor, rr);
    let none = session
        .get_rds("/flavors/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!((none.status, none.err_code().as_str()), (404, "RDS.5007"));

    // The same version in another region has other flavor ids.
    let east = emu.login("cn-east-3").await;
    let east_flavors = east.flavors(&version).await;
    assert!(east_flavors
        .iter()
        .all(|f| !ids.contains(&f["id"].as_str().unwrap_or("").to_owned())));

    // SQL Server has no read-replica flavors.
    let mssql = session.version_id("SQLServer", "2016 EE").await;
    let list = session.flavors(&mssql).await;
    assert!(!list.is_empty());
    assert!(list
        .iter()
        .all(|f| !f["specCode"].as_str().unwrap_or("").ends_with(".rr")));

    let cases = [
        (
            "/flavors?region=cn-north-4".to_owned(),
            400,
            "RDS.0001",
            "dbId",
        ),
        (
            format!("/flavors?dbId={version}"),
            400,
            "RDS.0001",
            "region",
        ),
        ("/flavors".to_owned(), 400, "RDS.0001", "dbId"),
        (
            "/flavors?dbId=abc&region=cn-north-4".to_owned(),
            400,
            "RDS.5003",
            "abc",
        ),
        (
            "/flavors?dbId=00000000-0000-4000-8000-000000000000&region=cn-north-4".to_owned(),
            400,
            "RDS.5005",
            "00000000",
        ),
        (
            format!("/flavors?dbId={version}&region=cn-east-3"),
            400,
            "RDS.5010",
            "cn-east-3",
        ),
    ];
    for (path, status, code, named) in cases {
        let resp = session.get_rds(&path).await;
        assert_eq!(
            (resp.status, resp.err_code().as_str()),
            (status, code),
            "{path}"
        );
        assert!(resp.message().contains(named), "{path}: {}", resp.message());
    }
}

#[tokio::test]
async fn instances_and_detail_match_the_fixtures() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    let documented = fixture(INSTANCES_ARRAY);
    let master_doc = &documented["instances"][0];
    let replica_doc = &documented["instances"][1];
    let resp = session.get_rds("/instances").await;
    let list = resp.json();
    assert!(list["instances"].is_array());
    let parsed: rds_v1::Instances = common::decode_value(&list);
    assert_eq!(parsed.instances.len(), 14);
    let find = |name: &str| {
        list["instances"]
            .as_array()
            .and_then(|all| all.iter().find(|i| i["name"] == name).cloned())
            .unwrap_or_else(|| panic!("{name}"))
    };
    // An HA master: every documented key, plus volume.used.
    let billing = find("billing-ha");
    assert_keys(&billing, master_doc, &["volume.used"], &[]);
    assert_eq!(billing["ha"]["replicationMode"], "semisync");
    let standby = find("billing-ha-standby");
    assert_eq!(standby["type"], "slave");
    assert_eq!(billing["slaveId"], standby["id"]);
    // A single master: no slaveId or ha.
    let orders = find("orders-mysql");
    assert_keys(&orders, master_doc, &["volume.used"], &["slaveId", "ha"]);
    assert_eq!(
        orders["dataStoreInfo"],
        json!({"type": "MySQL", "version": "5.7.29"})
    );
    assert_eq!(orders["volume"]["type"], "COMMON");
    assert_eq!(orders["volume"]["size"], 100);
    assert!(orders["volume"]["used"].is_string());
    assert_eq!(orders["dbPort"], 3306);
    assert!(orders["hostname"]
        .as_str()
        .unwrap_or("")
        .starts_with("192.168."));
    let created = orders["created"].as_str().unwrap_or("");
    assert_eq!(created.len(), "2016-06-18T21:21:50+0200".len(), "{created}");
    assert!(created.ends_with("+0000"));
    // An ACTIVE replica: the documented replica keys, with dataStoreInfo filled and volume.used.
    let rr = find("orders-mysql-rr1");
    assert_keys(&rr, replica_doc, &["volume.used", "dataStoreInfo"], &[]);
    assert_eq!(rr["replicaOf"], orders["id"]);
    assert_eq!(rr["type"], "readreplica");

    for (name, status) in [
        ("analytics-pg", "ACTIVE"),
        ("legacy-mssql", "ACTIVE"),
        ("inventory-mysql", "BUILD"),
        ("crm-mysql", "FAILED"),
        ("catalog-mysql", "ACTIVE"),
    ] {
        let instance = find(name);
        assert_eq!(instance["status"], status, "{name}");
        assert_eq!(instance["type"], "master", "{name}");
    }
    assert_eq!(find("analytics-pg")["volume"]["type"], "HIGH");
    assert_eq!(find("analytics-pg")["dbPort"], 5432);
    assert_eq!(find("inventory-mysql")["dataStoreInfo"], Value::Null);
    let catalog_id = find("catalog-mysql")["id"].clone();
    for n in 1..=5 {
        assert_eq!(
            find(&format!("catalog-mysql-rr{n}"))["replicaOf"],
            catalog_id
        );
    }

    // Detail of the HA master: the documented detail keys, plus dbPort.
    let id = billing["id"].as_str().unwrap_or_default();
    let detail = session.get_rds(&format!("/instances/{id}")).await;
    assert_eq!(detail.status, 200);
    let detail = detail.json();
    assert_keys(&detail, &fixture(DETAIL), &["instance.dbPort"], &[]);
    assert_eq!(detail["instance"], billing);
    let missing = session
        .get_rds("/instances/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(
        (missing.status, missing.err_code().as_str()),
        (404, "RDS.1103")
    );
}

#[tokio::test]
async fn create_answer_and_build_replica_match_the_fixtures() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    let (primary, flavor) = session.orders_mysql_and_replica_flavor().await;
    // The documented request, pointed at this emulator's primary and flavor.
    let mut request = fixture(CREATE_REQUEST);
    request["instance"]["replicaOf"] = json!(primary);
    request["instance"]["flavorRef"] = json!(flavor);
    let body = serde_json::to_vec(&request).expect("json");
    let resp = session.post_raw("/instances", &body, "en-us").await;
    assert_eq!(resp.status, 202, "{}", resp.text());
    let answer = resp.json();
    assert_keys(
        &answer,
        &fixture(CREATE_RESPONSE),
        &["instance.dbPort", "instance.dataStoreInfo"],
        &[],
    );
    let instance = &answer["instance"];
    assert_eq!(instance["status"], "BUILD");
    assert_eq!(instance["type"], "readreplica");
    assert_eq!(instance["created"], "");
    assert_eq!(instance["updated"], "");
    assert_eq!(instance["hostname"], "");
    assert_eq!(instance["dataStoreInfo"], Value::Null);
    assert_eq!(instance["dbPort"], 3306);
    assert_eq!(instance["replica_of"], json!(primary));
    assert_eq!(instance["region"], "cn-north-4");
    assert_eq!(instance["availabilityZone"], "cn-north-4a");
    assert_eq!(instance["volume"], json!({"type": "COMMON", "size": 100}));
    let job = instance["extendparam"]["jobs"][0]["id"]
        .as_str()
        .unwrap_or("");
    assert_eq!(job.len(), 32);
    assert!(rds_v1::rules::is_uuid(
        instance["id"].as_str().unwrap_or("")
    ));
    let parsed: rds_v1::CreateReplicaResponse = common::decode_value(&answer);
    assert_eq!(parsed.instance.job_id(), Some(job));

    // While building, the listing shows it exactly like the documented BUILD replica.
    let listed = session.instance_named("tenant-instance-123-rep").await;
    let documented = fixture(INSTANCES_ARRAY);
    assert_keys(&listed, &documented["instances"][1], &[], &[]);
    assert_eq!(listed["replicaOf"], json!(primary));

    // And once built, ACTIVE with the primary's engine.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let listed = session.instance_named("tenant-instance-123-rep").await;
    assert_eq!(listed["status"], "ACTIVE");
    assert_keys(
        &listed,
        &documented["instances"][1],
        &["volume.used", "dataStoreInfo"],
        &[],
    );
    assert_eq!(
        listed["dataStoreInfo"],
        json!({"type": "MySQL", "version": "5.7.29"})
    );
}
