//! The two languages of the console and the API (`X-Language`), and every fixed text of the UI.
//!
//! Texts are plain `&'static str` fields of one struct per language, so a missing translation is
//! a compile error. Messages with values are functions on [`Language`].

/// The console's language; also sent as `X-Language` so API errors come back in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    EnUs,
    ZhCn,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::EnUs, Language::ZhCn];

    /// The `X-Language` value.
    pub fn code(self) -> &'static str {
        match self {
            Self::EnUs => "en-us",
            Self::ZhCn => "zh-cn",
        }
    }

    /// The `lang` attribute of the console's root.
    pub fn html_lang(self) -> &'static str {
        match self {
            Self::EnUs => "en",
            Self::ZhCn => "zh-CN",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::EnUs => "English",
            Self::ZhCn => "中文",
        }
    }

    /// Reads `zh-cn`, `zh-CN`, `zh`, `zh-Hans-CN`, `en-us`, `en-GB`, …; other languages are `None`.
    pub fn parse(tag: &str) -> Option<Self> {
        let tag = tag.trim().to_ascii_lowercase();
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        match primary {
            "zh" => Some(Self::ZhCn),
            "en" => Some(Self::EnUs),
            _ => None,
        }
    }

    /// The first supported language among the browser's preferences, English otherwise.
    pub fn from_preferences<'a>(tags: impl IntoIterator<Item = &'a str>) -> Self {
        tags.into_iter().find_map(Self::parse).unwrap_or_default()
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Self::EnUs => &EN_US,
            Self::ZhCn => &ZH_CN,
        }
    }

    fn pick(self, english: String, chinese: String) -> String {
        match self {
            Self::EnUs => english,
            Self::ZhCn => chinese,
        }
    }

    pub fn seconds(self, seconds: u64) -> String {
        let (minutes, rest) = (seconds / 60, seconds % 60);
        match (self, minutes) {
            (Self::EnUs, 0) => format!("{rest} s"),
            (Self::EnUs, _) => format!("{minutes} min {rest:02} s"),
            (Self::ZhCn, 0) => format!("{rest} 秒"),
            (Self::ZhCn, _) => format!("{minutes} 分 {rest:02} 秒"),
        }
    }

    pub fn replica_count(self, count: usize, limit: usize) -> String {
        self.pick(
            format!("{count} of {limit} replicas"),
            format!("只读实例 {count}/{limit}"),
        )
    }

    pub fn more_matches(self, hidden: usize) -> String {
        self.pick(
            format!("{hidden} more match; type to narrow the list"),
            format!("还有 {hidden} 个匹配项，请输入以缩小范围"),
        )
    }

    pub fn matches(self, shown: usize, total: usize) -> String {
        self.pick(
            format!("{shown} of {total} instances"),
            format!("共 {total} 个实例，显示 {shown} 个"),
        )
    }

    pub fn volume_at_least(self, minimum: u32) -> String {
        self.pick(
            format!("At least {minimum} GB (the primary's size or the minimum of 40 GB)."),
            format!("至少 {minimum} GB（主实例的大小或最小值 40 GB）。"),
        )
    }

    pub fn volume_at_most(self, maximum: u32) -> String {
        self.pick(
            format!("At most {maximum} GB."),
            format!("最多 {maximum} GB。"),
        )
    }

    pub fn name_invalid_character(self, character: char) -> String {
        self.pick(
            format!("“{character}” is not allowed: use letters, digits, “-” and “_”."),
            format!("不允许使用“{character}”：只能使用字母、数字、“-”和“_”。"),
        )
    }

    pub fn name_taken(self, name: &str) -> String {
        self.pick(
            format!("An instance named “{name}” already exists in this region."),
            format!("该区域已存在名为“{name}”的实例。"),
        )
    }

    pub fn replica_found_after_unknown_outcome(self, name: &str) -> String {
        self.pick(
            format!("The request's answer was lost, but the replica “{name}” exists: it was created once, and is followed below."),
            format!("请求的响应丢失，但只读实例“{name}”已存在：它只被创建了一次，下方正在跟踪其状态。"),
        )
    }

    pub fn elapsed(self, seconds: u64) -> String {
        self.pick(
            format!("elapsed {}", self.seconds(seconds)),
            format!("已用时 {}", self.seconds(seconds)),
        )
    }
}

/// Every fixed text of the UI, in one language.
pub struct Texts {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub language: &'static str,
    pub sign_in_heading: &'static str,
    pub sign_in_hint: &'static str,
    pub account: &'static str,
    pub user: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub signing_in: &'static str,
    pub use_token: &'static str,
    pub use_password: &'static str,
    pub token: &'static str,
    pub project_id: &'static str,
    pub sign_out: &'static str,
    pub session_expired: &'static str,
    pub region: &'static str,
    pub primary_instance: &'static str,
    pub filter_primaries: &'static str,
    pub choose_primary: &'static str,
    pub engine_version: &'static str,
    pub flavor: &'static str,
    pub choose_flavor: &'static str,
    pub replica_flavors: &'static str,
    pub other_flavors: &'static str,
    pub primary_class: &'static str,
    pub replica_name: &'static str,
    pub availability_zone: &'static str,
    pub same_as_primary: &'static str,
    pub storage_type: &'static str,
    pub storage_size: &'static str,
    pub optional: &'static str,
    pub create: &'static str,
    pub creating: &'static str,
    pub review: &'static str,
    pub request_body: &'static str,
    pub curl_command: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub download: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub dismiss: &'static str,
    pub no_instances: &'static str,
    pub reason_not_master: &'static str,
    pub reason_not_active: &'static str,
    pub reason_engine: &'static str,
    pub reason_limit: &'static str,
    pub reason_unknown_engine: &'static str,
    pub version_unknown: &'static str,
    pub name_empty: &'static str,
    pub name_too_short: &'static str,
    pub name_too_long: &'static str,
    pub name_first_letter: &'static str,
    pub volume_not_multiple: &'static str,
    pub volume_not_number: &'static str,
    pub fix_fields: &'static str,
    pub result: &'static str,
    pub returned_json: &'static str,
    pub status_build: &'static str,
    pub status_active: &'static str,
    pub status_failed: &'static str,
    pub create_another: &'static str,
    pub request_log: &'static str,
    pub log_empty: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub status: &'static str,
    pub duration: &'static str,
    pub checking_outcome: &'static str,
    pub outcome_not_created: &'static str,
    pub vendor_code: &'static str,
    pub versions_heading: &'static str,
}

pub static EN_US: Texts = Texts {
    title: "Create a read replica",
    subtitle: "Huawei Cloud RDS · API v1",
    language: "Language",
    sign_in_heading: "Sign in",
    sign_in_hint: "An IAM user of the account. The token stays in this page's memory only.",
    account: "Account",
    user: "User",
    password: "Password",
    sign_in: "Sign in",
    signing_in: "Signing in…",
    use_token: "Use a token instead",
    use_password: "Use a password instead",
    token: "IAM token",
    project_id: "Project ID",
    sign_out: "Sign out",
    session_expired: "Your session expired. Sign in again to continue where you were.",
    region: "Region",
    primary_instance: "Primary instance",
    filter_primaries: "Filter primaries",
    choose_primary: "Choose a primary instance",
    engine_version: "Engine version",
    flavor: "Flavor",
    choose_flavor: "Choose a flavor",
    replica_flavors: "Read-replica flavors",
    other_flavors: "Single and HA flavors (not for replicas)",
    primary_class: "same class as the primary",
    replica_name: "Replica name",
    availability_zone: "Availability zone",
    same_as_primary: "Same as the primary",
    storage_type: "Storage type",
    storage_size: "Storage size (GB)",
    optional: "optional",
    create: "Create read replica",
    creating: "Creating…",
    review: "Review",
    request_body: "Request body",
    curl_command: "Equivalent curl command",
    copy: "Copy",
    copied: "Copied",
    download: "Download",
    loading: "Loading…",
    retry: "Retry",
    dismiss: "Dismiss",
    no_instances: "No DB instances in this region.",
    reason_not_master: "not a primary",
    reason_not_active: "not ACTIVE",
    reason_engine: "SQL Server has no read replicas",
    reason_limit: "replica limit reached",
    reason_unknown_engine: "engine unknown",
    version_unknown: "The primary's engine version is not in the versions list.",
    name_empty: "Enter a name.",
    name_too_short: "At least 4 characters.",
    name_too_long: "At most 64 characters.",
    name_first_letter: "Start with a letter.",
    volume_not_multiple: "Use a multiple of 10 GB.",
    volume_not_number: "Enter a whole number of GB.",
    fix_fields: "Fix the highlighted fields.",
    result: "Result",
    returned_json: "Instance JSON returned by the API",
    status_build: "Building",
    status_active: "The replica is ACTIVE.",
    status_failed: "The replica FAILED.",
    create_another: "Create another replica",
    request_log: "Request log",
    log_empty: "No API calls yet.",
    method: "Method",
    path: "Path",
    status: "Status",
    duration: "Duration",
    checking_outcome: "The answer was lost; checking whether the replica was created…",
    outcome_not_created: "The replica was not created. You can safely retry.",
    vendor_code: "code",
    versions_heading: "MySQL versions",
};

pub static ZH_CN: Texts = Texts {
    title: "创建只读实例",
    subtitle: "华为云 RDS · API v1",
    language: "语言",
    sign_in_heading: "登录",
    sign_in_hint: "账号下的 IAM 用户。令牌只保存在本页面的内存中。",
    account: "账号",
    user: "用户",
    password: "密码",
    sign_in: "登录",
    signing_in: "正在登录…",
    use_token: "改用令牌",
    use_password: "改用密码",
    token: "IAM 令牌",
    project_id: "项目 ID",
    sign_out: "退出",
    session_expired: "会话已过期。重新登录后将回到当前位置。",
    region: "区域",
    primary_instance: "主实例",
    filter_primaries: "筛选主实例",
    choose_primary: "请选择主实例",
    engine_version: "数据库版本",
    flavor: "规格",
    choose_flavor: "请选择规格",
    replica_flavors: "只读实例规格",
    other_flavors: "单机和主备规格（不可用于只读实例）",
    primary_class: "与主实例同类",
    replica_name: "只读实例名称",
    availability_zone: "可用区",
    same_as_primary: "与主实例相同",
    storage_type: "存储类型",
    storage_size: "存储空间 (GB)",
    optional: "可选",
    create: "创建只读实例",
    creating: "正在创建…",
    review: "确认",
    request_body: "请求体",
    curl_command: "等效的 curl 命令",
    copy: "复制",
    copied: "已复制",
    download: "下载",
    loading: "加载中…",
    retry: "重试",
    dismiss: "关闭",
    no_instances: "该区域没有数据库实例。",
    reason_not_master: "不是主实例",
    reason_not_active: "状态不是 ACTIVE",
    reason_engine: "SQL Server 不支持只读实例",
    reason_limit: "只读实例数量已达上限",
    reason_unknown_engine: "引擎未知",
    version_unknown: "主实例的数据库版本不在版本列表中。",
    name_empty: "请输入名称。",
    name_too_short: "至少 4 个字符。",
    name_too_long: "最多 64 个字符。",
    name_first_letter: "必须以字母开头。",
    volume_not_multiple: "必须是 10 GB 的整数倍。",
    volume_not_number: "请输入整数 GB。",
    fix_fields: "请修正标出的字段。",
    result: "结果",
    returned_json: "API 返回的实例 JSON",
    status_build: "创建中",
    status_active: "只读实例已是 ACTIVE 状态。",
    status_failed: "只读实例创建失败（FAILED）。",
    create_another: "再创建一个只读实例",
    request_log: "请求日志",
    log_empty: "还没有 API 调用。",
    method: "方法",
    path: "路径",
    status: "状态",
    duration: "耗时",
    checking_outcome: "响应丢失，正在检查只读实例是否已创建…",
    outcome_not_created: "只读实例未被创建，可以放心重试。",
    vendor_code: "错误码",
    versions_heading: "MySQL 版本",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_tags_map_to_languages() {
        assert_eq!(Language::parse("zh-CN"), Some(Language::ZhCn));
        assert_eq!(Language::parse("zh-Hans-CN"), Some(Language::ZhCn));
        assert_eq!(Language::parse("en_GB"), Some(Language::EnUs));
        assert_eq!(Language::parse("fr"), None);
        assert_eq!(
            Language::from_preferences(["fr-FR", "zh-TW", "en"]),
            Language::ZhCn
        );
        assert_eq!(Language::from_preferences(["de"]), Language::EnUs);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(Language::EnUs.seconds(7), "7 s");
        assert_eq!(Language::EnUs.seconds(75), "1 min 15 s");
        assert_eq!(Language::ZhCn.seconds(75), "1 分 15 秒");
    }
}
