//! What a page tells the console: endpoints, region, language, optional demo credentials.
//! The standalone page passes it as `data-*` attributes of the mount element (see `index.html`).

use crate::api::{Endpoints, DEFAULT_TIMEOUT_MS};
use crate::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `https://rds.{region}.myhuaweicloud.com`; empty: the page's own origin.
    pub rds_endpoint: String,
    /// `https://iam.{region}.myhuaweicloud.com`; empty: the page's own origin.
    pub iam_endpoint: String,
    /// The page's origin, for relative endpoints and the curl preview.
    pub origin: String,
    /// The region to sign in to first.
    pub region: String,
    /// The project of `region`, when the host already holds a token for it.
    pub project_id: String,
    /// `None`: from the browser's preferences.
    pub language: Option<Language>,
    /// Prefilled sign-in (the emulator's demo account); never a real password.
    pub account: String,
    pub user: String,
    pub password: String,
    pub timeout_ms: u32,
    /// The maximum number of read replicas per primary.
    pub replica_limit: usize,
    /// Keep region, primary, flavor and name in the page's URL (standalone page only).
    pub sync_url: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            rds_endpoint: "https://rds.{region}.myhuaweicloud.com".into(),
            iam_endpoint: "https://iam.{region}.myhuaweicloud.com".into(),
            origin: String::new(),
            region: "cn-north-4".into(),
            project_id: String::new(),
            language: None,
            account: String::new(),
            user: String::new(),
            password: String::new(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            replica_limit: rds_v1::rules::DEFAULT_REPLICA_LIMIT,
            sync_url: true,
        }
    }
}

impl Config {
    /// Builds a config from `data-*` attribute lookups (`endpoint`, `iam-endpoint`, `region`,
    /// `language`, `account`, `user`, `password`, `timeout-ms`, `replica-limit`).
    pub fn from_attributes(origin: &str, get: impl Fn(&str) -> Option<String>) -> Self {
        let defaults = Config::default();
        Self {
            rds_endpoint: get("endpoint").unwrap_or(defaults.rds_endpoint),
            iam_endpoint: get("iam-endpoint").unwrap_or(defaults.iam_endpoint),
            origin: origin.to_owned(),
            region: get("region")
                .filter(|r| !r.is_empty())
                .unwrap_or(defaults.region),
            project_id: get("project-id").unwrap_or_default(),
            language: get("language").and_then(|tag| Language::parse(&tag)),
            account: get("account").unwrap_or_default(),
            user: get("user").unwrap_or_default(),
            password: get("password").unwrap_or_default(),
            timeout_ms: get("timeout-ms")
                .and_then(|ms| ms.parse().ok())
                .unwrap_or(defaults.timeout_ms),
            replica_limit: get("replica-limit")
                .and_then(|n| n.parse().ok())
                .unwrap_or(defaults.replica_limit),
            sync_url: get("sync-url").map(|v| v != "false").unwrap_or(true),
        }
    }

    pub fn endpoints(&self) -> Endpoints {
        Endpoints {
            rds: self.rds_endpoint.clone(),
            iam: self.iam_endpoint.clone(),
            origin: self.origin.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn attributes_override_defaults() {
        let attributes = HashMap::from([
            ("endpoint", ""),
            ("iam-endpoint", ""),
            ("region", "cn-east-3"),
            ("language", "zh-CN"),
            ("timeout-ms", "500"),
        ]);
        let config = Config::from_attributes("http://127.0.0.1:8080", |key| {
            attributes.get(key).map(|v| v.to_string())
        });
        assert_eq!(config.rds_endpoint, "");
        assert_eq!(config.region, "cn-east-3");
        assert_eq!(config.language, Some(Language::ZhCn));
        assert_eq!(config.timeout_ms, 500);
        assert_eq!(config.endpoints().rds_base("x"), "http://127.0.0.1:8080");
        let bare = Config::from_attributes("o", |_| None);
        assert_eq!(
            bare,
            Config {
                origin: "o".into(),
                ..Config::default()
            }
        );
    }
}
