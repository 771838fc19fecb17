//! Test helpers: an emulator on an ephemeral port, and a tiny HTTP/1.1 client on a tokio
//! `TcpStream` (`Connection: close`, read to EOF, Content-Length and chunked bodies).

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use rds_emulator::Config;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How long a normal call may take before the test fails.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(15);

pub const DEMO: &str = "demo";

/// A quick configuration for tests: replicas build in half a second.
pub fn quick() -> Config {
    Config {
        build_seconds: 0.5,
        ..Config::default()
    }
}

#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.text()))
    }

    /// The body read the way the console reads it.
    pub fn decode<T: rds_v1::FromJson>(&self) -> T {
        rds_v1::json::decode(&self.text())
            .unwrap_or_else(|error| panic!("does not decode ({error}): {}", self.text()))
    }

    /// The v1 error code.
    pub fn err_code(&self) -> String {
        self.json()["errCode"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn message(&self) -> String {
        self.json()["externalMessage"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size_text = String::from_utf8_lossy(&data[..end]);
        let size_text = size_text.split(';').next().unwrap_or("").trim().to_owned();
        let Ok(size) = usize::from_str_radix(&size_text, 16) else {
            return out;
        };
        data = &data[end + 2..];
        if size == 0 || data.len() < size {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = data.get(size + 2..).unwrap_or_default();
    }
}

/// Parses a whole HTTP/1.1 response.
pub fn parse_response(raw: &[u8]) -> Resp {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let rest = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let body = if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        dechunk(rest)
    } else if let Some(length) = find("content-length").and_then(|v| v.parse::<usize>().ok()) {
        rest[..length.min(rest.len())].to_vec()
    } else {
        rest.to_vec()
    };
    Resp {
        status,
        headers,
        body,
    }
}

/// Sends raw bytes and reads the answer to EOF; `None` on timeout.
pub async fn raw_exchange(addr: SocketAddr, request: &[u8], timeout: Duration) -> Option<Resp> {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        // The server may answer (and close) before reading everything: ignore write errors.
        let _ = stream.write_all(request).await;
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw).await;
        raw
    };
    let raw = tokio::time::timeout(timeout, exchange).await.ok()?;
    Some(parse_response(&raw))
}

/// Builds a request with `Host`, `Connection: close` and, with a body, `Content-Length`.
pub fn build_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Vec<u8> {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if let Some(body) = body {
        bytes.extend_from_slice(body);
    }
    bytes
}

/// One running emulator.
#[derive(Debug, Clone, Copy)]
pub struct Emu {
    pub addr: SocketAddr,
}

/// Starts an emulator in this runtime on `127.0.0.1:0`.
pub async fn start(config: Config) -> Emu {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = rds_emulator::serve(listener, config).await;
    });
    Emu { addr }
}

/// A signed-in client: token and project of one region.
#[derive(Debug, Clone)]
pub struct Session {
    pub emu: Emu,
    pub token: String,
    pub project: String,
    pub region: String,
}

pub fn password_body(user: &str, password: &str, region: &str) -> Value {
    json!({"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": user, "password": password, "domain": {"name": DEMO}}}},
        "scope": {"project": {"name": region}}}})
}

impl Emu {
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Resp {
        self.try_send(method, path, headers, body, CALL_TIMEOUT)
            .await
            .unwrap_or_else(|| panic!("{method} {path} timed out"))
    }

    pub async fn try_send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
        timeout: Duration,
    ) -> Option<Resp> {
        let request = build_request(self.addr, method, path, headers, body);
        raw_exchange(self.addr, &request, timeout).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Resp {
        let bytes = serde_json::to_vec(body).expect("json");
        self.post_bytes(path, &bytes, &[]).await
    }

    /// A POST with `Content-Type: application/json` and `body` as given (valid JSON or not),
    /// plus `headers`.
    pub async fn post_bytes(&self, path: &str, body: &[u8], headers: &[(&str, &str)]) -> Resp {
        let mut all = vec![("Content-Type", "application/json")];
        all.extend_from_slice(headers);
        self.send("POST", path, &all, Some(body)).await
    }

    pub async fn admin(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        let bytes = body.map(|b| serde_json::to_vec(&b).expect("json"));
        let resp = self
            .send(
                method,
                path,
                &[("Content-Type", "application/json")],
                bytes.as_deref(),
            )
            .await;
        assert_eq!(resp.status, 200, "{method} {path}: {}", resp.text());
        resp
    }

    /// Signs in as the demo user, scoped to `region`.
    pub async fn login(&self, region: &str) -> Session {
        let resp = self
            .post_json("/v3/auth/tokens", &password_body(DEMO, DEMO, region))
            .await;
        assert_eq!(resp.status, 201, "{}", resp.text());
        let token = resp
            .header("x-subject-token")
            .expect("token header")
            .to_owned();
        let project = resp.json()["token"]["project"]["id"]
            .as_str()
            .expect("project id")
            .to_owned();
        Session {
            emu: *self,
            token,
            project,
            region: region.to_owned(),
        }
    }
}

impl Session {
    /// `/rds/v1/{project}{rest}`.
    pub fn path(&self, rest: &str) -> String {
        format!("/rds/v1/{}{rest}", self.project)
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.emu
            .send(
                "GET",
                path,
                &[
                    ("X-Auth-Token", &self.token),
                    ("Content-Type", "application/json"),
                ],
                None,
            )
            .await
    }

    pub async fn get_rds(&self, rest: &str) -> Resp {
        self.get(&self.path(rest)).await
    }

    pub async fn post_raw(&self, rest: &str, body: &[u8], language: &str) -> Resp {
        self.emu
            .send(
                "POST",
                &self.path(rest),
                &[
                    ("X-Auth-Token", &self.token),
                    ("Content-Type", "application/json"),
                    ("X-Language", language),
                ],
                Some(body),
            )
            .await
    }

    pub async fn create(&self, instance: Value) -> Resp {
        let body = serde_json::to_vec(&json!({ "instance": instance })).expect("json");
        self.post_raw("/instances", &body, "en-us").await
    }

    pub async fn instances(&self) -> Vec<Value> {
        let resp = self.get_rds("/instances").await;
        assert_eq!(resp.status, 200, "{}", resp.text());
        resp.json()["instances"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub async fn instance_named(&self, name: &str) -> Value {
        self.instances()
            .await
            .into_iter()
            .find(|i| i["name"] == name)
            .unwrap_or_else(|| panic!("no instance {name}"))
    }

    pub async fn id_of(&self, name: &str) -> String {
        self.instance_named(name).await["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The demo primary `orders-mysql` (MySQL 5.7.29, one replica) and the read-replica flavor
    /// of its class: the inputs of most create calls in these tests.
    pub async fn orders_mysql_and_replica_flavor(&self) -> (String, String) {
        let primary = self.id_of("orders-mysql").await;
        let flavor = self
            .flavor_id("MySQL", "5.7.29", "rds.mysql.c2.large.rr")
            .await;
        (primary, flavor)
    }

    /// The id of the engine version called `version`.
    pub async fn version_id(&self, engine: &str, version: &str) -> String {
        let resp = self
            .get_rds(&format!("/datastores/{engine}/versions"))
            .await;
        assert_eq!(resp.status, 200, "{}", resp.text());
        resp.json()["dataStores"]
            .as_array()
            .and_then(|list| list.iter().find(|v| v["name"] == version).cloned())
            .and_then(|v| v["id"].as_str().map(str::to_owned))
            .unwrap_or_else(|| panic!("no version {engine} {version}"))
    }

    pub async fn flavors(&self, version_id: &str) -> Vec<Value> {
        let resp = self
            .get_rds(&format!(
                "/flavors?dbId={version_id}&region={}",
                self.region
            ))
            .await;
        assert_eq!(resp.status, 200, "{}", resp.text());
        resp.json()["flavors"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The id of a flavor by spec code.
    pub async fn flavor_id(&self, engine: &str, version: &str, spec_code: &str) -> String {
        let version_id = self.version_id(engine, version).await;
        self.flavors(&version_id)
            .await
            .into_iter()
            .find(|f| f["specCode"] == spec_code)
            .and_then(|f| f["id"].as_str().map(str::to_owned))
            .unwrap_or_else(|| panic!("no flavor {spec_code}"))
    }
}

/// Every key path (`a.b.c`) of a JSON value; arrays contribute their elements' keys.
pub fn key_paths(value: &Value) -> std::collections::BTreeSet<String> {
    fn walk(value: &Value, prefix: &str, out: &mut std::collections::BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    out.insert(path.clone());
                    walk(inner, &path, out);
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, &format!("{prefix}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(value, "", &mut out);
    out
}

/// Asserts that `actual` has exactly the key paths of `documented`, give or take the listed
/// extras (allowed in `actual` only, with their sub-keys) and omissions (documented keys that
/// `actual` may lack, with their sub-keys).
pub fn assert_keys(actual: &Value, documented: &Value, extra: &[&str], omitted: &[&str]) {
    let under = |path: &str, roots: &[&str]| {
        roots
            .iter()
            .any(|root| path == *root || path.starts_with(&format!("{root}.")))
    };
    let have = key_paths(actual);
    let want = key_paths(documented);
    let missing: Vec<_> = want
        .difference(&have)
        .filter(|p| !under(p, omitted))
        .collect();
    let unexpected: Vec<_> = have
        .difference(&want)
        .filter(|p| !under(p, extra))
        .collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing {missing:?}, unexpected {unexpected:?}\nactual: {actual}"
    );
}

/// A JSON value read the way the console reads a body.
pub fn decode_value<T: rds_v1::FromJson>(value: &Value) -> T {
    rds_v1::json::decode(&value.to_string())
        .unwrap_or_else(|error| panic!("does not decode ({error}): {value}"))
}
