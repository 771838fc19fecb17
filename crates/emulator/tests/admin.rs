//! The test-control API: faults (error, malformed, hang, hang_after), latency, reset, stats,
//! loopback-only access; plus CORS and static serving.

mod common;

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use common::*;
use rds_emulator::Config;
use serde_json::json;

#[tokio::test]
async fn error_and_malformed_faults() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    emu.admin(
        "POST",
        "/emulator/faults",
        Some(
            json!({"method": "POST", "path": "/instances", "times": 1, "kind": "error",
            "status": 503, "code": "RDS.9999", "message": "Service busy."}),
        ),
    )
    .await;
    // A GET of the same path is not a POST: untouched.
    assert_eq!(session.get_rds("/instances").await.status, 200);
    let (primary, flavor) = session.orders_mysql_and_replica_flavor().await;
    let body = json!({"name": "faulty-rr", "flavorRef": flavor, "replicaOf": primary});
    let resp = session.create(body.clone()).await;
    assert_eq!(resp.status, 503);
    assert_eq!(
        resp.json(),
        json!({"errCode": "RDS.9999", "externalMessage": "Service busy."})
    );
    // Used up: the next one goes through, and the faulted one created nothing.
    let resp = session.create(body).await;
    assert_eq!(resp.status, 202, "{}", resp.text());

    // Defaults: any method, 500, RDS.9999.
    emu.admin(
        "POST",
        "/emulator/faults",
        Some(json!({"path": "/flavors"})),
    )
    .await;
    let resp = session.get_rds("/flavors?dbId=x&region=y").await;
    assert_eq!((resp.status, resp.err_code().as_str()), (500, "RDS.9999"));

    emu.admin(
        "POST",
        "/emulator/faults",
        Some(json!({"method": "GET", "path": "/instances", "kind": "malformed"})),
    )
    .await;
    let resp = session.get_rds("/instances").await;
    assert_eq!(resp.status, 200);
    assert!(resp
        .header("content-type")
        .is_some_and(|v| v.contains("application/json")));
    assert!(serde_json::from_slice::<serde_json::Value>(&resp.body).is_err());
    assert!(resp.text().starts_with("{\"instances\": ["));

    // Faults apply to IAM too; DELETE clears what is queued.
    emu.admin(
        "POST",
        "/emulator/faults",
        Some(json!({"path": "/v3/auth/tokens", "times": 5})),
    )
    .await;
    let resp = emu
        .post_json("/v3/auth/tokens", &password_body(DEMO, DEMO, "cn-north-4"))
        .await;
    assert_eq!(resp.status, 500);
    emu.admin("DELETE", "/emulator/faults", None).await;
    emu.login("cn-north-4").await;

    for bad in [
        json!({"kind": "explode"}),
        json!({"times": 0}),
        json!({"status": 1000}),
        json!({"nope": 1}),
    ] {
        let resp = emu.post_json("/emulator/faults", &bad).await;
        assert_eq!(resp.status, 400, "{bad}");
    }
}

#[tokio::test]
async fn hang_and_hang_after() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    emu.admin(
        "POST",
        "/emulator/faults",
        Some(json!({"method": "GET", "path": "/instances", "kind": "hang"})),
    )
    .await;
    let path = session.path("/instances");
    let headers = [
        ("X-Auth-Token", session.token.as_str()),
        ("Content-Type", "application/json"),
    ];
    let hung = emu
        .try_send("GET", &path, &headers, None, Duration::from_millis(400))
        .await;
    assert!(hung.is_none(), "a hanging call must not answer");
    // The admin API is never faulted, and the hanging call is logged with status 0.
    let stats = emu.admin("GET", "/emulator/stats", None).await.json();
    let last = stats["requests"]
        .as_array()
        .and_then(|list| list.last().cloned())
        .unwrap_or_default();
    assert_eq!(last, json!({"method": "GET", "path": path, "status": 0}));

    // hang_after: the replica is created, but the answer never comes.
    let (primary, flavor) = session.orders_mysql_and_replica_flavor().await;
    emu.admin(
        "POST",
        "/emulator/faults",
        Some(json!({"method": "POST", "path": "/instances", "kind": "hang_after"})),
    )
    .await;
    let body = serde_json::to_vec(
        &json!({"instance": {"name": "lost-answer-rr", "flavorRef": flavor, "replicaOf": primary}}),
    )
    .expect("json");
    let lost = emu
        .try_send(
            "POST",
            &path,
            &headers,
            Some(&body),
            Duration::from_millis(500),
        )
        .await;
    assert!(lost.is_none());
    let replica = session.instance_named("lost-answer-rr").await;
    assert_eq!(replica["replicaOf"], json!(primary));
    let stats = emu.admin("GET", "/emulator/stats", None).await.json();
    assert_eq!(stats["creates"][0]["name"], "lost-answer-rr");
    // A retry with the same name is refused: it exists.
    let retry = session.post_raw("/instances", &body, "en-us").await;
    assert_eq!((retry.status, retry.err_code().as_str()), (409, "RDS.1102"));
}

#[tokio::test]
async fn latency_delays_api_calls_only() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    emu.admin("POST", "/emulator/latency", Some(json!({"ms": 700})))
        .await;
    let started = Instant::now();
    assert_eq!(session.get_rds("/instances").await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(700));
    let started = Instant::now();
    emu.admin("GET", "/emulator/health", None).await;
    assert!(started.elapsed() < Duration::from_millis(700));
    emu.admin("POST", "/emulator/latency", Some(json!({"ms": 0})))
        .await;
    let started = Instant::now();
    session.get_rds("/instances").await;
    assert!(started.elapsed() < Duration::from_millis(700));
    assert_eq!(
        emu.post_json("/emulator/latency", &json!({"ms": "x"}))
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn stats_and_reset() {
    let emu = start(quick()).await;
    let health = emu.admin("GET", "/emulator/health", None).await;
    assert_eq!(health.json(), json!({"ok": true}));
    let session = emu.login("cn-north-4").await;
    session.get_rds("/instances").await;
    let none = session.get_rds("/instances/nope").await;
    assert_eq!(none.status, 404);
    let stats = emu.admin("GET", "/emulator/stats", None).await.json();
    let project = &session.project;
    assert_eq!(
        stats["requests"],
        json!([
            {"method": "POST", "path": "/v3/auth/tokens", "status": 201},
            {"method": "GET", "path": format!("/rds/v1/{project}/instances"), "status": 200},
            {"method": "GET", "path": format!("/rds/v1/{project}/instances/nope"), "status": 404},
        ])
    );
    assert_eq!(stats["requestCount"], 3);
    assert_eq!(stats["creates"], json!([]));

    let (primary, flavor) = session.orders_mysql_and_replica_flavor().await;
    let first = session
        .create(json!({"name": "reset-rr", "flavorRef": flavor, "replicaOf": primary}))
        .await
        .json();
    emu.admin("POST", "/emulator/fail-builds", Some(json!({"count": 3})))
        .await;
    emu.admin(
        "POST",
        "/emulator/faults",
        Some(json!({"path": "/nothing-matches"})),
    )
    .await;
    assert_eq!(session.instances().await.len(), 15);
    emu.admin("POST", "/emulator/latency", Some(json!({"ms": 5000})))
        .await;

    emu.admin("POST", "/emulator/reset", None).await;
    let stats = emu.admin("GET", "/emulator/stats", None).await.json();
    assert_eq!(stats["requestCount"], 0);
    assert_eq!(stats["requests"], json!([]));
    assert_eq!(stats["creates"], json!([]));
    // The token survives a reset; the seed data is back; latency and fail-builds are gone.
    let started = Instant::now();
    assert_eq!(session.instances().await.len(), 14);
    assert!(started.elapsed() < Duration::from_secs(5));
    let again = session
        .create(json!({"name": "reset-rr", "flavorRef": flavor, "replicaOf": primary}))
        .await
        .json();
    // Ids restart with the seed.
    assert_eq!(again["instance"]["id"], first["instance"]["id"]);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(session.instance_named("reset-rr").await["status"], "ACTIVE");

    let unknown = emu.send("GET", "/emulator/nothing", &[], None).await;
    assert_eq!(unknown.status, 404);
}

/// A non-loopback address of this machine, if it has one.
fn outside_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[tokio::test]
async fn admin_answers_loopback_peers_only() {
    let Some(ip) = outside_address() else {
        eprintln!("no non-loopback address: skipped");
        return;
    };
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(rds_emulator::serve(listener, quick()));
    let outside = Emu {
        addr: SocketAddr::new(ip, port),
    };
    let resp = outside.send("GET", "/emulator/health", &[], None).await;
    assert_eq!(resp.status, 403);
    let resp = outside.send("POST", "/emulator/reset", &[], None).await;
    assert_eq!(resp.status, 403);
    // The API itself answers anyone.
    let session = outside.login("cn-north-4").await;
    assert_eq!(session.get_rds("/instances").await.status, 200);
    let inside = Emu {
        addr: SocketAddr::from(([127, 0, 0, 1], port)),
    };
    inside.admin("GET", "/emulator/health", None).await;
}

#[tokio::test]
async fn cors_only_for_the_allowed_origin() {
    let origin = "http://console.example";
    let emu = start(Config {
        allow_origin: Some(origin.to_owned()),
        ..quick()
    })
    .await;
    let preflight = emu
        .send(
            "OPTIONS",
            "/v3/auth/tokens",
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "POST"),
                (
                    "Access-Control-Request-Headers",
                    "content-type,x-auth-token,x-language",
                ),
            ],
            None,
        )
        .await;
    assert!(preflight.status < 300, "{}", preflight.status);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(origin)
    );
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    for header in ["x-auth-token", "x-language", "content-type"] {
        assert!(allowed.contains(header), "{allowed}");
    }
    let body = serde_json::to_vec(&password_body(DEMO, DEMO, "cn-north-4")).expect("json");
    let resp = emu
        .post_bytes("/v3/auth/tokens", &body, &[("Origin", origin)])
        .await;
    assert_eq!(resp.status, 201);
    assert_eq!(resp.header("access-control-allow-origin"), Some(origin));
    assert!(resp
        .header("access-control-expose-headers")
        .is_some_and(|v| v.to_ascii_lowercase().contains("x-subject-token")));
    let other = emu
        .post_bytes(
            "/v3/auth/tokens",
            &body,
            &[("Origin", "http://evil.example")],
        )
        .await;
    assert_ne!(
        other.header("access-control-allow-origin"),
        Some("http://evil.example")
    );

    let plain = start(quick()).await;
    let resp = plain
        .post_bytes("/v3/auth/tokens", &body, &[("Origin", origin)])
        .await;
    assert_eq!(resp.status, 201);
    assert!(resp.header("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn static_directories() {
    let base = std::env::temp_dir().join(format!("rds-emulator-static-{}", std::process::id()));
    let dist = base.join("dist");
    let host = base.join("host");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::create_dir_all(&host).expect("host");
    std::fs::write(dist.join("index.html"), "<h1>console</h1>").expect("write");
    std::fs::write(dist.join("app.js"), "console.log(1)").expect("write");
    std::fs::write(host.join("index.html"), "<h1>host page</h1>").expect("write");
    let emu = start(Config {
        dist: Some(dist.clone()),
        host_page: Some(host.clone()),
        ..quick()
    })
    .await;
    let root = emu.send("GET", "/", &[], None).await;
    assert_eq!(root.status, 200);
    assert_eq!(root.text(), "<h1>console</h1>");
    assert_eq!(
        emu.send("GET", "/app.js", &[], None).await.text(),
        "console.log(1)"
    );
    let page = emu.send("GET", "/host/", &[], None).await;
    assert_eq!(
        (page.status, page.text().as_str()),
        (200, "<h1>host page</h1>")
    );
    let redirect = emu.send("GET", "/host", &[], None).await;
    assert!((300..400).contains(&redirect.status));
    assert_eq!(redirect.header("location"), Some("/host/"));
    // The API is still the API.
    let api = emu.send("GET", "/rds/v1/x/instances", &[], None).await;
    assert_eq!(api.status, 401);
    let missing = emu.send("GET", "/nope.js", &[], None).await;
    assert_eq!(missing.status, 404);
    let _ = std::fs::remove_dir_all(&base);

    // Without --dist, / is a plain 404.
    let bare = start(quick()).await;
    assert_eq!(bare.send("GET", "/", &[], None).await.status, 404);
}
