//! Garbage never gets a 5xx: random bytes, truncated JSON, deep nesting, wrong types, oversized
//! bodies, odd paths.

mod common;

use common::*;
use serde_json::{json, Value};

/// splitmix64, for deterministic garbage.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn value(&mut self, depth: u32) -> Value {
        match self.below(if depth > 2 { 6 } else { 8 }) {
            0 => Value::Null,
            1 => json!(self.below(2) == 0),
            2 => json!(self.next() as i64),
            3 => json!((self.next() % 10_000) as f64 / 7.0),
            4 => json!("数据库-\u{0}-\"quoted\"-\u{1F600}"),
            5 => json!("x".repeat(self.below(300) as usize)),
            6 => Value::Array((0..self.below(4)).map(|_| self.value(depth + 1)).collect()),
            _ => {
                let mut map = serde_json::Map::new();
                for key in ["name", "type", "size", "id", "subnetId", "zzz"] {
                    if self.below(2) == 0 {
                        map.insert(key.to_owned(), self.value(depth + 1));
                    }
                }
                Value::Object(map)
            }
        }
    }
}

fn garbage(n: usize, valid: &Value) -> Vec<Vec<u8>> {
    let mut rng = Rng(0xBAD_5EED);
    let valid_bytes = serde_json::to_vec(valid).expect("json");
    let fields = [
        "name",
        "flavorRef",
        "replicaOf",
        "volume",
        "region",
        "availabilityZone",
        "nics",
        "securityGroup",
        "dbPort",
        "datastore",
        "backupStrategy",
        "ha",
    ];
    (0..n)
        .map(|i| match i % 5 {
            // Random bytes.
            0 => (0..rng.below(2000)).map(|_| rng.next() as u8).collect(),
            // Truncated valid JSON.
            1 => valid_bytes[..rng.below(valid_bytes.len() as u64) as usize].to_vec(),
            // Deep nesting, arrays or objects, under "instance" or not.
            2 => {
                let depth = 100 + rng.below(20_000) as usize;
                let (open, close) = if rng.below(2) == 0 {
                    ("[", "]")
                } else {
                    ("{\"a\":", "}")
                };
                let inner = format!("{}1{}", open.repeat(depth), close.repeat(depth));
                if rng.below(2) == 0 {
                    format!("{{\"instance\":{{\"volume\":{inner}}}}}").into_bytes()
                } else {
                    inner.into_bytes()
                }
            }
            // Wrong types in documented fields.
            3 => {
                let mut body = valid.clone();
                for _ in 0..1 + rng.below(3) {
                    let field = fields[rng.below(fields.len() as u64) as usize];
                    body["instance"][field] = rng.value(0);
                }
                serde_json::to_vec(&body).expect("json")
            }
            // Random JSON of any shape.
            _ => serde_json::to_vec(&json!({"instance": rng.value(0), "x": rng.value(0)}))
                .expect("json"),
        })
        .collect()
}

#[tokio::test]
async fn garbage_bodies_never_get_a_5xx() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    let (primary, flavor) = session.orders_mysql_and_replica_flavor().await;
    let valid = json!({"instance": {"name": "garbage-rr", "flavorRef": flavor, "replicaOf": primary,
        "volume": {"type": "COMMON", "size": 100}}});
    let bodies = garbage(200, &valid);
    for (i, body) in bodies.iter().enumerate() {
        let resp = session.post_raw("/instances", body, "en-us").await;
        assert!(
            resp.status < 500 && resp.status >= 200,
            "body {i} got {}: {}",
            resp.status,
            resp.text()
        );
        if resp.status >= 400 {
            let error = rds_v1::ErrorBody::parse(&resp.text());
            assert!(
                error.is_some(),
                "body {i}: not an error body: {}",
                resp.text()
            );
        }
    }
    // The same garbage at IAM.
    for (i, body) in bodies.iter().enumerate().step_by(4) {
        let resp = emu.post_bytes("/v3/auth/tokens", body, &[]).await;
        assert!(
            (400..500).contains(&resp.status),
            "token body {i}: {}",
            resp.status
        );
    }
    // The emulator still answers normally.
    assert_eq!(session.get_rds("/instances").await.status, 200);
}

#[tokio::test]
async fn odd_paths_and_methods_never_get_a_5xx() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    let paths = [
        session.path("/instances/%ff%fe"),
        session.path("/instances/%"),
        session.path("/datastores/%00/versions"),
        session.path("/datastores/My%53QL/versions"),
        session.path("/flavors?dbId=%zz&region=%"),
        session.path("/flavors?dbId&region"),
        session.path("/nothing"),
        "/rds/v1".to_owned(),
        "/rds/v2/x/instances".to_owned(),
        "/v3/".to_owned(),
        "/v3/x/jobs?id=%ff".to_owned(),
        format!("/v3/{}/jobs?id=%ff", session.project),
        "/v3/auth/nothing".to_owned(),
        "/emulator/nothing".to_owned(),
        "/".to_owned(),
    ];
    for path in &paths {
        for method in ["GET", "POST", "DELETE", "PUT"] {
            let resp = session
                .emu
                .send(
                    method,
                    path,
                    &[
                        ("X-Auth-Token", &session.token),
                        ("Content-Type", "application/json"),
                    ],
                    Some(b"{}"),
                )
                .await;
            assert!(resp.status < 500, "{method} {path}: {}", resp.status);
        }
    }
    let mysql = session.get_rds("/datastores/My%53QL/versions").await;
    assert_eq!(mysql.status, 200);
    let wrong_method = session
        .emu
        .send(
            "DELETE",
            &session.path("/instances"),
            &[
                ("X-Auth-Token", &session.token),
                ("Content-Type", "application/json"),
            ],
            None,
        )
        .await;
    assert_eq!(wrong_method.status, 405);
    assert!(wrong_method.err_code().starts_with("APIGW."));
}

#[tokio::test]
async fn bodies_over_64_kib_get_413() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    let padding = "x".repeat(64 * 1024);
    let body = format!("{{\"instance\": {{\"name\": \"{padding}\"}}}}");
    let resp = session
        .post_raw("/instances", body.as_bytes(), "en-us")
        .await;
    assert_eq!((resp.status, resp.err_code().as_str()), (413, "RDS.0001"));
    assert!(resp.message().contains("64 KiB"));
    // Exactly at the limit is read (and refused for what it says, not for its size).
    let mut exact = body.into_bytes();
    exact.truncate(64 * 1024);
    let resp = session.post_raw("/instances", &exact, "en-us").await;
    assert_eq!((resp.status, resp.err_code().as_str()), (400, "RDS.0001"));

    // Chunked, without a Content-Length.
    let mut request = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nX-Auth-Token: {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        session.path("/instances"),
        emu.addr,
        session.token
    )
    .into_bytes();
    for _ in 0..20 {
        request.extend_from_slice(format!("1000\r\n{}\r\n", "y".repeat(4096)).as_bytes());
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let resp = raw_exchange(emu.addr, &request, CALL_TIMEOUT)
        .await
        .expect("answer");
    assert_eq!((resp.status, resp.err_code().as_str()), (413, "RDS.0001"));

    let resp = emu
        .post_bytes("/v3/auth/tokens", padding.repeat(2).as_bytes(), &[])
        .await;
    assert_eq!(resp.status, 413);
}
