//! `rds-emulator`: an HTTP emulator of the Huawei Cloud RDS v1 API (the read-replica flow) and
//! the IAM calls it needs, for local use and for every test of the console.
//!
//! Demo account: domain (account) `demo`, user `demo`, password `demo`. Each region is a project
//! of the account, named after the region: `cn-north-4` (the main demo), `cn-east-3` (300
//! instances), `ap-southeast-1` (two primaries), `af-south-1` (empty). See [`seed`] for names.
//!
//! Code map:
//!
//! | module | concern |
//! |---|---|
//! | [`cli`] | command-line flags, parsed by hand |
//! | `state` | `AppState`: config, catalogue, the store mutex, the control mutex |
//! | [`store`] | projects, instances, tokens, jobs; lazy BUILD → ACTIVE/FAILED from `Instant`s |
//! | [`catalog`] | engine versions and flavors per region (immutable) |
//! | [`seed`] | the demo data |
//! | [`iam`] | `POST /v3/auth/tokens`, `GET /v3/auth/projects` (Keystone error bodies) |
//! | [`rds`] | `/rds/v1/{project_id}/…` and `GET /v3/{project_id}/jobs` |
//! | [`validate`] | the create-replica checks, in the documented order |
//! | [`faults`] | latency, injected faults and the request log (middleware) |
//! | [`admin`] | `/emulator/…` test-control API, loopback only |
//! | [`error`] | `ApiError` and `X-Language` |
//! | [`web`] | JSON answers, capped body reader, path and query decoding |
//! | [`time`], [`ids`] | UTC formatting; deterministic UUIDs and 32-hex ids |
//!
//! Every body goes through the `rds-v1` wire model. Nothing panics on request data.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::any;
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

pub mod admin;
pub mod catalog;
pub mod cli;
pub mod error;
pub mod faults;
pub mod iam;
pub mod ids;
pub mod rds;
pub mod seed;
mod state;
pub mod store;
pub mod time;
pub mod validate;
pub mod web;

use state::AppState;

/// How one emulator behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// How long a created replica stays BUILD.
    pub build_seconds: f64,
    /// Read replicas per primary (any status but FAILED counts).
    pub replica_limit: usize,
    pub token_ttl_seconds: u64,
    /// Delay before every RDS/IAM call (the admin API can change it).
    pub latency_ms: u64,
    /// How many instances cn-east-3 is seeded with (long-list tests and benchmarks).
    pub large_region_instances: usize,
    /// The built console, served at `/`.
    pub dist: Option<PathBuf>,
    /// A directory served at `/host/`.
    pub host_page: Option<PathBuf>,
    /// The one origin allowed by CORS; no CORS headers without it.
    pub allow_origin: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            build_seconds: 20.0,
            large_region_instances: seed::EAST_COUNT,
            replica_limit: rds_v1::rules::DEFAULT_REPLICA_LIMIT,
            token_ttl_seconds: 86_400,
            latency_ms: 0,
            dist: None,
            host_page: None,
            allow_origin: None,
        }
    }
}

async fn not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        axum::Json(serde_json::json!({"error": "not found"})),
    )
}

/// The whole emulator as a router. Serve it with connect info (as [`serve`] does) so that the
/// `/emulator/` API can tell loopback peers.
pub fn app(config: Config) -> Router {
    let state = Arc::new(AppState::new(config.clone()));
    let api = Router::new()
        .route("/v3/{*rest}", any(iam::v3))
        .route("/rds/{*rest}", any(rds::dispatch))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            faults::middleware,
        ))
        .with_state(state.clone());
    let mut router = Router::new().merge(api).merge(admin::router(state));
    if let Some(dir) = &config.host_page {
        router = router
            .route("/host", any(|| async { Redirect::permanent("/host/") }))
            .nest_service(
                "/host/",
                Router::new()
                    .fallback_service(ServeDir::new(dir))
                    .layer(axum::middleware::map_response(host_page_policy)),
            );
    }
    router = match &config.dist {
        Some(dir) => router.fallback_service(ServeDir::new(dir)),
        None => router.fallback(not_found),
    };
    if let Some(origin) = config
        .allow_origin
        .as_deref()
        .and_then(|origin| HeaderValue::from_str(origin).ok())
    {
        let cors = CorsLayer::new()
            .allow_origin(AllowOrigin::exact(origin))
            .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
            .allow_headers([
                HeaderName::from_static("x-auth-token"),
                HeaderName::from_static("x-language"),
                header::CONTENT_TYPE,
            ])
            .expose_headers([HeaderName::from_static("x-subject-token")]);
        router = router.layer(cors);
    }
    router
}

/// The Content-Security-Policy the demo host page runs under: no inline script, no eval, only
/// WebAssembly compilation on top of same-origin everything.
pub const HOST_PAGE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

async fn host_page_policy(mut response: axum::response::Response) -> axum::response::Response {
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(HOST_PAGE_CSP),
    );
    response
}

/// Serves the emulator on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<()> {
    let service = app(config).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).await
}
