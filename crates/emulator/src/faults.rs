//! Injected trouble and the request log: added latency, queued faults, and the middleware that
//! applies them to every RDS and IAM call (never to `/emulator/`).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rds_v1::ErrorBody;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::state::AppState;
use crate::web;

/// How many requests the log keeps.
pub const LOG_SIZE: usize = 1000;

/// What a fault does to the call it hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// Answers `status` with the v1 body `{errCode: code, externalMessage: message}`.
    Error,
    /// Answers 200, JSON content type, a truncated body.
    Malformed,
    /// Never answers.
    Hang,
    /// Handles the call (a create does create), then never answers.
    HangAfter,
}

impl FaultKind {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "error" => Some(Self::Error),
            "malformed" => Some(Self::Malformed),
            "hang" => Some(Self::Hang),
            "hang_after" => Some(Self::HangAfter),
            _ => None,
        }
    }
}

/// A queued fault: the next `times` calls matching `method` and `path` get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub method: Option<String>,
    pub path: String,
    pub times: u64,
    pub kind: FaultKind,
    pub status: u16,
    pub code: String,
    pub message: String,
}

/// The body of `POST /emulator/faults`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultRequest {
    method: Option<String>,
    path: Option<String>,
    times: Option<u64>,
    kind: Option<String>,
    status: Option<u16>,
    code: Option<String>,
    message: Option<String>,
}

impl Fault {
    /// Reads the admin body; the error says what is wrong with it.
    pub fn from_json(value: Value) -> Result<Self, String> {
        let request: FaultRequest =
            serde_json::from_value(value).map_err(|error| format!("bad fault: {error}"))?;
        let kind_text = request.kind.unwrap_or_else(|| "error".to_owned());
        let kind = FaultKind::parse(&kind_text).ok_or_else(|| {
            format!("unknown kind {kind_text:?} (error, malformed, hang, hang_after)")
        })?;
        let status = request.status.unwrap_or(500);
        if !(100..=599).contains(&status) {
            return Err(format!("status {status} is not an HTTP status"));
        }
        let times = request.times.unwrap_or(1);
        if times == 0 {
            return Err("times must be at least 1".to_owned());
        }
        Ok(Self {
            method: request
                .method
                .map(|m| m.trim().to_ascii_uppercase())
                .filter(|m| !m.is_empty() && m != "*" && m != "ANY"),
            path: request.path.unwrap_or_default(),
            times,
            kind,
            status,
            code: request.code.unwrap_or_else(|| "RDS.9999".to_owned()),
            message: request
                .message
                .unwrap_or_else(|| "Injected fault: server failure.".to_owned()),
        })
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method) && path.contains(&self.path)
    }
}

/// One logged call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestLog {
    pub method: String,
    pub path: String,
    /// 0 while unanswered (and for ever for a hanging call).
    pub status: u16,
}

/// Latency, faults and the request log, behind their own mutex.
#[derive(Debug)]
pub struct Control {
    pub latency_ms: u64,
    faults: Vec<Fault>,
    requests: VecDeque<RequestLog>,
    /// Sequence number of `requests[0]`.
    first: u64,
    pub request_count: u64,
}

impl Control {
    pub fn new(latency_ms: u64) -> Self {
        Self {
            latency_ms,
            faults: Vec::new(),
            requests: VecDeque::new(),
            first: 0,
            request_count: 0,
        }
    }

    /// Logs the start of a call; returns its sequence number.
    pub fn start(&mut self, method: &str, path: &str) -> u64 {
        let sequence = self.request_count;
        self.request_count += 1;
        self.requests.push_back(RequestLog {
            method: method.to_owned(),
            path: path.to_owned(),
            status: 0,
        });
        while self.requests.len() > LOG_SIZE {
            self.requests.pop_front();
            self.first += 1;
        }
        sequence
    }

    /// Records the status a call answered with (if it is still in the log).
    pub fn finish(&mut self, sequence: u64, status: u16) {
        if let Some(offset) = sequence.checked_sub(self.first) {
            if let Some(entry) = self.requests.get_mut(offset as usize) {
                entry.status = status;
            }
        }
    }

    pub fn requests(&self) -> Vec<RequestLog> {
        self.requests.iter().cloned().collect()
    }

    pub fn add_fault(&mut self, fault: Fault) {
        self.faults.push(fault);
    }

    pub fn clear_faults(&mut self) {
        self.faults.clear();
    }

    pub fn pending_faults(&self) -> usize {
        self.faults.len()
    }

    /// The first queued fault matching the call, used up by one.
    pub fn take_fault(&mut self, method: &str, path: &str) -> Option<Fault> {
        let index = self.faults.iter().position(|f| f.matches(method, path))?;
        let fault = self.faults[index].clone();
        self.faults[index].times -= 1;
        if self.faults[index].times == 0 {
            self.faults.remove(index);
        }
        Some(fault)
    }
}

/// Logs the call, waits the configured latency, then applies a matching fault or handles it.
pub async fn middleware(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let (sequence, latency, fault) = {
        let mut control = state.control();
        let sequence = control.start(&method, &path);
        (
            sequence,
            control.latency_ms,
            control.take_fault(&method, &path),
        )
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let response = match fault.map(|fault| (fault.kind, fault)) {
        None => next.run(request).await,
        Some((FaultKind::Error, fault)) => web::json(
            StatusCode::from_u16(fault.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            &ErrorBody::v1(&fault.code, &fault.message),
        ),
        Some((FaultKind::Malformed, _)) => (
            StatusCode::OK,
            [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            "{\"instances\": [",
        )
            .into_response(),
        Some((FaultKind::Hang, _)) => return std::future::pending::<Response>().await,
        Some((FaultKind::HangAfter, _)) => {
            let _handled = next.run(request).await;
            return std::future::pending::<Response>().await;
        }
    };
    state.control().finish(sequence, response.status().as_u16());
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn faults_match_and_wear_out() {
        let mut control = Control::new(0);
        let fault = Fault::from_json(json!({"method": "post", "path": "/instances", "times": 2}));
        control.add_fault(fault.expect("valid"));
        assert!(control.take_fault("GET", "/rds/v1/p/instances").is_none());
        assert!(control.take_fault("POST", "/rds/v1/p/instances").is_some());
        assert!(control.take_fault("POST", "/rds/v1/p/instances").is_some());
        assert!(control.take_fault("POST", "/rds/v1/p/instances").is_none());
        assert!(Fault::from_json(json!({"kind": "explode"})).is_err());
        assert!(Fault::from_json(json!({"times": 0})).is_err());
        assert!(Fault::from_json(json!([1])).is_err());
    }

    #[test]
    fn the_log_keeps_the_last_thousand() {
        let mut control = Control::new(0);
        for n in 0..1005 {
            let sequence = control.start("GET", &format!("/{n}"));
            control.finish(sequence, 200);
        }
        let log = control.requests();
        assert_eq!(log.len(), LOG_SIZE);
        assert_eq!(log[0].path, "/5");
        assert_eq!(control.request_count, 1005);
        control.finish(0, 500); // long gone: ignored
    }
}
