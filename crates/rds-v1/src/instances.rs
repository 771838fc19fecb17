//! `GET /rds/v1/{project_id}/instances` and `GET …/instances/{id}`: the instance and its parts.

use serde::de::{self, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

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

impl<'de> Deserialize<'de> for InstanceStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Option::<String>::deserialize(deserializer)?;
        Ok(text.map(|t| Self::parse(&t)).unwrap_or_default())
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

impl<'de> Deserialize<'de> for InstanceType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Option::<String>::deserialize(deserializer)?;
        Ok(text.map(|t| Self::parse(&t)).unwrap_or_default())
    }
}

/// `{"id": "…"}`, the shape of `flavor`, `securityGroup` and each job reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IdRef {
    #[serde(default)]
    pub id: String,
}

pub type FlavorLink = IdRef;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Nics {
    #[serde(rename = "subnetId", default)]
    pub subnet_id: String,
}

/// The storage of an instance. `used` (GB) is a string in one source and a number in another;
/// both decode, and it is written back as the documented string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Volume {
    #[serde(rename = "type", default)]
    pub volume_type: String,
    #[serde(default)]
    pub size: u32,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number_or_string",
        serialize_with = "as_decimal_string"
    )]
    pub used: Option<f64>,
}

/// `volume.used`: a number, a decimal string, an empty string or `null`. A visitor rather than
/// an untagged enum: untagged enums buffer the value and instantiate the decoder twice.
fn number_or_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    struct Used;
    impl<'de> de::Visitor<'de> for Used {
        type Value = Option<f64>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a number or a decimal string")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            inner.deserialize_any(self)
        }
        fn visit_f64<E: de::Error>(self, number: f64) -> Result<Self::Value, E> {
            Ok(Some(number))
        }
        fn visit_u64<E: de::Error>(self, number: u64) -> Result<Self::Value, E> {
            Ok(Some(number as f64))
        }
        fn visit_i64<E: de::Error>(self, number: i64) -> Result<Self::Value, E> {
            Ok(Some(number as f64))
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            crate::rules::parse_decimal(text)
                .map(Some)
                .ok_or_else(|| E::custom(format!("volume.used is not a number: {text:?}")))
        }
    }
    deserializer.deserialize_any(Used)
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DataStoreInfo {
    #[serde(rename = "type", default)]
    pub engine: String,
    #[serde(default)]
    pub version: String,
}

impl DataStoreInfo {
    pub fn engine(&self) -> Option<DatastoreEngine> {
        DatastoreEngine::parse(&self.engine)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BackupStrategy {
    #[serde(rename = "startTime", default)]
    pub start_time: String,
    #[serde(rename = "keepDays", default)]
    pub keep_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Ha {
    #[serde(rename = "replicationMode", default)]
    pub replication_mode: String,
}

/// `extendparam` of the create answer: the jobs that carry the creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ExtendParam {
    #[serde(default)]
    pub jobs: Vec<IdRef>,
}

/// A DB instance with every documented field. Only `id` is required; unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    #[serde(default)]
    pub status: InstanceStatus,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub created: String,
    #[serde(default)]
    pub hostname: String,
    #[serde(rename = "type", default)]
    pub instance_type: InstanceType,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub updated: String,
    #[serde(rename = "availabilityZone", default)]
    pub availability_zone: String,
    #[serde(default)]
    pub vpc: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nics: Option<Nics>,
    #[serde(
        rename = "securityGroup",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub security_group: Option<IdRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flavor: Option<FlavorLink>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<Volume>,
    /// Always written (as `null` while building), as the documented bodies do.
    #[serde(rename = "dataStoreInfo", default)]
    pub data_store_info: Option<DataStoreInfo>,
    #[serde(rename = "dbPort", default, skip_serializing_if = "Option::is_none")]
    pub db_port: Option<u16>,
    #[serde(
        rename = "backupStrategy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub backup_strategy: Option<BackupStrategy>,
    #[serde(rename = "slaveId", default, skip_serializing_if = "Option::is_none")]
    pub slave_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ha: Option<Ha>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extendparam: Option<ExtendParam>,
    /// `replicaOf` in listings, `replica_of` in the create answer: both decode.
    #[serde(
        rename = "replicaOf",
        alias = "replica_of",
        default,
        skip_serializing_if = "Option::is_none"
    )]
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

impl<'de> Deserialize<'de> for Instances {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(default)]
            instances: Option<OneOrMany>,
        }
        let wire = Wire::deserialize(deserializer)?;
        Ok(Instances {
            instances: wire.instances.map(OneOrMany::into_vec).unwrap_or_default(),
        })
    }
}

/// An instance or a list of instances. A visitor rather than an untagged enum, so `Instance`
/// is decoded by one instantiation (the wasm bundle carries it once).
enum OneOrMany {
    Many(Vec<Instance>),
    One(Box<Instance>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> de::Visitor<'de> for Visit {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an instance or a list of instances")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(instance) = seq.next_element::<Instance>()? {
                    list.push(instance);
                }
                Ok(OneOrMany::Many(list))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<OneOrMany, A::Error> {
                Instance::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|one| OneOrMany::One(Box::new(one)))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

impl OneOrMany {
    fn into_vec(self) -> Vec<Instance> {
        match self {
            Self::Many(list) => list,
            Self::One(one) => vec![*one],
        }
    }
}

/// The detail body: `{"instance": {…}}`, or, as one doc shows it, `{"instances": [{…}]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstanceDetail {
    pub instance: Instance,
}

impl<'de> Deserialize<'de> for InstanceDetail {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(default)]
            instance: Option<Instance>,
            #[serde(default)]
            instances: Option<OneOrMany>,
        }
        let wire = Wire::deserialize(deserializer)?;
        wire.instance
            .or_else(|| {
                wire.instances
                    .and_then(|many| many.into_vec().into_iter().next())
            })
            .map(|instance| InstanceDetail { instance })
            .ok_or_else(|| de::Error::missing_field("instance"))
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
