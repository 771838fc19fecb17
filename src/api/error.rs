//! What can go wrong with an API call, told apart so the UI can say what failed and what to do.

use rds_v1::ErrorBody;

use crate::i18n::Language;

/// A failed API call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an HTTP answer (DNS, connection refused, CORS, offline…).
    Network { detail: String },
    /// No answer within the timeout; the request was aborted.
    Timeout { after_ms: u32 },
    /// 401: the token is missing, invalid or expired.
    Unauthorized {
        code: Option<String>,
        message: String,
    },
    /// An error answer in one of the documented shapes.
    Api {
        status: u16,
        code: String,
        message: String,
    },
    /// A body that does not decode (invalid JSON, or JSON of the wrong shape).
    Malformed {
        status: u16,
        detail: String,
        excerpt: String,
    },
    /// A status the call does not expect, without a recognisable error body.
    UnexpectedStatus { status: u16, excerpt: String },
}

const EXCERPT_CHARS: usize = 120;

/// The start of a body, on a character boundary, for error messages.
pub fn excerpt(body: &str) -> String {
    let trimmed = body.trim();
    let mut short: String = trimmed.chars().take(EXCERPT_CHARS).collect();
    if short.len() < trimmed.len() {
        short.push('…');
    }
    short
}

impl ApiError {
    /// Classifies an answer whose status is not one the call expects.
    pub fn from_status(status: u16, body: &str) -> Self {
        let parsed = ErrorBody::parse(body);
        if status == 401 {
            let (code, message) = match parsed {
                Some(body) => (Some(body.code), body.message),
                None => (None, excerpt(body)),
            };
            return Self::Unauthorized { code, message };
        }
        match parsed {
            Some(body) => Self::Api {
                status,
                code: body.code,
                message: body.message,
            },
            None => Self::UnexpectedStatus {
                status,
                excerpt: excerpt(body),
            },
        }
    }

    pub fn malformed(status: u16, detail: impl ToString, body: &str) -> Self {
        Self::Malformed {
            status,
            detail: detail.to_string(),
            excerpt: excerpt(body),
        }
    }

    /// True when the request may or may not have taken effect: the answer was lost. A create
    /// that ends like this must be checked before it is sent again.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            Self::Network { .. } | Self::Timeout { .. } => true,
            Self::UnexpectedStatus { status, .. } => matches!(status, 502 | 504),
            _ => false,
        }
    }

    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Self::Unauthorized { .. })
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Network { .. } | Self::Timeout { .. } => None,
            Self::Unauthorized { .. } => Some(401),
            Self::Api { status, .. }
            | Self::Malformed { status, .. }
            | Self::UnexpectedStatus { status, .. } => Some(*status),
        }
    }

    /// The vendor's error code, when the answer had one.
    pub fn vendor_code(&self) -> Option<&str> {
        match self {
            Self::Api { code, .. } => Some(code),
            Self::Unauthorized { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// What failed, in the user's language.
    pub fn summary(&self, language: Language) -> String {
        let zh = language == Language::ZhCn;
        match self {
            Self::Network { detail } if zh => format!("无法连接到服务：{detail}"),
            Self::Network { detail } => format!("The service could not be reached: {detail}"),
            Self::Timeout { after_ms } if zh => {
                format!("服务在 {} 秒内没有响应，请求已取消。", after_ms / 1000)
            }
            Self::Timeout { after_ms } => format!(
                "The service did not answer within {} s; the request was cancelled.",
                after_ms / 1000
            ),
            Self::Unauthorized { .. } if zh => "令牌无效或已过期（401）。".into(),
            Self::Unauthorized { .. } => "The token is invalid or has expired (401).".into(),
            Self::Api {
                status, message, ..
            } if zh => format!("服务拒绝了请求（HTTP {status}）：{message}"),
            Self::Api {
                status, message, ..
            } => format!("The service refused the request (HTTP {status}): {message}"),
            Self::Malformed {
                status, excerpt, ..
            } if zh => format!("服务返回了无法解析的响应（HTTP {status}）：{excerpt}"),
            Self::Malformed {
                status, excerpt, ..
            } => format!("The service sent a malformed response (HTTP {status}): {excerpt}"),
            Self::UnexpectedStatus { status, excerpt } if zh => {
                format!("服务返回了意外的状态 HTTP {status}：{excerpt}")
            }
            Self::UnexpectedStatus { status, excerpt } => {
                format!("The service answered with an unexpected HTTP {status}: {excerpt}")
            }
        }
    }

    /// What to do about it, in the user's language.
    pub fn advice(&self, language: Language) -> &'static str {
        let zh = language == Language::ZhCn;
        let pick =
            |english: &'static str, chinese: &'static str| if zh { chinese } else { english };
        match self {
            Self::Network { .. } => pick(
                "Check the network connection and the endpoint setting, then retry.",
                "请检查网络连接和终端节点配置，然后重试。",
            ),
            Self::Timeout { .. } => pick(
                "The service may be busy: retry in a moment.",
                "服务可能繁忙，请稍后重试。",
            ),
            Self::Unauthorized { .. } => pick(
                "Sign in again; the form keeps what you typed.",
                "请重新登录，表单中的内容会保留。",
            ),
            Self::Malformed { .. } | Self::UnexpectedStatus { .. } => pick(
                "Retry; if it persists, the endpoint may not be an RDS v1 service.",
                "请重试；如果问题持续，终端节点可能不是 RDS v1 服务。",
            ),
            Self::Api { status, code, .. } => advice_for_code(code, *status, zh),
        }
    }
}

fn advice_for_code(code: &str, status: u16, zh: bool) -> &'static str {
    let pick = |english: &'static str, chinese: &'static str| if zh { chinese } else { english };
    match code {
        "RDS.1102" => pick(
            "Choose another replica name.",
            "请换一个只读实例名称。",
        ),
        "RDS.5001" => pick(
            "Fix the replica name: 4–64 characters, a letter first, then letters, digits, - or _.",
            "请修改名称：4–64 个字符，以字母开头，只能包含字母、数字、- 和 _。",
        ),
        "RDS.5024" => pick(
            "This primary has the maximum number of read replicas: choose another primary or delete a replica.",
            "该主实例的只读实例数量已达上限：请选择其他主实例或删除一个只读实例。",
        ),
        "RDS.0056" | "RDS.0011" => pick(
            "The primary is busy or not ACTIVE: wait until it is ACTIVE, then retry.",
            "主实例正忙或不是 ACTIVE 状态：请等待其变为 ACTIVE 后重试。",
        ),
        "RDS.5042" | "RDS.1103" | "RDS.0002" => pick(
            "The primary no longer exists: reload the instance list and choose again.",
            "主实例已不存在：请刷新实例列表后重新选择。",
        ),
        "RDS.5006" | "RDS.5007" => pick(
            "Choose another flavor from the list.",
            "请从列表中选择其他规格。",
        ),
        "RDS.5008" | "RDS.5009" | "RDS.5033" => pick(
            "Fix the storage type or size.",
            "请修改存储类型或大小。",
        ),
        "RDS.1112" => pick(
            "The account's instance quota is used up: ask for more quota or delete an instance.",
            "账号的实例配额已用完：请申请更多配额或删除实例。",
        ),
        "RDS.0010" | "RDS.0015" => pick(
            "The token is not allowed here (another region's project?): sign in for this region.",
            "令牌无权访问（可能属于其他区域的项目）：请登录该区域。",
        ),
        _ => match status {
            403 => pick(
                "You lack permission: ask the account's administrator for RDS rights.",
                "没有权限：请联系账号管理员授予 RDS 权限。",
            ),
            404 => pick(
                "The resource was not found: reload and choose again.",
                "资源不存在：请刷新后重新选择。",
            ),
            409 => pick(
                "The resource is in a conflicting state: wait a moment and retry.",
                "资源状态冲突：请稍后重试。",
            ),
            413 => pick(
                "A limit was reached: free some capacity, then retry.",
                "已达到限制：请释放部分资源后重试。",
            ),
            500..=599 => pick(
                "The service failed: retry in a moment.",
                "服务出现故障：请稍后重试。",
            ),
            _ => pick(
                "Check the form and retry.",
                "请检查表单后重试。",
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_401_is_unauthorized_whatever_the_body() {
        let error = ApiError::from_status(
            401,
            r#"{"errCode":"APIGW.0301","externalMessage":"bad token"}"#,
        );
        assert_eq!(
            error,
            ApiError::Unauthorized {
                code: Some("APIGW.0301".into()),
                message: "bad token".into()
            }
        );
        assert!(ApiError::from_status(401, "").is_unauthorized());
    }

    #[test]
    fn documented_error_bodies_carry_code_and_message() {
        let v1 = ApiError::from_status(409, r#"{"errCode":"RDS.1102","externalMessage":"exists"}"#);
        assert_eq!(v1.vendor_code(), Some("RDS.1102"));
        assert_eq!(v1.status(), Some(409));
        assert!(v1.advice(Language::EnUs).contains("another replica name"));
        let trove = ApiError::from_status(404, r#"{"itemNotFound":{"code":404,"message":"gone"}}"#);
        assert_eq!(trove.vendor_code(), Some("itemNotFound"));
        let v3 = ApiError::from_status(403, r#"{"error_code":"RDS.0015","error_msg":"no"}"#);
        assert!(v3.summary(Language::ZhCn).contains("no"));
    }

    #[test]
    fn other_bodies_are_unexpected_statuses_with_an_excerpt() {
        let error = ApiError::from_status(502, "<html>Bad gateway</html>");
        assert_eq!(
            error,
            ApiError::UnexpectedStatus {
                status: 502,
                excerpt: "<html>Bad gateway</html>".into()
            }
        );
        assert!(error.outcome_unknown());
    }

    #[test]
    fn excerpts_are_short_and_cut_on_char_boundaries() {
        let long = "数".repeat(500);
        let short = excerpt(&long);
        assert_eq!(short.chars().count(), EXCERPT_CHARS + 1);
        assert!(short.ends_with('…'));
    }

    #[test]
    fn only_lost_answers_leave_the_outcome_unknown() {
        assert!(ApiError::Timeout { after_ms: 15000 }.outcome_unknown());
        assert!(ApiError::Network { detail: "x".into() }.outcome_unknown());
        assert!(
            !ApiError::from_status(500, r#"{"errCode":"RDS.9999","externalMessage":"x"}"#)
                .outcome_unknown()
        );
    }

    #[test]
    fn every_variant_speaks_both_languages() {
        let errors = [
            ApiError::Network {
                detail: "refused".into(),
            },
            ApiError::Timeout { after_ms: 15000 },
            ApiError::from_status(401, ""),
            ApiError::from_status(413, r#"{"errCode":"RDS.5024","externalMessage":"limit"}"#),
            ApiError::malformed(200, "EOF", "{\"instances\": ["),
            ApiError::from_status(418, "teapot"),
        ];
        for error in errors {
            for language in Language::ALL {
                assert!(!error.summary(language).is_empty());
                assert!(!error.advice(language).is_empty());
            }
            assert_ne!(error.summary(Language::EnUs), error.summary(Language::ZhCn));
        }
    }
}
