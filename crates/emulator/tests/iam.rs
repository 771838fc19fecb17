//! IAM over real HTTP: password and token methods, projects, and every way a token is refused.

mod common;

use common::*;
use rds_emulator::Config;
use serde_json::json;

#[tokio::test]
async fn password_token_and_projects() {
    let emu = start(quick()).await;
    let resp = emu
        .post_json("/v3/auth/tokens", &password_body(DEMO, DEMO, "cn-north-4"))
        .await;
    assert_eq!(resp.status, 201, "{}", resp.text());
    let token = resp.header("X-Subject-Token").expect("token").to_owned();
    assert!(token.len() >= 64 && token.chars().all(|c| c.is_ascii_hexdigit()));
    let body: rds_v1::TokenBody = resp.decode();
    assert_eq!(body.token.project.name, "cn-north-4");
    assert_eq!(body.token.project.id.len(), 32);
    assert_eq!(body.token.methods, ["password"]);
    assert!(body.token.expires_at.ends_with('Z') && body.token.expires_at.contains('.'));
    let endpoint = &body.token.catalog[0].endpoints[0];
    assert_eq!(body.token.catalog[0].service_type, "rds");
    assert_eq!(endpoint.region_id, "cn-north-4");
    assert_eq!(endpoint.url, format!("http://{}", emu.addr));

    // The project list: every region of the account.
    let resp = emu
        .send(
            "GET",
            "/v3/auth/projects",
            &[("X-Auth-Token", &token)],
            None,
        )
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let projects: rds_v1::Projects = resp.decode();
    let names: Vec<_> = projects.projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["cn-north-4", "cn-east-3", "ap-southeast-1", "af-south-1"]
    );
    assert!(projects
        .projects
        .iter()
        .all(|p| p.enabled && p.id.len() == 32));
    assert!(projects
        .projects
        .iter()
        .any(|p| p.id == body.token.project.id));
    for key in ["id", "name", "domain_id", "enabled"] {
        assert!(resp.json()["projects"][0].get(key).is_some(), "{key}");
    }

    // The token method re-scopes to another region without the password.
    let rescope = json!({"auth": {"identity": {"methods": ["token"], "token": {"id": token}},
        "scope": {"project": {"name": "cn-east-3"}}}});
    let resp = emu.post_json("/v3/auth/tokens", &rescope).await;
    assert_eq!(resp.status, 201, "{}", resp.text());
    let east_token = resp.header("x-subject-token").expect("token").to_owned();
    assert_ne!(east_token, token);
    let east = resp.json();
    assert_eq!(east["token"]["project"]["name"], "cn-east-3");
    assert_eq!(east["token"]["methods"][0], "token");
    let east_id = east["token"]["project"]["id"].as_str().unwrap_or_default();
    assert!(projects
        .projects
        .iter()
        .any(|p| p.id == east_id && p.name == "cn-east-3"));
    let resp = emu
        .send(
            "GET",
            &format!("/rds/v1/{east_id}/instances"),
            &[
                ("X-Auth-Token", &east_token),
                ("Content-Type", "application/json"),
            ],
            None,
        )
        .await;
    assert_eq!(resp.status, 200);
    assert_eq!(resp.json()["instances"].as_array().map(Vec::len), Some(300));
}

#[tokio::test]
async fn refused_sign_ins() {
    let emu = start(quick()).await;
    let wrong = json!({"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}});
    for (user, password) in [("demo", "nope"), ("alice", "demo")] {
        let resp = emu
            .post_json(
                "/v3/auth/tokens",
                &password_body(user, password, "cn-north-4"),
            )
            .await;
        assert_eq!(resp.status, 401);
        assert_eq!(resp.json(), wrong);
        assert!(resp.header("x-subject-token").is_none());
    }
    let mut other_domain = password_body(DEMO, DEMO, "cn-north-4");
    other_domain["auth"]["identity"]["password"]["user"]["domain"]["name"] = json!("acme");
    assert_eq!(
        emu.post_json("/v3/auth/tokens", &other_domain).await.status,
        401
    );

    let resp = emu
        .post_json("/v3/auth/tokens", &password_body(DEMO, DEMO, "mars-1"))
        .await;
    assert!(resp.status == 400 || resp.status == 401);
    assert!(resp.json()["error"]["message"].as_str().is_some());

    for body in [&b"{not json"[..], b"", b"[]", b"{\"auth\":{}}"] {
        let resp = emu.post_bytes("/v3/auth/tokens", body, &[]).await;
        assert_eq!(resp.status, 400, "{}", resp.text());
        assert_eq!(resp.json()["error"]["code"], 400);
        assert_eq!(resp.json()["error"]["title"], "Bad Request");
    }

    // An unknown token cannot be re-scoped.
    let rescope = json!({"auth": {"identity": {"methods": ["token"], "token": {"id": "abc"}},
        "scope": {"project": {"name": "cn-east-3"}}}});
    assert_eq!(emu.post_json("/v3/auth/tokens", &rescope).await.status, 401);
    let resp = emu.send("GET", "/v3/auth/projects", &[], None).await;
    assert_eq!(resp.status, 401);
}

#[tokio::test]
async fn rds_calls_check_the_token() {
    let emu = start(quick()).await;
    let north = emu.login("cn-north-4").await;
    let east = emu.login("cn-east-3").await;
    let path = north.path("/instances");

    let missing = emu
        .send("GET", &path, &[("Content-Type", "application/json")], None)
        .await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.err_code(), "APIGW.0301");
    assert!(missing
        .message()
        .starts_with("Incorrect IAM authentication information"));

    let unknown = emu
        .send(
            "GET",
            &path,
            &[
                ("X-Auth-Token", "0123abcd"),
                ("Content-Type", "application/json"),
            ],
            None,
        )
        .await;
    assert_eq!(
        (unknown.status, unknown.err_code().as_str()),
        (401, "APIGW.0301")
    );

    // A token of cn-east-3 on cn-north-4's project id.
    let other = emu
        .send(
            "GET",
            &path,
            &[
                ("X-Auth-Token", &east.token),
                ("Content-Type", "application/json"),
            ],
            None,
        )
        .await;
    assert_eq!(other.status, 403);
    assert_eq!(other.err_code(), "RDS.0010");

    // The job endpoint checks the same way; its own errors use the v3 body.
    let job_path = format!("/v3/{}/jobs?id=abc", north.project);
    let resp = emu
        .send(
            "GET",
            &job_path,
            &[("Content-Type", "application/json")],
            None,
        )
        .await;
    assert_eq!((resp.status, resp.err_code().as_str()), (401, "APIGW.0301"));
    let resp = emu
        .send(
            "GET",
            &job_path,
            &[
                ("X-Auth-Token", &east.token),
                ("Content-Type", "application/json"),
            ],
            None,
        )
        .await;
    assert_eq!(resp.status, 403);
    assert_eq!(resp.json()["error_code"], "RDS.0010");

    // expire-tokens: every issued token is refused from now on.
    assert_eq!(north.get_rds("/instances").await.status, 200);
    emu.admin("POST", "/emulator/expire-tokens", None).await;
    let expired = north.get_rds("/instances").await;
    assert_eq!(expired.status, 401);
    assert_eq!(expired.err_code(), "APIGW.0301");
    assert!(expired.message().contains("expired"));
    let rescope = json!({"auth": {"identity": {"methods": ["token"], "token": {"id": north.token}},
        "scope": {"project": {"name": "cn-east-3"}}}});
    assert_eq!(emu.post_json("/v3/auth/tokens", &rescope).await.status, 401);
    // A new sign-in works again.
    let again = emu.login("cn-north-4").await;
    assert_eq!(again.get_rds("/instances").await.status, 200);
}

#[tokio::test]
async fn tokens_expire_after_their_ttl() {
    let emu = start(Config {
        token_ttl_seconds: 1,
        ..quick()
    })
    .await;
    let session = emu.login("cn-north-4").await;
    assert_eq!(session.get_rds("/instances").await.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let resp = session.get_rds("/instances").await;
    assert_eq!(resp.status, 401);
    assert_eq!(resp.err_code(), "APIGW.0301");
    let resp = emu
        .send(
            "GET",
            "/v3/auth/projects",
            &[("X-Auth-Token", &session.token)],
            None,
        )
        .await;
    assert_eq!(resp.status, 401);
}

#[tokio::test]
async fn content_type_is_required_and_language_is_honoured() {
    let emu = start(quick()).await;
    let session = emu.login("cn-north-4").await;
    let path = session.path("/instances");
    let token = session.token.as_str();
    let none = emu
        .send("GET", &path, &[("X-Auth-Token", token)], None)
        .await;
    assert_eq!((none.status, none.err_code().as_str()), (400, "RDS.0001"));
    assert!(none.message().contains("Content-Type"));
    let wrong = emu
        .send(
            "GET",
            &path,
            &[("X-Auth-Token", token), ("Content-Type", "text/plain")],
            None,
        )
        .await;
    assert_eq!((wrong.status, wrong.err_code().as_str()), (400, "RDS.0001"));
    let charset = emu
        .send(
            "GET",
            &path,
            &[
                ("X-Auth-Token", token),
                ("Content-Type", "application/json;charset=UTF-8"),
            ],
            None,
        )
        .await;
    assert_eq!(charset.status, 200);
    let zh = emu
        .send(
            "GET",
            &path,
            &[("X-Auth-Token", token), ("X-Language", "zh-cn")],
            None,
        )
        .await;
    assert_eq!(zh.status, 400);
    assert!(zh.message().contains("Content-Type"));
    assert!(zh
        .message()
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
}
