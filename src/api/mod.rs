//! The RDS v1 client. Knows nothing of the UI: typed calls in, typed values or [`ApiError`] out.
//!
//! Every call goes through [`Client::execute`]: it prepares an [`ApiRequest`] (pure), sends it
//! with a timeout ([`transport`]), records it for the request log, and turns the answer into a
//! typed value or a typed error ([`decode`]).
//!
//! ```no_run
//! # async fn demo(client: rds_replica_console::api::Client) {
//! let versions = client.versions(rds_v1::DatastoreEngine::MySql).await;
//! # }
//! ```

mod error;
mod request;
pub mod transport;

use std::sync::Arc;

use rds_v1::iam::TokenRequest;
use rds_v1::{
    CreateReplicaRequest, CreateReplicaResponse, DatastoreEngine, DatastoreVersions, Flavors,
    FromJson, InstanceDetail, Instances, JobResponse, Projects, TokenBody,
};

pub use error::{excerpt, ApiError};
pub use request::{encode, shell_quote, ApiRequest, Endpoints, Method, PASSWORD_PLACEHOLDER};

use crate::i18n::Language;

/// The default timeout of one call.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// A signed-in project: the token is scoped to it. Lives in memory only.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    pub token: String,
    pub project_id: String,
    pub region: String,
    pub expires_at: String,
}

impl std::fmt::Debug for Session {
    // The token never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("project_id", &self.project_id)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

/// One line of the request log.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestRecord {
    pub method: Method,
    pub path: String,
    /// `None` when no HTTP answer came (network failure or timeout).
    pub status: Option<u16>,
    pub duration_ms: f64,
    pub curl: String,
    pub outcome: Option<String>,
}

pub type RecordSink = Arc<dyn Fn(RequestRecord) + Send + Sync>;

/// A decoded answer and the JSON exactly as the API sent it (what the result panel and a host's
/// events show: key order and numbers as written).
#[derive(Debug, Clone)]
pub struct Fetched<T> {
    pub value: T,
    pub raw: String,
}

#[derive(Clone)]
pub struct Client {
    pub endpoints: Endpoints,
    pub language: Language,
    pub timeout_ms: u32,
    pub session: Option<Session>,
    pub record: Option<RecordSink>,
    /// Aborts every request of this client in flight (its console was unmounted).
    pub cancel: Option<web_sys::AbortSignal>,
}

impl Client {
    pub fn new(endpoints: Endpoints) -> Self {
        Self {
            endpoints,
            language: Language::EnUs,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            session: None,
            record: None,
            cancel: None,
        }
    }

    fn session(&self) -> Result<&Session, ApiError> {
        self.session.as_ref().ok_or(ApiError::Unauthorized {
            code: None,
            message: "not signed in".into(),
        })
    }

    fn rds_request(
        &self,
        method: Method,
        path_after_project: &str,
        body: Option<String>,
        expected: &'static [u16],
    ) -> Result<ApiRequest, ApiError> {
        let session = self.session()?;
        let path = format!(
            "/rds/v1/{}{}",
            encode(&session.project_id),
            path_after_project
        );
        Ok(ApiRequest {
            method,
            url: format!("{}{}", self.endpoints.rds_base(&session.region), path),
            path,
            display_body: body.clone(),
            body,
            authenticated: true,
            expected,
        })
    }

    /// The request the create call would send, for the review step.
    pub fn create_replica_request(
        &self,
        request: &CreateReplicaRequest,
    ) -> Result<ApiRequest, ApiError> {
        let body = request.to_json().to_string();
        self.rds_request(Method::Post, "/instances", Some(body), &[200, 201, 202])
    }

    /// `POST /v3/auth/tokens` for `region`'s project (the password or the token method).
    pub fn token_request(&self, request: &TokenRequest, region: &str) -> ApiRequest {
        let path = "/v3/auth/tokens".to_owned();
        let display = match request {
            TokenRequest::Password {
                domain,
                user,
                project,
                ..
            } => TokenRequest::Password {
                domain: domain.clone(),
                user: user.clone(),
                password: PASSWORD_PLACEHOLDER.into(),
                project: project.clone(),
            },
            TokenRequest::Token { project, .. } => TokenRequest::Token {
                token: request::TOKEN_PLACEHOLDER.into(),
                project: project.clone(),
            },
        };
        ApiRequest {
            method: Method::Post,
            url: format!("{}{}", self.endpoints.iam_base(region), path),
            path,
            body: Some(request.to_json().to_string()),
            display_body: Some(display.to_json().to_string()),
            authenticated: false,
            expected: &[200, 201],
        }
    }

    /// Sends a request and returns the raw answer of an expected status, or the typed error.
    pub async fn execute(&self, request: &ApiRequest) -> Result<transport::RawResponse, ApiError> {
        let token = self.session.as_ref().map(|s| s.token.as_str());
        let started = transport::now_ms();
        let sent = transport::send(
            request,
            token,
            self.language,
            self.timeout_ms,
            self.cancel.as_ref(),
        )
        .await;
        let result = match sent {
            Err(transport::TransportError::Timeout) => Err(ApiError::Timeout {
                after_ms: self.timeout_ms,
            }),
            Err(transport::TransportError::Network(detail)) => Err(ApiError::Network { detail }),
            Ok(raw) if request.expected.contains(&raw.status) => Ok(raw),
            Ok(raw) => Err(ApiError::from_status(raw.status, &raw.body)),
        };
        if let Some(record) = &self.record {
            record(RequestRecord {
                method: request.method,
                path: request.path.clone(),
                status: match &result {
                    Ok(raw) => Some(raw.status),
                    Err(error) => error.status(),
                },
                duration_ms: transport::now_ms() - started,
                curl: request.curl(self.language),
                outcome: result.as_ref().err().map(|e| e.summary(self.language)),
            });
        }
        result
    }

    async fn fetch<T: FromJson>(&self, request: ApiRequest) -> Result<T, ApiError> {
        let raw = self.execute(&request).await?;
        decode(raw.status, &raw.body)
    }

    // Not the base of `fetch`: written that way, every `fetch` carries the body along and the
    // wasm grows by 0.8 KB gzip (measured). The two stay side by side.
    async fn fetch_with_raw<T: FromJson>(
        &self,
        request: ApiRequest,
    ) -> Result<Fetched<T>, ApiError> {
        let raw = self.execute(&request).await?;
        let value = decode(raw.status, &raw.body)?;
        Ok(Fetched {
            value,
            raw: raw.body,
        })
    }

    /// Signs in (or re-scopes a token) and returns the session for `region`'s project.
    pub async fn sign_in(&self, request: &TokenRequest, region: &str) -> Result<Session, ApiError> {
        let raw = self.execute(&self.token_request(request, region)).await?;
        let body: TokenBody = decode(raw.status, &raw.body)?;
        let token = raw
            .subject_token
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                ApiError::malformed(raw.status, "no X-Subject-Token header", &raw.body)
            })?;
        Ok(Session {
            token,
            project_id: body.token.project.id,
            region: region.to_owned(),
            expires_at: body.token.expires_at,
        })
    }

    /// `GET /v3/auth/projects`: the regions the user can work in.
    pub async fn projects(&self) -> Result<Projects, ApiError> {
        let session = self.session()?;
        let path = "/v3/auth/projects".to_owned();
        self.fetch(ApiRequest {
            method: Method::Get,
            url: format!("{}{}", self.endpoints.iam_base(&session.region), path),
            path,
            body: None,
            display_body: None,
            authenticated: true,
            expected: &[200],
        })
        .await
    }

    pub async fn versions(&self, engine: DatastoreEngine) -> Result<DatastoreVersions, ApiError> {
        let path = format!("/datastores/{}/versions", engine.as_str());
        self.fetch(self.rds_request(Method::Get, &path, None, &[200])?)
            .await
    }

    pub async fn flavors(&self, db_id: &str, region: &str) -> Result<Flavors, ApiError> {
        let path = format!("/flavors?dbId={}&region={}", encode(db_id), encode(region));
        self.fetch(self.rds_request(Method::Get, &path, None, &[200])?)
            .await
    }

    pub async fn instances(&self) -> Result<Instances, ApiError> {
        self.fetch(self.rds_request(Method::Get, "/instances", None, &[200])?)
            .await
    }

    /// The instances with the body they came in (to hand one of them on as the API wrote it).
    pub async fn instances_with_raw(&self) -> Result<Fetched<Instances>, ApiError> {
        self.fetch_with_raw(self.rds_request(Method::Get, "/instances", None, &[200])?)
            .await
    }

    pub async fn instance(&self, id: &str) -> Result<Fetched<InstanceDetail>, ApiError> {
        let path = format!("/instances/{}", encode(id));
        self.fetch_with_raw(self.rds_request(Method::Get, &path, None, &[200])?)
            .await
    }

    pub async fn create_replica(
        &self,
        request: &CreateReplicaRequest,
    ) -> Result<Fetched<CreateReplicaResponse>, ApiError> {
        self.fetch_with_raw(self.create_replica_request(request)?)
            .await
    }

    /// `GET /v3/{project_id}/jobs?id=…` on the RDS endpoint.
    pub async fn job(&self, job_id: &str) -> Result<JobResponse, ApiError> {
        let session = self.session()?;
        let path = format!(
            "/v3/{}/jobs?id={}",
            encode(&session.project_id),
            encode(job_id)
        );
        self.fetch(ApiRequest {
            method: Method::Get,
            url: format!("{}{}", self.endpoints.rds_base(&session.region), path),
            path,
            body: None,
            display_body: None,
            authenticated: true,
            expected: &[200],
        })
        .await
    }
}

/// Decodes a successful body, or says why it could not.
pub fn decode<T: FromJson>(status: u16, body: &str) -> Result<T, ApiError> {
    rds_v1::json::decode(body).map_err(|error| ApiError::malformed(status, error, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        let mut client = Client::new(Endpoints {
            rds: "https://rds.{region}.myhuaweicloud.com".into(),
            iam: "https://iam.{region}.myhuaweicloud.com".into(),
            origin: "http://localhost".into(),
        });
        client.session = Some(Session {
            token: "secret-token".into(),
            project_id: "0123456789abcdef0123456789abcdef".into(),
            region: "cn-north-4".into(),
            expires_at: String::new(),
        });
        client
    }

    #[test]
    fn the_create_request_goes_to_the_project_path_of_the_region() {
        let request = CreateReplicaRequest {
            instance: rds_v1::ReplicaSpec {
                name: "orders-rr2".into(),
                flavor_ref: "f".into(),
                replica_of: "p".into(),
                ..Default::default()
            },
        };
        let prepared = client().create_replica_request(&request).unwrap();
        assert_eq!(
            prepared.url,
            "https://rds.cn-north-4.myhuaweicloud.com/rds/v1/0123456789abcdef0123456789abcdef/instances"
        );
        assert_eq!(prepared.method, Method::Post);
        assert_eq!(
            prepared.body.as_deref(),
            Some(r#"{"instance":{"name":"orders-rr2","flavorRef":"f","replicaOf":"p"}}"#)
        );
        assert!(!prepared.curl(Language::EnUs).contains("secret-token"));
    }

    #[test]
    fn the_password_never_reaches_what_is_shown() {
        let request = TokenRequest::Password {
            domain: "demo".into(),
            user: "demo".into(),
            password: "hunter2".into(),
            project: "cn-east-3".into(),
        };
        let prepared = client().token_request(&request, "cn-east-3");
        assert_eq!(
            prepared.url,
            "https://iam.cn-east-3.myhuaweicloud.com/v3/auth/tokens"
        );
        assert!(prepared.body.as_deref().unwrap().contains("hunter2"));
        assert!(!prepared
            .display_body
            .as_deref()
            .unwrap()
            .contains("hunter2"));
        assert!(!prepared.curl(Language::EnUs).contains("hunter2"));
    }

    #[test]
    fn rescoping_shows_the_token_as_a_variable() {
        let request = TokenRequest::Token {
            token: "secret-token".into(),
            project: "ap-southeast-1".into(),
        };
        let curl = client()
            .token_request(&request, "ap-southeast-1")
            .curl(Language::EnUs);
        assert!(!curl.contains("secret-token"));
        assert!(curl.contains(r#""'"$TOKEN"'""#));
    }

    #[test]
    fn the_session_debug_output_hides_the_token() {
        let debug = format!("{:?}", client().session);
        assert!(!debug.contains("secret-token"));
    }

    #[test]
    fn decoding_errors_are_malformed_with_an_excerpt() {
        let error = decode::<Instances>(200, r#"{"instances": ["#).unwrap_err();
        assert!(
            matches!(error, ApiError::Malformed { status: 200, ref excerpt, .. } if excerpt.starts_with("{\"instances\""))
        );
        assert!(decode::<Instances>(200, r#"{"instances": [{"name": "no id"}]}"#).is_err());
    }

    #[test]
    fn calls_need_a_session() {
        let mut anonymous = client();
        anonymous.session = None;
        assert!(anonymous
            .create_replica_request(&CreateReplicaRequest {
                instance: Default::default()
            })
            .unwrap_err()
            .is_unauthorized());
    }
}
