//! The language of messages and the API error every RDS handler returns, rendered as the v1
//! body `{"errCode", "externalMessage"}` or the v3 body `{"error_code", "error_msg"}`.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rds_v1::{ErrorBody, ErrorCode};

use crate::web;

/// The language asked for with `X-Language` (`en-us` by default, `zh-cn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        match web::header(headers, "x-language") {
            Some(value) if value.trim().to_ascii_lowercase().starts_with("zh") => Self::Zh,
            _ => Self::En,
        }
    }

    pub fn is_zh(self) -> bool {
        self == Self::Zh
    }
}

/// Which error body a call answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    V1,
    V3,
}

/// An error answer: HTTP status, vendor code and message in the asked language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// Gateway errors (authentication, unknown API) always use the v1 body.
    pub gateway: bool,
}

impl ApiError {
    /// A documented code with its status, its generic message and a specific detail.
    pub fn new(code: ErrorCode, lang: Lang, en: impl AsRef<str>, zh: impl AsRef<str>) -> Self {
        let message = if lang.is_zh() {
            format!("{}{}", code.message(true), zh.as_ref())
        } else {
            format!("{} {}", code.message(false), en.as_ref())
        };
        Self {
            status: code.http_status(),
            code: code.code().to_owned(),
            message,
            gateway: false,
        }
    }

    /// An API gateway error (`APIGW.*`), which is not one of the RDS codes.
    pub fn gateway(status: u16, code: &str, lang: Lang, en: String, zh: String) -> Self {
        Self {
            status,
            code: code.to_owned(),
            message: if lang.is_zh() { zh } else { en },
            gateway: true,
        }
    }

    /// The same error with another HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    pub fn respond(&self, shape: Shape) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = match (shape, self.gateway) {
            (Shape::V3, false) => ErrorBody::v3(&self.code, &self.message),
            _ => ErrorBody::v1(&self.code, &self.message),
        };
        web::json(status, &body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_the_language() {
        let en = ApiError::new(ErrorCode::NameExists, Lang::En, "(orders)", "（orders）");
        assert_eq!(en.message, "The DB instance name already exists. (orders)");
        assert_eq!(en.status, 409);
        let zh = ApiError::new(ErrorCode::NameExists, Lang::Zh, "(orders)", "（orders）");
        assert!(zh.message.starts_with("数据库实例名称已存在。"));
    }
}
