//! Browser tests: components mounted in headless Chromium, and the API client against the real
//! emulator (its URL comes from `RDS_EMULATOR_URL` at build time; scripts/test starts it with CORS).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use rds_replica_console::api::{transport, ApiError, Client, Endpoints, Session};
use rds_replica_console::flow::Draft;
use rds_replica_console::ui::JsonView;
use rds_replica_console::{Config, Console, Language};
use rds_v1::iam::TokenRequest;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The emulator these tests talk to; scripts/test starts one and sets the variable.
fn emulator() -> Option<&'static str> {
    match option_env!("RDS_EMULATOR_URL") {
        Some(url) => Some(url),
        None => panic!("RDS_EMULATOR_URL is not set: run the browser tests through scripts/test"),
    }
}

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

async fn settle() {
    transport::sleep(30, None).await;
}

/// Waits until `check` holds, up to five seconds.
async fn eventually(what: &str, check: impl Fn() -> bool) {
    for _ in 0..250 {
        if check() {
            return;
        }
        transport::sleep(20, None).await;
    }
    panic!("timed out waiting for: {what}");
}

fn text(element: &web_sys::HtmlElement) -> String {
    element.text_content().unwrap_or_default()
}

fn labels(element: &web_sys::HtmlElement) -> Vec<String> {
    let list = element.query_selector_all("label").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|node| node.text_content().unwrap_or_default())
        .collect()
}

fn emulator_config(url: &str) -> Config {
    Config {
        rds_endpoint: url.into(),
        iam_endpoint: url.into(),
        origin: url.into(),
        account: "demo".into(),
        user: "demo".into(),
        password: "demo".into(),
        sync_url: false,
        ..Config::default()
    }
}

#[wasm_bindgen_test]
async fn the_sign_in_form_comes_first_with_labelled_fields() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        view! { <Console config=Config { sync_url: false, ..Config::default() } language=Language::EnUs /> }
    });
    settle().await;
    let labels = labels(&root);
    for expected in ["Account", "User", "Password"] {
        assert!(
            labels.iter().any(|l| l == expected),
            "no label {expected} in {labels:?}"
        );
    }
    assert!(text(&root).contains("Create a read replica"));
    assert!(root
        .query_selector("input[type=password]")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn the_console_speaks_chinese_and_switches_language() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        view! { <Console config=Config { sync_url: false, ..Config::default() } language=Language::ZhCn /> }
    });
    settle().await;
    assert!(text(&root).contains("创建只读实例"));
    let console = root.query_selector(".rrc").unwrap().unwrap();
    assert_eq!(console.get_attribute("lang").as_deref(), Some("zh-CN"));
    let select: web_sys::HtmlSelectElement = root
        .query_selector(".rrc-language")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    select.set_value("en-us");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    assert!(text(&root).contains("Create a read replica"));
    assert_eq!(console.get_attribute("lang").as_deref(), Some("en"));
}

#[wasm_bindgen_test]
async fn the_json_view_highlights_and_keeps_key_order() {
    let root = container();
    let raw = r#"{"instance":{"status":"BUILD","id":"b0","size":100,"dataStoreInfo":null}}"#;
    let _handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <JsonView raw=raw.to_owned() /> },
    );
    settle().await;
    let shown = text(&root);
    assert!(shown.find("status").unwrap() < shown.find("\"id\"").unwrap());
    assert!(shown.contains("\n    \"id\": \"b0\""));
    assert_eq!(
        root.query_selector_all(".rrc-json-key").unwrap().length(),
        5
    );
    assert_eq!(
        root.query_selector_all(".rrc-json-number")
            .unwrap()
            .length(),
        1
    );
    assert_eq!(
        root.query_selector_all(".rrc-json-literal")
            .unwrap()
            .length(),
        1
    );
}

#[wasm_bindgen_test]
async fn signed_in_the_form_lists_primaries_and_versions_from_the_emulator() {
    let Some(url) = emulator() else { return };
    let root = container();
    let config = emulator_config(url);
    let _handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <Console config language=Language::EnUs /> },
    );
    settle().await;
    let form: web_sys::HtmlFormElement = root
        .query_selector("form")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    form.request_submit().unwrap();
    eventually("the primary list", || text(&root).contains("orders-mysql")).await;
    let labels = labels(&root);
    for expected in [
        "Region",
        "Primary instance",
        "Engine version",
        "Flavor",
        "Replica name",
        "Availability zone",
        "Storage type",
        "Storage size (GB)",
    ] {
        assert!(
            labels.iter().any(|l| l == expected),
            "no label {expected} in {labels:?}"
        );
    }
    eventually("the MySQL versions", || text(&root).contains("5.7.29")).await;
    // Ineligible primaries are listed, disabled, with the reason.
    let disabled = root.query_selector_all("option[disabled]").unwrap();
    let reasons: Vec<String> = (0..disabled.length())
        .filter_map(|i| disabled.item(i)?.text_content())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("legacy-mssql") && r.contains("SQL Server")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("catalog-mysql —") && r.contains("limit")),
        "{reasons:?}"
    );
}

#[wasm_bindgen_test]
async fn a_deep_link_draft_preselects_the_primary_and_suggests_a_name() {
    let Some(url) = emulator() else { return };
    let client = signed_in_client(url).await;
    let primary = client
        .instances()
        .await
        .unwrap()
        .instances
        .into_iter()
        .find(|i| i.name == "orders-mysql")
        .unwrap();
    let root = container();
    let config = emulator_config(url);
    let session = client.session.clone();
    let draft = Draft {
        primary_id: primary.id.clone(),
        ..Draft::default()
    };
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <Console config language=Language::EnUs draft session=session.unwrap() /> }
    });
    let name_value = || {
        root.query_selector("input[maxlength='64']")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default()
    };
    eventually("the suggested name", || name_value() == "orders-mysql-rr2").await;
    eventually("the request preview", || {
        text(&root).contains(r#""replicaOf": ""#) && text(&root).contains("X-Auth-Token: $TOKEN")
    })
    .await;
    assert!(!text(&root).contains(&client.session.as_ref().unwrap().token));
}

async fn signed_in_client(url: &str) -> Client {
    let mut client = Client::new(Endpoints {
        rds: url.into(),
        iam: url.into(),
        origin: url.into(),
    });
    let request = TokenRequest::Password {
        domain: "demo".into(),
        user: "demo".into(),
        password: "demo".into(),
        project: "cn-north-4".into(),
    };
    client.session = Some(client.sign_in(&request, "cn-north-4").await.unwrap());
    client
}

async fn admin(url: &str, path: &str, body: &str) {
    gloo_net::http::Request::post(&format!("{url}{path}"))
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .unwrap()
        .send()
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn client_errors_are_told_apart() {
    let Some(url) = emulator() else { return };
    admin(url, "/emulator/faults", "").await; // (ignored body: the DELETE below clears)
    gloo_net::http::Request::delete(&format!("{url}/emulator/faults"))
        .send()
        .await
        .unwrap();
    let client = signed_in_client(url).await;

    // A v1 error body with its code.
    admin(url, "/emulator/faults", r#"{"method":"GET","path":"/instances","times":1,"kind":"error","status":503,"code":"RDS.9999","message":"down"}"#).await;
    match client.instances().await {
        Err(ApiError::Api {
            status: 503, code, ..
        }) => assert_eq!(code, "RDS.9999"),
        other => panic!("expected an API error, got {other:?}"),
    }
    // Malformed JSON.
    admin(
        url,
        "/emulator/faults",
        r#"{"method":"GET","path":"/instances","times":1,"kind":"malformed"}"#,
    )
    .await;
    assert!(matches!(
        client.instances().await,
        Err(ApiError::Malformed { status: 200, .. })
    ));
    // A hang: the timeout aborts the fetch.
    admin(
        url,
        "/emulator/faults",
        r#"{"method":"GET","path":"/instances","times":1,"kind":"hang"}"#,
    )
    .await;
    let mut impatient = client.clone();
    impatient.timeout_ms = 300;
    assert_eq!(
        impatient.instances().await.unwrap_err(),
        ApiError::Timeout { after_ms: 300 }
    );
    // An invalid token: 401.
    let mut stale = client.clone();
    if let Some(session) = stale.session.as_mut() {
        session.token = "not-a-token".into();
    }
    assert!(stale.instances().await.unwrap_err().is_unauthorized());
    // Another project's path: 403 RDS.0010.
    let mut foreign = client.clone();
    if let Some(session) = foreign.session.as_mut() {
        session.project_id = "00000000000000000000000000000000".into();
    }
    assert_eq!(
        foreign.instances().await.unwrap_err().vendor_code(),
        Some("RDS.0010")
    );
    // Not an RDS service at all: an unexpected status.
    let mut elsewhere = client.clone();
    elsewhere.endpoints.rds = format!("{url}/not-rds");
    assert!(matches!(
        elsewhere.instances().await,
        Err(ApiError::UnexpectedStatus { status: 404, .. })
    ));
    // Nothing listening: a network error.
    let mut nowhere = client.clone();
    nowhere.endpoints.rds = "http://127.0.0.1:9".into();
    assert!(matches!(
        nowhere.instances().await,
        Err(ApiError::Network { .. })
    ));
}

#[wasm_bindgen_test]
async fn every_call_is_recorded_without_the_token() {
    let Some(url) = emulator() else { return };
    let mut client = signed_in_client(url).await;
    let records = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = records.clone();
    client.record = Some(std::sync::Arc::new(move |record| {
        sink.lock().unwrap().push(record)
    }));
    client
        .versions(rds_v1::DatastoreEngine::MySql)
        .await
        .unwrap();
    let records = records.lock().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].status, Some(200));
    assert!(records[0].path.ends_with("/datastores/MySQL/versions"));
    let token = &client.session.as_ref().unwrap().token;
    assert!(!records[0].curl.contains(token.as_str()));
    let _: Option<Session> = None;
}
