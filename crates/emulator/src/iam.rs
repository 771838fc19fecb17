//! IAM (Keystone v3): `POST /v3/auth/tokens` (password or token method, scoped to a project by
//! name = region) and `GET /v3/auth/projects`. Errors use the Keystone body
//! `{"error": {"code", "message", "title"}}`.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::extract::{Request, State};
use axum::http::header::HOST;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::Response;
use rds_v1::iam::{TokenDetails, SUBJECT_TOKEN_HEADER};
use rds_v1::{
    CatalogEndpoint, CatalogEntry, ProjectInfo, Projects, TokenBody, TokenProject, TokenRequest,
};
use serde_json::{json, Value};

use crate::state::AppState;
use crate::store::{TokenError, DEMO_DOMAIN, DEMO_PASSWORD, DEMO_USER};
use crate::web::{self, read_body, BodyError, BODY_LIMIT};
use crate::{rds, time};

/// A Keystone-style error.
pub fn keystone(status: StatusCode, message: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    web::json(
        status,
        &json!({"error": {"code": status.as_u16(), "message": message, "title": title}}),
    )
}

/// Everything under `/v3/`: the two IAM calls and the RDS v3 job call.
pub async fn v3(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let segments = web::segments(request.uri().path());
    let names: Vec<&str> = segments.iter().map(String::as_str).collect();
    let method = request.method().clone();
    match names.as_slice() {
        ["v3", "auth", "tokens"] if method == Method::POST => tokens(&state, request).await,
        ["v3", "auth", "projects"] if method == Method::GET => projects(&state, &request),
        ["v3", "auth", "tokens"] | ["v3", "auth", "projects"] => keystone(
            StatusCode::METHOD_NOT_ALLOWED,
            "The method is not allowed for this URL.",
        ),
        ["v3", project_id, "jobs"] if method == Method::GET => {
            rds::job(&state, &request, project_id)
        }
        _ => keystone(StatusCode::NOT_FOUND, "The requested URL was not found."),
    }
}

fn wrong_credentials() -> Response {
    keystone(
        StatusCode::UNAUTHORIZED,
        "The username or password is wrong.",
    )
}

async fn tokens(state: &AppState, request: Request) -> Response {
    let host = web::header(request.headers(), HOST.as_str())
        .filter(|host| !host.is_empty())
        .unwrap_or("127.0.0.1")
        .to_owned();
    let bytes = match read_body(request.into_body(), BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(BodyError::TooLarge) => {
            return keystone(
                StatusCode::PAYLOAD_TOO_LARGE,
                "The request body is larger than 64 KiB.",
            )
        }
        Err(BodyError::Broken) => {
            return keystone(
                StatusCode::BAD_REQUEST,
                "The request body could not be read.",
            )
        }
    };
    let Ok(value) = serde_json::from_slice::<Value>(&bytes) else {
        return keystone(
            StatusCode::BAD_REQUEST,
            "The request body is not valid JSON.",
        );
    };
    let Some(token_request) = TokenRequest::from_json(&value) else {
        return keystone(
            StatusCode::BAD_REQUEST,
            "The request must be {\"auth\": {\"identity\": {\"methods\": [\"password\"] or [\"token\"], ...}, \"scope\": {\"project\": {\"name\": REGION}}}}.",
        );
    };
    let now = Instant::now();
    let wall = SystemTime::now();
    let mut store = state.store();
    let (methods, expires, expires_wall) = match &token_request {
        TokenRequest::Password {
            domain,
            user,
            password,
            ..
        } => {
            if domain != DEMO_DOMAIN || user != DEMO_USER || password != DEMO_PASSWORD {
                return wrong_credentials();
            }
            // Capped at a century so that the expiry is always representable.
            let ttl = Duration::from_secs(state.config.token_ttl_seconds.min(100 * 365 * 86_400));
            let expires = now.checked_add(ttl).unwrap_or(now);
            let expires_wall = wall.checked_add(ttl).unwrap_or(wall);
            (vec!["password".to_owned()], expires, expires_wall)
        }
        TokenRequest::Token { token, .. } => match store.check_token(Some(token), now) {
            // A re-scoped token keeps the expiry of the token it came from, as Keystone does.
            Ok(record) => (
                vec!["token".to_owned()],
                record.expires,
                record.expires_wall,
            ),
            Err(_) => {
                return keystone(
                    StatusCode::UNAUTHORIZED,
                    "The token is invalid or has expired.",
                )
            }
        },
    };
    let project_name = token_request.project();
    let Some(project) = store.project_by_name(project_name).cloned() else {
        return keystone(
            StatusCode::BAD_REQUEST,
            &format!("The project {project_name:?} does not exist or is not one of this account's projects."),
        );
    };
    let (token, record) = store.issue_token(&project.id, methods, expires, expires_wall);
    drop(store);
    let body = TokenBody {
        token: TokenDetails {
            methods: record.methods,
            expires_at: time::token_time(record.expires_wall),
            issued_at: time::token_time(record.issued_wall),
            project: TokenProject {
                id: project.id.clone(),
                name: project.region.clone(),
            },
            catalog: vec![CatalogEntry {
                service_type: "rds".to_owned(),
                name: "rds".to_owned(),
                endpoints: vec![CatalogEndpoint {
                    interface: "public".to_owned(),
                    region_id: project.region.clone(),
                    url: format!("http://{host}"),
                }],
            }],
        },
    };
    let mut response = web::json(StatusCode::CREATED, &body);
    if let Ok(value) = HeaderValue::from_str(&token) {
        response.headers_mut().insert(SUBJECT_TOKEN_HEADER, value);
    }
    response
}

fn projects(state: &AppState, request: &Request) -> Response {
    let token = web::header(request.headers(), "x-auth-token");
    let store = state.store();
    match store.check_token(token, Instant::now()) {
        Ok(_) => {
            let body = Projects {
                projects: store
                    .projects
                    .iter()
                    .map(|project| ProjectInfo {
                        id: project.id.clone(),
                        name: project.region.clone(),
                        domain_id: project.domain_id.clone(),
                        enabled: true,
                    })
                    .collect(),
            };
            web::json(StatusCode::OK, &body)
        }
        Err(TokenError::Missing) => keystone(
            StatusCode::UNAUTHORIZED,
            "The request you have made requires authentication: X-Auth-Token is missing.",
        ),
        Err(_) => keystone(
            StatusCode::UNAUTHORIZED,
            "The token is invalid or has expired.",
        ),
    }
}
