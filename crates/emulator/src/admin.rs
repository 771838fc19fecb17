//! The test-control API under `/emulator/`: loopback peers only, never delayed or faulted.
//!
//! | call | body | effect |
//! |---|---|---|
//! | `GET /emulator/health` | | `{"ok":true}` |
//! | `POST /emulator/reset` | | seed data, ids, stats restored; faults and fail-builds cleared; latency back to `--latency-ms`; tokens kept |
//! | `POST /emulator/latency` | `{"ms":200}` | delay before every RDS/IAM call |
//! | `POST /emulator/faults` | `{"method","path","times","kind","status","code","message"}` | queue a fault |
//! | `DELETE /emulator/faults` | | clear queued faults |
//! | `POST /emulator/fail-builds` | `{"count":1}` | the next N created replicas end FAILED |
//! | `POST /emulator/expire-tokens` | | every issued token expires now |
//! | `GET /emulator/stats` | | `{"requests":[{"method","path","status"}],"requestCount","creates":[…]}` |

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{any, get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::faults::Fault;
use crate::state::AppState;
use crate::web::{self, read_body, BODY_LIMIT};

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/emulator/health", get(health))
        .route("/emulator/reset", post(reset))
        .route("/emulator/latency", post(latency))
        .route("/emulator/faults", post(add_fault).delete(clear_faults))
        .route("/emulator/fail-builds", post(fail_builds))
        .route("/emulator/expire-tokens", post(expire_tokens))
        .route("/emulator/stats", get(stats))
        .route("/emulator/{*rest}", any(unknown))
        .route("/emulator", any(unknown))
        .layer(axum::middleware::from_fn(loopback_only))
        .with_state(state)
}

fn ok() -> Response {
    web::json(StatusCode::OK, &json!({"ok": true}))
}

fn bad(status: StatusCode, message: impl Into<String>) -> Response {
    web::json(status, &json!({"ok": false, "error": message.into()}))
}

/// Refuses every peer that is not on the loopback interface (or whose address is unknown).
async fn loopback_only(request: Request, next: Next) -> Response {
    let loopback = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ConnectInfo(peer)| peer.ip().to_canonical().is_loopback());
    if loopback {
        next.run(request).await
    } else {
        bad(
            StatusCode::FORBIDDEN,
            "the /emulator/ API only answers loopback peers",
        )
    }
}

async fn json_body(request: Request) -> Result<Value, Response> {
    let bytes = read_body(request.into_body(), BODY_LIMIT)
        .await
        .map_err(|_| bad(StatusCode::PAYLOAD_TOO_LARGE, "body too large or broken"))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&bytes).map_err(|error| {
        bad(
            StatusCode::BAD_REQUEST,
            format!("body is not JSON: {error}"),
        )
    })
}

async fn health() -> Response {
    ok()
}

async fn unknown() -> Response {
    bad(StatusCode::NOT_FOUND, "no such emulator endpoint")
}

async fn reset(State(state): State<Arc<AppState>>) -> Response {
    state.store().reset(&state.catalog);
    *state.control() = crate::faults::Control::new(state.config.latency_ms);
    ok()
}

async fn latency(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let body = match json_body(request).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    match body.get("ms").and_then(Value::as_u64) {
        Some(ms) if ms <= 600_000 => {
            state.control().latency_ms = ms;
            ok()
        }
        _ => bad(StatusCode::BAD_REQUEST, "expected {\"ms\": 0..600000}"),
    }
}

async fn add_fault(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let body = match json_body(request).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    match Fault::from_json(body) {
        Ok(fault) => {
            let mut control = state.control();
            control.add_fault(fault);
            let pending = control.pending_faults();
            web::json(StatusCode::OK, &json!({"ok": true, "pending": pending}))
        }
        Err(message) => bad(StatusCode::BAD_REQUEST, message),
    }
}

async fn clear_faults(State(state): State<Arc<AppState>>) -> Response {
    state.control().clear_faults();
    ok()
}

async fn fail_builds(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let body = match json_body(request).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let count = if body.is_null() {
        Some(1)
    } else {
        body.get("count").and_then(Value::as_u64)
    };
    match count {
        Some(count) => {
            state.store().fail_builds = usize::try_from(count).unwrap_or(usize::MAX);
            ok()
        }
        None => bad(StatusCode::BAD_REQUEST, "expected {\"count\": N}"),
    }
}

async fn expire_tokens(State(state): State<Arc<AppState>>) -> Response {
    state.store().expire_tokens(Instant::now());
    ok()
}

async fn stats(State(state): State<Arc<AppState>>) -> Response {
    let creates = state.store().creates.clone();
    let (requests, count) = {
        let control = state.control();
        (control.requests(), control.request_count)
    };
    web::json(
        StatusCode::OK,
        &json!({"requests": requests, "requestCount": count, "creates": creates}),
    )
}
