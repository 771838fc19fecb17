//! A prepared API call: method, URL, body. Pure data, so it can be logged, shown as `curl` and
//! tested without a browser.

use crate::i18n::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// Placeholders that stand for secrets in everything shown to the user.
pub const TOKEN_PLACEHOLDER: &str = "$TOKEN";
pub const PASSWORD_PLACEHOLDER: &str = "$PASSWORD";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// The path and query, for the request log.
    pub path: String,
    /// The body as sent.
    pub body: Option<String>,
    /// The body as shown: secrets replaced by placeholders.
    pub display_body: Option<String>,
    /// Whether the call carries `X-Auth-Token`.
    pub authenticated: bool,
    /// The statuses that mean success for this call.
    pub expected: &'static [u16],
}

impl ApiRequest {
    /// The equivalent `curl` command, with the token (and any password) as shell variables.
    pub fn curl(&self, language: Language) -> String {
        let mut lines = vec![format!(
            "curl -X {} {}",
            self.method.as_str(),
            shell_quote(&self.url)
        )];
        lines.push("  -H 'Content-Type: application/json'".into());
        if self.authenticated {
            lines.push(format!("  -H \"X-Auth-Token: {TOKEN_PLACEHOLDER}\""));
        }
        lines.push(format!("  -H 'X-Language: {}'", language.code()));
        if let Some(body) = &self.display_body {
            lines.push(format!("  -d {}", shell_quote_with_variables(body)));
        }
        lines.join(" \\\n")
    }
}

/// Single-quotes a word for a POSIX shell.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Single-quotes a body but lets `$TOKEN` and `$PASSWORD` expand.
fn shell_quote_with_variables(text: &str) -> String {
    let mut quoted = shell_quote(text);
    for variable in [TOKEN_PLACEHOLDER, PASSWORD_PLACEHOLDER] {
        quoted = quoted.replace(variable, &format!("'\"{variable}\"'"));
    }
    quoted
}

/// Where the two services live. A template may hold `{region}`; an empty template or one that
/// starts with `/` is relative to the page's origin (a same-origin gateway, or the emulator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub rds: String,
    pub iam: String,
    pub origin: String,
}

impl Endpoints {
    pub fn rds_base(&self, region: &str) -> String {
        self.resolve(&self.rds, region)
    }

    pub fn iam_base(&self, region: &str) -> String {
        self.resolve(&self.iam, region)
    }

    fn resolve(&self, template: &str, region: &str) -> String {
        let filled = template.trim().replace("{region}", region);
        let base = if filled.starts_with("http://") || filled.starts_with("https://") {
            filled
        } else {
            format!("{}{}", self.origin.trim_end_matches('/'), filled)
        };
        base.trim_end_matches('/').to_owned()
    }
}

/// Percent-encodes a query value or path segment (RFC 3986 unreserved characters stay).
pub fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoints(rds: &str) -> Endpoints {
        Endpoints {
            rds: rds.into(),
            iam: "https://iam.{region}.myhuaweicloud.com".into(),
            origin: "http://127.0.0.1:8080".into(),
        }
    }

    #[test]
    fn templates_resolve_per_region_or_against_the_origin() {
        assert_eq!(
            endpoints("https://rds.{region}.myhuaweicloud.com").rds_base("cn-north-4"),
            "https://rds.cn-north-4.myhuaweicloud.com"
        );
        assert_eq!(endpoints("").rds_base("x"), "http://127.0.0.1:8080");
        assert_eq!(
            endpoints("/gw/{region}/").rds_base("eu-de"),
            "http://127.0.0.1:8080/gw/eu-de"
        );
        assert_eq!(
            endpoints("").iam_base("cn-east-3"),
            "https://iam.cn-east-3.myhuaweicloud.com"
        );
    }

    #[test]
    fn curl_shows_the_token_as_a_variable_and_quotes_the_body() {
        let request = ApiRequest {
            method: Method::Post,
            url: "https://rds.cn-north-4.myhuaweicloud.com/rds/v1/p/instances".into(),
            path: "/rds/v1/p/instances".into(),
            body: Some(r#"{"instance":{"name":"it's"}}"#.into()),
            display_body: Some(r#"{"instance":{"name":"it's"}}"#.into()),
            authenticated: true,
            expected: &[202],
        };
        let curl = request.curl(Language::ZhCn);
        assert!(curl.starts_with("curl -X POST 'https://rds.cn-north-4"));
        assert!(curl.contains(r#"-H "X-Auth-Token: $TOKEN""#));
        assert!(curl.contains("-H 'X-Language: zh-cn'"));
        assert!(curl.contains(r#"-d '{"instance":{"name":"it'\''s"}}'"#));
    }

    #[test]
    fn secrets_in_bodies_become_shell_variables() {
        let request = ApiRequest {
            method: Method::Post,
            url: "https://iam/v3/auth/tokens".into(),
            path: "/v3/auth/tokens".into(),
            body: Some(r#"{"password":"hunter2"}"#.into()),
            display_body: Some(r#"{"password":"$PASSWORD"}"#.into()),
            authenticated: false,
            expected: &[201],
        };
        let curl = request.curl(Language::EnUs);
        assert!(!curl.contains("hunter2"));
        assert!(!curl.contains("X-Auth-Token"));
        assert!(curl.contains(r#"-d '{"password":"'"$PASSWORD"'"}'"#));
    }

    #[test]
    fn encoding_keeps_unreserved_characters() {
        assert_eq!(encode("cn-north-4"), "cn-north-4");
        assert_eq!(encode("a b/c?"), "a%20b%2Fc%3F");
    }
}
