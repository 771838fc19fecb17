//! IAM (Keystone v3): `POST /v3/auth/tokens` and `GET /v3/auth/projects`.
//!
//! Each region is a project of the account, named after the region; a token is scoped to one
//! project. The token itself travels in the `X-Subject-Token` response header, not in the body.

use serde::Serialize;
use serde_json::Value;

use crate::json::{Fields, FromJson, Json, ShapeError};

/// The response header that carries a new token.
pub const SUBJECT_TOKEN_HEADER: &str = "X-Subject-Token";

/// A token request: the password method, or the token method to re-scope to another region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenRequest {
    Password {
        domain: String,
        user: String,
        password: String,
        project: String,
    },
    Token {
        token: String,
        project: String,
    },
}

impl TokenRequest {
    /// The documented body. The password and token are in it, so never log it.
    pub fn to_json(&self) -> Json {
        let (method, credentials, project) = match self {
            Self::Password {
                domain,
                user,
                password,
                project,
            } => (
                "password",
                Json::object([(
                    "user",
                    Json::object([
                        ("name", Json::text(user)),
                        ("password", Json::text(password)),
                        ("domain", Json::object([("name", Json::text(domain))])),
                    ]),
                )]),
                project,
            ),
            Self::Token { token, project } => {
                ("token", Json::object([("id", Json::text(token))]), project)
            }
        };
        Json::object([(
            "auth",
            Json::object([
                (
                    "identity",
                    Json::object([
                        ("methods", Json::Array(vec![Json::text(method)])),
                        (method, credentials),
                    ]),
                ),
                (
                    "scope",
                    Json::object([("project", Json::object([("name", Json::text(project))]))]),
                ),
            ]),
        )])
    }

    /// Reads a request body back (what the emulator does). `None` when it is not one of the two.
    pub fn from_json(body: &Value) -> Option<Self> {
        let auth = body.get("auth")?;
        let identity = auth.get("identity")?;
        let project = auth
            .pointer("/scope/project/name")
            .and_then(Value::as_str)?
            .to_owned();
        let methods = identity.get("methods")?.as_array()?;
        let method = methods.first()?.as_str()?;
        match method {
            "password" => {
                let user = identity.pointer("/password/user")?;
                Some(Self::Password {
                    domain: user.pointer("/domain/name")?.as_str()?.to_owned(),
                    user: user.get("name")?.as_str()?.to_owned(),
                    password: user.get("password")?.as_str()?.to_owned(),
                    project,
                })
            }
            "token" => Some(Self::Token {
                token: identity.pointer("/token/id")?.as_str()?.to_owned(),
                project,
            }),
            _ => None,
        }
    }

    pub fn project(&self) -> &str {
        match self {
            Self::Password { project, .. } | Self::Token { project, .. } => project,
        }
    }
}

/// The 201 body: `{"token": {"expires_at", "project", "catalog", …}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenBody {
    pub token: TokenDetails,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenDetails {
    pub methods: Vec<String>,
    pub expires_at: String,
    pub issued_at: String,
    pub project: TokenProject,
    pub catalog: Vec<CatalogEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenProject {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogEntry {
    #[serde(rename = "type")]
    pub service_type: String,
    pub name: String,
    pub endpoints: Vec<CatalogEndpoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogEndpoint {
    pub interface: String,
    pub region_id: String,
    pub url: String,
}

/// `GET /v3/auth/projects`: the user's projects, one per region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Projects {
    pub projects: Vec<ProjectInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectInfo {
    pub id: String,
    pub name: String,
    pub domain_id: String,
    pub enabled: bool,
}

impl FromJson for TokenBody {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(TokenBody {
            token: Fields::of(value)?.required("token")?,
        })
    }
}

impl FromJson for TokenDetails {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(TokenDetails {
            methods: fields.list("methods")?,
            expires_at: fields.string("expires_at")?,
            issued_at: fields.string("issued_at")?,
            project: fields.required("project")?,
            catalog: fields.list("catalog")?,
        })
    }
}

impl FromJson for TokenProject {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(TokenProject {
            id: fields.required("id")?,
            name: fields.string("name")?,
        })
    }
}

impl FromJson for CatalogEntry {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(CatalogEntry {
            service_type: fields.string("type")?,
            name: fields.string("name")?,
            endpoints: fields.list("endpoints")?,
        })
    }
}

impl FromJson for CatalogEndpoint {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(CatalogEndpoint {
            interface: fields.string("interface")?,
            region_id: fields.string("region_id")?,
            url: fields.string("url")?,
        })
    }
}

impl FromJson for Projects {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(Projects {
            projects: Fields::of(value)?.list("projects")?,
        })
    }
}

impl FromJson for ProjectInfo {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(ProjectInfo {
            id: fields.required("id")?,
            name: fields.string("name")?,
            domain_id: fields.string("domain_id")?,
            enabled: fields.bool("enabled")?.unwrap_or(true),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn password_request_has_the_documented_shape_and_reads_back() {
        let request = TokenRequest::Password {
            domain: "demo".into(),
            user: "alice".into(),
            password: "secret".into(),
            project: "cn-north-1".into(),
        };
        let body: Value = serde_json::from_str(&request.to_json().to_string()).unwrap();
        assert_eq!(
            body.pointer("/auth/identity/methods/0"),
            Some(&json!("password"))
        );
        assert_eq!(
            body.pointer("/auth/identity/password/user/domain/name"),
            Some(&json!("demo"))
        );
        assert_eq!(
            body.pointer("/auth/scope/project/name"),
            Some(&json!("cn-north-1"))
        );
        assert_eq!(TokenRequest::from_json(&body), Some(request));
    }

    #[test]
    fn token_request_rescopes_without_a_password() {
        let request = TokenRequest::Token {
            token: "abc".into(),
            project: "cn-east-2".into(),
        };
        let body: Value = serde_json::from_str(&request.to_json().to_string()).unwrap();
        assert_eq!(body.pointer("/auth/identity/token/id"), Some(&json!("abc")));
        assert!(body.pointer("/auth/identity/password").is_none());
        assert_eq!(TokenRequest::from_json(&body), Some(request));
    }

    #[test]
    fn a_body_without_scope_is_not_a_token_request() {
        let body = json!({"auth": {"identity": {"methods": ["token"], "token": {"id": "x"}}}});
        assert_eq!(TokenRequest::from_json(&body), None);
    }
}
