//! The create-replica checks, in the documented order: first the body alone ([`parse`]), then
//! against the store ([`create`], called with the store locked so that the check and the insert
//! are one step).

use std::time::{Duration, Instant, SystemTime};

use rds_v1::rules::{self, NameError, VolumeError};
use rds_v1::{
    DataStoreInfo, ErrorCode, ExtendParam, IdRef, Instance, InstanceStatus, InstanceType,
    ReplicaSpec, Volume, VolumeType,
};
use serde_json::{Map, Value};

use crate::catalog::{zones, Catalog, FlavorKind};
use crate::error::{ApiError, Lang};
use crate::seed::{hostname_for, used_for};
use crate::store::{is_master, Build, CreateLog, Project, Record, Store};

/// The keys the create call defines for `instance`.
pub const KNOWN_KEYS: [&str; 15] = [
    "name",
    "flavorRef",
    "replicaOf",
    "volume",
    "region",
    "availabilityZone",
    "vpc",
    "nics",
    "securityGroup",
    "dbPort",
    "datastore",
    "backupStrategy",
    "password",
    "ha",
    "configurationId",
];

/// A region named in a request must be the region of the token's project.
pub fn same_region(region: &str, project: &Project, lang: Lang) -> Result<(), ApiError> {
    if region == project.region {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::InvalidRegion,
        lang,
        format!(
            "Region {region:?} is not {}, the region of this project.",
            project.region
        ),
        format!("区域 {region:?} 不是本项目的区域 {}。", project.region),
    ))
}

fn parameter(lang: Lang, en: impl AsRef<str>, zh: impl AsRef<str>) -> ApiError {
    ApiError::new(ErrorCode::ParameterError, lang, en, zh)
}

fn unrecognised(lang: Lang, key: &str) -> ApiError {
    ApiError::new(
        ErrorCode::UnrecognisedParameter,
        lang,
        format!("Unknown key: {key}."),
        format!("未知的参数：{key}。"),
    )
}

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Object,
    Integer,
    IntegerOrText,
}

impl Kind {
    fn matches(self, value: &Value) -> bool {
        match self {
            Self::Text => value.is_string(),
            Self::Object => value.is_object(),
            Self::Integer => value.is_i64() || value.is_u64(),
            Self::IntegerOrText => value.is_i64() || value.is_u64() || value.is_string(),
        }
    }

    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Self::Text => ("a string", "字符串"),
            Self::Object => ("an object", "对象"),
            Self::Integer => ("an integer", "整数"),
            Self::IntegerOrText => ("an integer", "整数"),
        }
    }
}

/// `null` counts as absent.
fn check_type(
    object: &Map<String, Value>,
    path: &str,
    key: &str,
    kind: Kind,
    lang: Lang,
) -> Result<(), ApiError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(()),
        Some(value) if kind.matches(value) => Ok(()),
        Some(_) => {
            let (en, zh) = kind.describe();
            Err(parameter(
                lang,
                format!("{path}{key} must be {en}."),
                format!("{path}{key} 必须是{zh}。"),
            ))
        }
    }
}

fn present(object: &Map<String, Value>, key: &str) -> bool {
    !matches!(object.get(key), None | Some(Value::Null))
}

/// Checks the body alone: empty, JSON, shape, unknown keys, types, required fields.
pub fn parse(bytes: &[u8], lang: Lang) -> Result<ReplicaSpec, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::new(
            ErrorCode::EmptyBody,
            lang,
            "Send {\"instance\": {\"name\", \"flavorRef\", \"replicaOf\"}}.",
            "请发送 {\"instance\": {\"name\", \"flavorRef\", \"replicaOf\"}}。",
        ));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|error| {
        parameter(
            lang,
            format!("The body is not valid JSON ({error})."),
            format!("请求体不是合法的 JSON（{error}）。"),
        )
    })?;
    let Some(top) = value.as_object() else {
        return Err(parameter(
            lang,
            "The body must be a JSON object {\"instance\": {...}}.",
            "请求体必须是 JSON 对象 {\"instance\": {...}}。",
        ));
    };
    if let Some(key) = top.keys().find(|key| key.as_str() != "instance") {
        return Err(unrecognised(lang, key));
    }
    let Some(instance) = top.get("instance").and_then(Value::as_object) else {
        return Err(parameter(
            lang,
            "The body must be {\"instance\": {...}} with an object.",
            "请求体必须是 {\"instance\": {...}}，且 instance 为对象。",
        ));
    };
    if let Some(key) = instance
        .keys()
        .find(|key| !KNOWN_KEYS.contains(&key.as_str()))
    {
        return Err(unrecognised(lang, &format!("instance.{key}")));
    }
    let path = "instance.";
    for key in [
        "name",
        "flavorRef",
        "replicaOf",
        "region",
        "availabilityZone",
        "vpc",
        "password",
        "configurationId",
    ] {
        check_type(instance, path, key, Kind::Text, lang)?;
    }
    for key in [
        "volume",
        "nics",
        "securityGroup",
        "datastore",
        "backupStrategy",
        "ha",
    ] {
        check_type(instance, path, key, Kind::Object, lang)?;
    }
    check_type(instance, path, "dbPort", Kind::IntegerOrText, lang)?;
    let nested: [(&str, &str, Kind); 6] = [
        ("nics", "subnetId", Kind::Text),
        ("securityGroup", "id", Kind::Text),
        ("datastore", "type", Kind::Text),
        ("datastore", "version", Kind::Text),
        ("backupStrategy", "startTime", Kind::Text),
        ("backupStrategy", "keepDays", Kind::Integer),
    ];
    for (outer, key, kind) in nested {
        if let Some(object) = instance.get(outer).and_then(Value::as_object) {
            check_type(object, &format!("{path}{outer}."), key, kind, lang)?;
        }
    }
    let mut instance = instance.clone();
    if let Some(volume) = instance.get_mut("volume").and_then(Value::as_object_mut) {
        if let Some(key) = volume
            .keys()
            .find(|key| !matches!(key.as_str(), "type" | "size"))
        {
            return Err(unrecognised(lang, &format!("instance.volume.{key}")));
        }
        check_type(volume, "instance.volume.", "type", Kind::Text, lang)?;
        check_type(volume, "instance.volume.", "size", Kind::Integer, lang)?;
        for key in ["type", "size"] {
            if !present(volume, key) {
                return Err(parameter(
                    lang,
                    format!("instance.volume.{key} is required when volume is given."),
                    format!("指定 volume 时必须提供 instance.volume.{key}。"),
                ));
            }
        }
        // Sizes beyond u32 are out of range, not a type error: clamp so the range check says so.
        let size = volume.get("size").cloned().unwrap_or(Value::Null);
        let clamped = if size.is_i64() && size.as_i64().unwrap_or(0) < 0 {
            0
        } else {
            size.as_u64()
                .map_or(u64::from(u32::MAX), |n| n.min(u64::from(u32::MAX)))
        };
        volume.insert("size".into(), Value::from(clamped));
    }
    if !present(&instance, "replicaOf") {
        return Err(parameter(
            lang,
            "This emulator only creates read replicas: replicaOf is required.",
            "本模拟器只创建只读实例：必须提供 replicaOf。",
        ));
    }
    for key in ["name", "flavorRef"] {
        if !present(&instance, key) {
            return Err(parameter(
                lang,
                format!("instance.{key} is required."),
                format!("必须提供 instance.{key}。"),
            ));
        }
    }
    serde_json::from_value::<ReplicaSpec>(Value::Object(instance)).map_err(|error| {
        parameter(
            lang,
            format!("The instance cannot be read ({error})."),
            format!("无法解析 instance（{error}）。"),
        )
    })
}

fn name_reason(error: NameError) -> (String, String) {
    match error {
        NameError::Empty => ("The name is empty.".into(), "名称为空。".into()),
        NameError::TooShort => (
            format!("The name is shorter than {} characters.", rules::NAME_MIN),
            format!("名称少于 {} 个字符。", rules::NAME_MIN),
        ),
        NameError::TooLong => (
            format!("The name is longer than {} characters.", rules::NAME_MAX),
            format!("名称超过 {} 个字符。", rules::NAME_MAX),
        ),
        NameError::MustStartWithLetter => (
            "The name must start with a letter.".into(),
            "名称必须以字母开头。".into(),
        ),
        NameError::InvalidCharacter(c) => (
            format!("The name contains {c:?}; only letters, digits, '-' and '_' are allowed."),
            format!("名称包含 {c:?}；只允许字母、数字、“-”和“_”。"),
        ),
    }
}

/// What a create is checked against.
pub struct CreateContext<'a> {
    pub catalog: &'a Catalog,
    pub project: &'a Project,
    pub replica_limit: usize,
    pub build_time: Duration,
    pub now: Instant,
    pub wall: SystemTime,
    pub lang: Lang,
}

/// Checks the request against the store and inserts the replica; the instance as the 202 answer
/// shows it (BUILD, with `extendparam.jobs` and `replica_of`).
pub fn create(
    store: &mut Store,
    ctx: &CreateContext,
    spec: ReplicaSpec,
) -> Result<Instance, ApiError> {
    let lang = ctx.lang;
    let project = ctx.project;
    let name = spec.name.as_str();
    if let Err(error) = rules::validate_instance_name(name) {
        let (en, zh) = name_reason(error);
        return Err(ApiError::new(ErrorCode::InvalidName, lang, en, zh));
    }
    if store.name_taken(&project.id, name) {
        return Err(ApiError::new(
            ErrorCode::NameExists,
            lang,
            format!(
                "An instance named {name} already exists in {}.",
                project.region
            ),
            format!("{} 中已存在名为 {name} 的实例。", project.region),
        ));
    }

    let primary_id = spec.replica_of.as_str();
    if !rules::is_uuid(primary_id) {
        return Err(ApiError::new(
            ErrorCode::InvalidReplicaOf,
            lang,
            format!("{primary_id:?} is not an instance id (a UUID)."),
            format!("{primary_id:?} 不是实例 ID（UUID）。"),
        ));
    }
    let primary: Record = match store.find(&project.id, primary_id) {
        Some(record) => record.clone(),
        None => {
            return Err(ApiError::new(
                ErrorCode::PrimaryNotFound,
                lang,
                format!("No instance {primary_id} in {}.", project.region),
                format!("{} 中没有实例 {primary_id}。", project.region),
            ))
        }
    };
    let primary_name = primary.instance.name.clone();
    if !is_master(&primary.instance) {
        let kind = primary.instance.instance_type.as_str().to_owned();
        return Err(ApiError::new(
            ErrorCode::NotAPrimary,
            lang,
            format!("{primary_name} is of type {kind}, not master."),
            format!("{primary_name} 的类型是 {kind}，不是 master。"),
        ));
    }
    if !primary.engine.supports_read_replicas() {
        return Err(ApiError::new(
            ErrorCode::NotAllowedInStatus,
            lang,
            format!("{primary_name} is a SQL Server instance; read replicas are not supported for SQL Server."),
            format!("{primary_name} 是 SQL Server 实例；SQL Server 不支持只读实例。"),
        ));
    }
    let status = primary.status(ctx.now, ctx.build_time);
    if status != InstanceStatus::Active {
        return Err(ApiError::new(
            ErrorCode::NotAllowedInStatus,
            lang,
            format!("{primary_name} is {status}; the primary must be ACTIVE."),
            format!("{primary_name} 的状态是 {status}；主实例必须处于 ACTIVE 状态。"),
        ));
    }

    let flavor_id = spec.flavor_ref.as_str();
    if !rules::is_uuid(flavor_id) {
        return Err(ApiError::new(
            ErrorCode::InvalidFlavor,
            lang,
            format!("flavorRef {flavor_id:?} is not a flavor id (a UUID)."),
            format!("flavorRef {flavor_id:?} 不是规格 ID（UUID）。"),
        ));
    }
    let Some(flavor) = ctx.catalog.flavor(flavor_id) else {
        return Err(ApiError::new(
            ErrorCode::FlavorNotFound,
            lang,
            format!("No flavor {flavor_id}."),
            format!("规格 {flavor_id} 不存在。"),
        ));
    };
    let spec_code = flavor.flavor.spec_code.clone();
    if flavor.region != project.region || flavor.version_id != primary.version_id {
        return Err(ApiError::new(
            ErrorCode::InvalidFlavor,
            lang,
            format!(
                "Flavor {spec_code} ({flavor_id}) is not sold for {} {} in {}.",
                primary.engine, primary.version, project.region
            ),
            format!(
                "规格 {spec_code}（{flavor_id}）不适用于 {} 的 {} {}。",
                project.region, primary.engine, primary.version
            ),
        ));
    }
    if flavor.kind != FlavorKind::ReadReplica {
        return Err(ApiError::new(
            ErrorCode::InvalidFlavor,
            lang,
            format!(
                "Flavor {spec_code} is not a read-replica flavor (its spec code must end in .rr)."
            ),
            format!("规格 {spec_code} 不是只读实例规格（规格编码须以 .rr 结尾）。"),
        ));
    }

    if let Some(region) = spec.region.as_deref() {
        same_region(region, project, lang)?;
    }
    let zone_list = zones(&project.region);
    if let Some(zone) = spec.availability_zone.as_deref() {
        if !zone_list.iter().any(|known| known == zone) {
            return Err(ApiError::new(
                ErrorCode::InvalidAvailabilityZone,
                lang,
                format!("{zone:?} is not one of {}.", zone_list.join(", ")),
                format!("{zone:?} 不是 {} 之一。", zone_list.join("、")),
            ));
        }
    }

    let primary_volume = primary.instance.volume.clone().unwrap_or_default();
    let volume = match &spec.volume {
        None => Volume {
            volume_type: primary_volume.volume_type.clone(),
            size: primary_volume.size,
            used: None,
        },
        Some(requested) => {
            if VolumeType::parse(&requested.volume_type).is_none() {
                return Err(ApiError::new(
                    ErrorCode::InvalidVolumeType,
                    lang,
                    format!(
                        "{:?} is not COMMON, HIGH or ULTRAHIGH.",
                        requested.volume_type
                    ),
                    format!(
                        "{:?} 不是 COMMON、HIGH 或 ULTRAHIGH。",
                        requested.volume_type
                    ),
                ));
            }
            let size = requested.size;
            match rules::validate_volume_size(size, primary_volume.size) {
                Ok(()) => {}
                Err(VolumeError::TooSmall { minimum }) => {
                    return Err(ApiError::new(
                        ErrorCode::VolumeSizeOutOfRange,
                        lang,
                        format!(
                            "{size} GB is below {minimum} GB (at least {} GB and at least the primary's {} GB).",
                            rules::VOLUME_MIN_GB, primary_volume.size
                        ),
                        format!(
                            "{size} GB 小于 {minimum} GB（至少 {} GB，且不小于主实例的 {} GB）。",
                            rules::VOLUME_MIN_GB, primary_volume.size
                        ),
                    ))
                }
                Err(VolumeError::TooLarge { maximum }) => {
                    return Err(ApiError::new(
                        ErrorCode::VolumeSizeOutOfRange,
                        lang,
                        format!("{size} GB is above {maximum} GB."),
                        format!("{size} GB 超过 {maximum} GB。"),
                    ))
                }
                Err(VolumeError::NotMultipleOfTen) => {
                    return Err(ApiError::new(
                        ErrorCode::VolumeSizeNotMultipleOfTen,
                        lang,
                        format!("{size} GB is not a multiple of 10."),
                        format!("{size} GB 不是 10 的整数倍。"),
                    ))
                }
            }
            Volume {
                volume_type: requested.volume_type.clone(),
                size,
                used: None,
            }
        }
    };

    let replicas = store.live_replicas(&primary.instance.id, ctx.now, ctx.build_time);
    if replicas >= ctx.replica_limit {
        return Err(ApiError::new(
            ErrorCode::ReplicaLimitReached,
            lang,
            format!(
                "{primary_name} already has {replicas} read replicas (limit {}).",
                ctx.replica_limit
            ),
            format!(
                "{primary_name} 已有 {replicas} 个只读实例（上限 {}）。",
                ctx.replica_limit
            ),
        ));
    }

    let id = store.ids.next_uuid();
    let job_id = store.ids.next_hex32();
    let fail = store.fail_builds > 0;
    if fail {
        store.fail_builds -= 1;
    }
    let zone = spec
        .availability_zone
        .clone()
        .unwrap_or_else(|| primary.instance.availability_zone.clone());
    let size = volume.size;
    let instance = Instance {
        id: id.clone(),
        status: InstanceStatus::Build,
        name: name.to_owned(),
        created: String::new(),
        hostname: String::new(),
        instance_type: InstanceType::ReadReplica,
        region: project.region.clone(),
        updated: String::new(),
        availability_zone: zone.clone(),
        vpc: primary.instance.vpc.clone(),
        nics: primary.instance.nics.clone(),
        security_group: primary.instance.security_group.clone(),
        flavor: Some(IdRef {
            id: flavor_id.to_owned(),
        }),
        volume: Some(volume),
        data_store_info: None,
        db_port: primary
            .instance
            .db_port
            .or(Some(primary.engine.default_port())),
        backup_strategy: None,
        slave_id: None,
        ha: None,
        replica_of: Some(primary.instance.id.clone()),
        extendparam: None,
    };
    let data_store = primary
        .instance
        .data_store_info
        .clone()
        .unwrap_or_else(|| DataStoreInfo {
            engine: primary.engine.as_str().to_owned(),
            version: primary.version.clone(),
        });
    store.instances.push(Record {
        project_id: project.id.clone(),
        engine: primary.engine,
        version_id: primary.version_id.clone(),
        version: primary.version.clone(),
        instance: instance.clone(),
        build: Some(Build {
            started: ctx.now,
            started_wall: ctx.wall,
            fail,
            fail_reason: format!(
                "Insufficient resources in the availability zone {zone}: the read replica could not be created."
            ),
            job_id: job_id.clone(),
            hostname: hostname_for(&id),
            data_store,
            used: used_for(&id, size.min(100)),
        }),
    });
    store.jobs.insert(job_id.clone(), id.clone());
    store.creates.push(CreateLog {
        id: id.clone(),
        name: name.to_owned(),
        replica_of: primary.instance.id.clone(),
        project: project.id.clone(),
    });
    Ok(Instance {
        extendparam: Some(ExtendParam {
            jobs: vec![IdRef { id: job_id }],
        }),
        ..instance
    })
}
