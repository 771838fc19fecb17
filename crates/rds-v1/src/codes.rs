//! The v1 error codes of the read-replica flow, with their HTTP status and a generic message in
//! each language the API speaks (`X-Language: en-us` or `zh-cn`).

/// A documented error code. The emulator answers with these; the console explains them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    ParameterError,
    EmptyBody,
    UnrecognisedParameter,
    NotAuthorised,
    NoPermission,
    InstanceNotFound,
    OperationInProgress,
    NotAllowedInStatus,
    NameExists,
    QuotaReached,
    InvalidName,
    InvalidVersion,
    UnsupportedVersion,
    InvalidFlavor,
    FlavorNotFound,
    InvalidVolumeType,
    VolumeSizeOutOfRange,
    VolumeSizeNotMultipleOfTen,
    InvalidRegion,
    InvalidAvailabilityZone,
    RegionOrZoneNotFound,
    ReplicaLimitReached,
    InvalidReplicaOf,
    PrimaryNotFound,
    NotAPrimary,
    ServerFailure,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 26] = [
        Self::ParameterError,
        Self::EmptyBody,
        Self::UnrecognisedParameter,
        Self::NotAuthorised,
        Self::NoPermission,
        Self::InstanceNotFound,
        Self::OperationInProgress,
        Self::NotAllowedInStatus,
        Self::NameExists,
        Self::QuotaReached,
        Self::InvalidName,
        Self::InvalidVersion,
        Self::UnsupportedVersion,
        Self::InvalidFlavor,
        Self::FlavorNotFound,
        Self::InvalidVolumeType,
        Self::VolumeSizeOutOfRange,
        Self::VolumeSizeNotMultipleOfTen,
        Self::InvalidRegion,
        Self::InvalidAvailabilityZone,
        Self::RegionOrZoneNotFound,
        Self::ReplicaLimitReached,
        Self::InvalidReplicaOf,
        Self::PrimaryNotFound,
        Self::NotAPrimary,
        Self::ServerFailure,
    ];

    pub fn code(self) -> &'static str {
        self.describe().0
    }

    pub fn http_status(self) -> u16 {
        self.describe().1
    }

    /// The generic message; the emulator adds specifics (which name, which flavor) to it.
    pub fn message(self, chinese: bool) -> &'static str {
        let (_, _, english, chinese_text) = self.describe();
        if chinese {
            chinese_text
        } else {
            english
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|known| known.code() == code)
    }

    fn describe(self) -> (&'static str, u16, &'static str, &'static str) {
        match self {
            Self::ParameterError => ("RDS.0001", 400, "Parameter error.", "参数错误。"),
            Self::EmptyBody => (
                "RDS.0006",
                400,
                "The request body is empty.",
                "请求体为空。",
            ),
            Self::UnrecognisedParameter => (
                "RDS.0040",
                422,
                "Unrecognised parameter.",
                "无法识别的参数。",
            ),
            Self::NotAuthorised => ("RDS.0010", 403, "Not authorised.", "没有权限。"),
            Self::NoPermission => (
                "RDS.0015",
                403,
                "The resource does not exist or you have no permission.",
                "资源不存在或没有权限。",
            ),
            Self::InstanceNotFound => (
                "RDS.1103",
                404,
                "The DB instance does not exist.",
                "数据库实例不存在。",
            ),
            Self::OperationInProgress => (
                "RDS.0011",
                409,
                "Another operation is in progress on the instance.",
                "实例上有其他操作正在进行。",
            ),
            Self::NotAllowedInStatus => (
                "RDS.0056",
                409,
                "The operation is not allowed in the instance's type or status.",
                "当前实例类型或状态不允许该操作。",
            ),
            Self::NameExists => (
                "RDS.1102",
                409,
                "The DB instance name already exists.",
                "数据库实例名称已存在。",
            ),
            Self::QuotaReached => ("RDS.1112", 413, "Instance quota reached.", "实例配额不足。"),
            Self::InvalidName => (
                "RDS.5001",
                400,
                "Invalid instance name.",
                "实例名称不合法。",
            ),
            Self::InvalidVersion => (
                "RDS.5003",
                400,
                "Invalid engine version.",
                "数据库版本不合法。",
            ),
            Self::UnsupportedVersion => (
                "RDS.5005",
                400,
                "Unsupported engine version.",
                "不支持的数据库版本。",
            ),
            Self::InvalidFlavor => ("RDS.5006", 400, "Invalid flavor.", "规格不合法。"),
            Self::FlavorNotFound => (
                "RDS.5007",
                404,
                "The flavor does not exist.",
                "规格不存在。",
            ),
            Self::InvalidVolumeType => {
                ("RDS.5008", 400, "Invalid volume type.", "磁盘类型不合法。")
            }
            Self::VolumeSizeOutOfRange => (
                "RDS.5009",
                400,
                "The volume size is out of range.",
                "磁盘大小超出范围。",
            ),
            Self::VolumeSizeNotMultipleOfTen => (
                "RDS.5033",
                400,
                "The volume size must be a multiple of 10.",
                "磁盘大小必须是10的整数倍。",
            ),
            Self::InvalidRegion => ("RDS.5010", 400, "Invalid region.", "区域不合法。"),
            Self::InvalidAvailabilityZone => (
                "RDS.5011",
                400,
                "Invalid availability zone.",
                "可用区不合法。",
            ),
            Self::RegionOrZoneNotFound => (
                "RDS.5012",
                404,
                "The region or availability zone does not exist.",
                "区域或可用区不存在。",
            ),
            Self::ReplicaLimitReached => (
                "RDS.5024",
                413,
                "The primary already has the maximum number of read replicas.",
                "主实例的只读实例数量已达上限。",
            ),
            Self::InvalidReplicaOf => (
                "RDS.5032",
                400,
                "Invalid replicaOf.",
                "replicaOf 参数不合法。",
            ),
            Self::PrimaryNotFound => (
                "RDS.5042",
                404,
                "The primary instance does not exist.",
                "主实例不存在。",
            ),
            Self::NotAPrimary => (
                "RDS.5043",
                400,
                "replicaOf is not a primary instance.",
                "replicaOf 指定的实例不是主实例。",
            ),
            Self::ServerFailure => ("RDS.9999", 500, "Server failure.", "服务器内部错误。"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_and_reads_back() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_code(code.code()), Some(code));
            assert!(code.code().starts_with("RDS."));
            assert!((400..600).contains(&code.http_status()));
            assert!(!code.message(true).is_empty() && !code.message(false).is_empty());
        }
    }

    #[test]
    fn documented_statuses() {
        assert_eq!(ErrorCode::ReplicaLimitReached.http_status(), 413);
        assert_eq!(ErrorCode::PrimaryNotFound.http_status(), 404);
        assert_eq!(ErrorCode::NotAllowedInStatus.http_status(), 409);
        assert_eq!(ErrorCode::NotAuthorised.http_status(), 403);
    }
}
