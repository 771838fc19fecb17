//! `GET /rds/v1/{project_id}/instances` and `GET …/instances/{id}`: the instance and its parts.

use serde::ser::Serializer;
use serde::Serialize;

use crate::json::{Fields, FromJson, Json, NumberText, ShapeError};
use crate::versions::DatastoreEngine;

/// The status of an instance. Statuses this model does not know are kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum InstanceStatus {
    Build,
    Active,
    Failed,
    Modifying,
    Rebooting,
    Restoring,
    BackingUp,
    #[default]
    Unknown,
    Other(String),
}

impl InstanceStatus {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Build => "BUILD",
            Self::Active => "ACTIVE",
            Self::Failed => "FAILED",
            Self::Modifying => "MODIFYING",
            Self::Rebooting => "REBOOTING",
            Self::Restoring => "RESTORING",
            Self::BackingUp => "BACKING UP",
            Self::Unknown => "",
            Self::Other(other) => other,
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "BUILD" => Self::Build,
            "ACTIVE" => Self::Active,
            "FAILED" => Self::Failed,
            "MODIFYING" => Self::Modifying,
            "REBOOTING" => Self::Rebooting,
            "RESTORING" => Self::Restoring,
            "BACKING UP" => Self::BackingUp,
            "" => Self::Unknown,
            other => Self::Other(other.to_owned()),
        }
    }

    /// `ACTIVE` and `FAILED` end a creation; everything else is still moving.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Active | Self::Failed)
    }
}

impl std::fmt::Display for InstanceStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for InstanceStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl FromJson for InstanceStatus {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        String::from_json(value).map(|text| Self::parse(&text))
    }
}

/// The role of an instance: a primary (`master`), an HA standby (`slave`) or a read replica.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum InstanceType {
    Master,
    Slave,
    ReadReplica,
    #[default]
    Unknown,
    Other(String),
}

impl InstanceType {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Master => "master",
            Self::Slave => "slave",
            Self::ReadReplica => "readreplica",
            Self::Unknown => "",
            Self::Other(other) => other,
        }
    }

    pub fn parse(text: &str) -> Self {
        match text.to_ascii_lowercase().as_str() {
            "master" => Self::Master,
            "slave" => Self::Slave,
            "readreplica" => Self::ReadReplica,
            "" => Self::Unknown,
            _ => Self::Other(text.to_owned()),
        }
    }
}

impl Serialize for InstanceType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl FromJson for InstanceType {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        String::from_json(value).map(|text| Self::parse(&text))
    }
}

/// `{"id": "…"}`, the shape of `flavor`, `securityGroup` and each job reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct IdRef {
    pub id: String,
}

pub type FlavorLink = IdRef;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Nics {
    #[serde(rename = "subnetId")]
    pub subnet_id: String,
}

/// The storage of an instance. `used` (GB) is a string in one source and a number in another;
/// both decode, and it is written back as the documented string.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Volume {
    #[serde(rename = "type")]
    pub volume_type: String,
    pub size: u32,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "as_decimal_string"
    )]
    pub used: Option<f64>,
}

/// `volume.used`: a number or a decimal string; an empty string is no value.
struct Used(Option<f64>);

impl FromJson for Used {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let NumberText(text) = NumberText::from_json(value)?;
        let text = text.trim();
        if text.is_empty() {
            return Ok(Used(None));
        }
        crate::rules::parse_decimal(text)
            .map(|number| Used(Some(number)))
            .ok_or_else(|| ShapeError::new(format!("not a number: \"{text}\"")))
    }
}

/// `8.45` → `"8.45"`, with integer arithmetic: `{:.2}` would pull the float formatter into
/// the console's wasm.
fn two_decimals(value: f64) -> String {
    let hundredths = (value * 100.0).round() as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let hundredths = hundredths.unsigned_abs();
    format!("{sign}{}.{:02}", hundredths / 100, hundredths % 100)
}

fn as_decimal_string<S: Serializer>(used: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match used {
        Some(value) => serializer.serialize_str(&two_decimals(*value)),
        None => serializer.serialize_none(),
    }
}

/// Engine and version; `null` while an instance is building.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct DataStoreInfo {
    #[serde(rename = "type")]
    pub engine: String,
    pub version: String,
}

impl DataStoreInfo {
    pub fn engine(&self) -> Option<DatastoreEngine> {
        DatastoreEngine::parse(&self.engine)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct BackupStrategy {
    #[serde(rename = "startTime")]
    pub start_time: String,
    #[serde(rename = "keepDays")]
    pub keep_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Ha {
    #[serde(rename = "replicationMode")]
    pub replication_mode: String,
}

/// `extendparam` of the create answer: the jobs that carry the creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ExtendParam {
    pub jobs: Vec<IdRef>,
}

/// A DB instance with every documented field. Only `id` is required; unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instance {
    pub id: String,
    pub status: InstanceStatus,
    pub name: String,
    pub created: String,
    pub hostname: String,
    #[serde(rename = "type")]
    pub instance_type: InstanceType,
    pub region: String,
    pub updated: String,
    #[serde(rename = "availabilityZone")]
    pub availability_zone: String,
    pub vpc: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nics: Option<Nics>,
    #[serde(
        rename = "securityGroup",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub security_group: Option<IdRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flavor: Option<FlavorLink>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<Volume>,
    /// Always written (as `null` while building), as the documented bodies do.
    #[serde(rename = "dataStoreInfo")]
    pub data_store_info: Option<DataStoreInfo>,
    #[serde(rename = "dbPort", skip_serializing_if = "Option::is_none")]
    pub db_port: Option<u16>,
    #[serde(
        rename = "backupStrategy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub backup_strategy: Option<BackupStrategy>,
    #[serde(rename = "slaveId", skip_serializing_if = "Option::is_none")]
    pub slave_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ha: Option<Ha>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extendparam: Option<ExtendParam>,
    /// `replicaOf` in listings, `replica_of` in the create answer: both decode.
    #[serde(rename = "replicaOf", skip_serializing_if = "Option::is_none")]
    pub replica_of: Option<String>,
}

impl Instance {
    /// The engine, when the instance reports it (not while building).
    pub fn engine(&self) -> Option<DatastoreEngine> {
        self.data_store_info
            .as_ref()
            .and_then(DataStoreInfo::engine)
    }

    pub fn is_primary(&self) -> bool {
        self.instance_type == InstanceType::Master
    }

    /// The first job of the creation, if the answer names one.
    pub fn job_id(&self) -> Option<&str> {
        self.extendparam
            .as_ref()
            .and_then(|param| param.jobs.first())
            .map(|job| job.id.as_str())
            .filter(|id| !id.is_empty())
    }
}

/// The list body. The vendor's own example shows `"instances": {one instance}`; both it and the
/// array decode to a list.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Instances {
    pub instances: Vec<Instance>,
}

impl FromJson for Instances {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(Instances {
            instances: one_or_many(&fields, "instances")?,
        })
    }
}

/// An instance or a list of instances, as a list.
fn one_or_many(fields: &Fields, key: &str) -> Result<Vec<Instance>, ShapeError> {
    match fields.get(key) {
        Some(one @ Json::Object(_)) => Instance::from_json(one)
            .map(|instance| vec![instance])
            .map_err(|e| e.within(key)),
        _ => fields.list(key),
    }
}

/// The detail body: `{"instance": {…}}`, or, as one doc shows it, `{"instances": [{…}]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstanceDetail {
    pub instance: Instance,
}

impl FromJson for InstanceDetail {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        let instance = match fields.optional("instance")? {
            Some(instance) => instance,
            None => one_or_many(&fields, "instances")?
                .into_iter()
                .next()
                .ok_or_else(|| ShapeError::new("missing field `instance`"))?,
        };
        Ok(InstanceDetail { instance })
    }
}

impl FromJson for IdRef {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(IdRef {
            id: Fields::of(value)?.string("id")?,
        })
    }
}

impl FromJson for Nics {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(Nics {
            subnet_id: Fields::of(value)?.string("subnetId")?,
        })
    }
}

impl FromJson for Volume {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(Volume {
            volume_type: fields.string("type")?,
            size: fields.integer("size")?.unwrap_or_default(),
            used: fields.optional::<Used>("used")?.and_then(|used| used.0),
        })
    }
}

impl FromJson for DataStoreInfo {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(DataStoreInfo {
            engine: fields.string("type")?,
            version: fields.string("version")?,
        })
    }
}

impl FromJson for BackupStrategy {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(BackupStrategy {
            start_time: fields.string("startTime")?,
            keep_days: fields.integer("keepDays")?.unwrap_or_default(),
        })
    }
}

impl FromJson for Ha {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(Ha {
            replication_mode: Fields::of(value)?.string("replicationMode")?,
        })
    }
}

impl FromJson for ExtendParam {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(ExtendParam {
            jobs: Fields::of(value)?.list("jobs")?,
        })
    }
}

impl FromJson for Instance {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(Instance {
            id: fields.required("id")?,
            status: fields.optional("status")?.unwrap_or_default(),
            name: fields.string("name")?,
            created: fields.string("created")?,
            hostname: fields.string("hostname")?,
            instance_type: fields.optional("type")?.unwrap_or_default(),
            region: fields.string("region")?,
            updated: fields.string("updated")?,
            availability_zone: fields.string("availabilityZone")?,
            vpc: fields.string("vpc")?,
            nics: fields.optional("nics")?,
            security_group: fields.optional("securityGroup")?,
            flavor: fields.optional("flavor")?,
            volume: fields.optional("volume")?,
            data_store_info: fields.optional("dataStoreInfo")?,
            db_port: fields.integer("dbPort")?,
            backup_strategy: fields.optional("backupStrategy")?,
            slave_id: fields.optional("slaveId")?,
            ha: fields.optional("ha")?,
            extendparam: fields.optional("extendparam")?,
            // `replicaOf` in listings, `replica_of` in the create answer.
            replica_of: match fields.optional("replicaOf")? {
                Some(primary) => Some(primary),
                None => fields.optional("replica_of")?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn two_decimals_matches_the_float_formatter() {
        for value in [
            0.0, 8.45, 1.5, 100.0, 0.004, 0.005, 12.999, -3.25, -0.5, 123456.78,
        ] {
            assert_eq!(super::two_decimals(value), format!("{value:.2}"), "{value}");
        }
    }
}
