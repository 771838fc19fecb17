//! The error bodies: v1 `{"errCode", "externalMessage"}`, v3 `{"error_code", "error_msg"}`, and
//! Trove/Keystone style `{"itemNotFound": {"code": 404, "message": "…"}}` (any one key).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json::Json;

/// Which of the documented shapes a body had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorShape {
    V1,
    V3,
    Trove,
}

/// An error body, whatever its shape: the vendor code (when there is one) and the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub shape: ErrorShape,
    /// `RDS.1102`, or the Trove key (`itemNotFound`) when the body has no code of its own.
    pub code: String,
    pub message: String,
}

impl ErrorBody {
    /// The v1 body the emulator answers with.
    pub fn v1(code: &str, message: &str) -> Value {
        serde_json::json!({"errCode": code, "externalMessage": message})
    }

    /// The v3 body.
    pub fn v3(code: &str, message: &str) -> Value {
        serde_json::json!({"error_code": code, "error_msg": message})
    }

    /// Recognises any of the three shapes; `None` for anything else (including invalid JSON).
    pub fn parse(text: &str) -> Option<Self> {
        Self::from_json(&crate::json::parse(text).ok()?)
    }

    pub fn from_json(value: &Json) -> Option<Self> {
        let object = value.as_object()?;
        let text = |key: &str| value.get(key).and_then(Json::as_str).map(str::to_owned);
        if let Some(code) = text("errCode") {
            return Some(Self {
                shape: ErrorShape::V1,
                code,
                message: text("externalMessage").unwrap_or_default(),
            });
        }
        if let Some(code) = text("error_code") {
            return Some(Self {
                shape: ErrorShape::V3,
                code,
                message: text("error_msg").unwrap_or_default(),
            });
        }
        if let [(key, inner)] = object {
            let message = inner.get("message").and_then(Json::as_str)?;
            return Some(Self {
                shape: ErrorShape::Trove,
                code: key.clone(),
                message: message.to_owned(),
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_shapes_are_recognised() {
        let v1 = ErrorBody::parse(r#"{"errCode":"RDS.1102","externalMessage":"exists"}"#);
        assert_eq!(
            v1.map(|b| (b.shape, b.code)),
            Some((ErrorShape::V1, "RDS.1102".into()))
        );
        let v3 = ErrorBody::parse(r#"{"error_code":"RDS.0015","error_msg":"no"}"#);
        assert_eq!(
            v3.map(|b| (b.shape, b.message)),
            Some((ErrorShape::V3, "no".into()))
        );
        let trove = ErrorBody::parse(r#"{"overLimit":{"code":413,"message":"too many"}}"#);
        assert_eq!(
            trove.map(|b| (b.shape, b.code)),
            Some((ErrorShape::Trove, "overLimit".into()))
        );
    }

    #[test]
    fn other_json_is_not_an_error_body() {
        assert_eq!(ErrorBody::parse(r#"{"instances": []}"#), None);
        assert_eq!(ErrorBody::parse("not json"), None);
        assert_eq!(ErrorBody::parse(r#"{"a": 1, "b": 2}"#), None);
    }
}
