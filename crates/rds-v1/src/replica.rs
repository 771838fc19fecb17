//! `POST /rds/v1/{project_id}/instances` with `replicaOf`: the create-replica request and answer.

use serde::{Deserialize, Serialize};

use crate::instances::Instance;
use crate::json::{Fields, FromJson, Json, ShapeError};

/// The request body: `{"instance": {"name", "flavorRef", "replicaOf", …}}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreateReplicaRequest {
    pub instance: ReplicaSpec,
}

/// What a replica can be asked for. Optional fields are left out of the body when unset.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
pub struct ReplicaSpec {
    pub name: String,
    #[serde(rename = "flavorRef")]
    pub flavor_ref: String,
    #[serde(rename = "replicaOf")]
    pub replica_of: String,
    #[serde(default)]
    pub volume: Option<VolumeSpec>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(rename = "availabilityZone", default)]
    pub availability_zone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct VolumeSpec {
    #[serde(rename = "type")]
    pub volume_type: String,
    pub size: u32,
}

impl CreateReplicaRequest {
    /// The documented body; optional fields are left out when unset.
    pub fn to_json(&self) -> Json {
        let spec = &self.instance;
        let mut members = vec![
            ("name".to_owned(), Json::text(&spec.name)),
            ("flavorRef".to_owned(), Json::text(&spec.flavor_ref)),
            ("replicaOf".to_owned(), Json::text(&spec.replica_of)),
        ];
        if let Some(volume) = &spec.volume {
            let volume = Json::object([
                ("type", Json::text(&volume.volume_type)),
                ("size", Json::Number(volume.size.to_string())),
            ]);
            members.push(("volume".to_owned(), volume));
        }
        if let Some(region) = &spec.region {
            members.push(("region".to_owned(), Json::text(region)));
        }
        if let Some(zone) = &spec.availability_zone {
            members.push(("availabilityZone".to_owned(), Json::text(zone)));
        }
        Json::object([("instance", Json::Object(members))])
    }
}

/// The 202 answer: the new instance in `BUILD`, with `extendparam.jobs` and `replica_of`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateReplicaResponse {
    pub instance: Instance,
}

impl FromJson for CreateReplicaResponse {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(CreateReplicaResponse {
            instance: Fields::of(value)?.required("instance")?,
        })
    }
}

impl CreateReplicaResponse {
    /// The answer as the documentation spells it: `replica_of`, not `replicaOf`.
    pub fn to_documented_json(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let Some(serde_json::Value::Object(instance)) = value.get_mut("instance") {
            // Renamed in place, so a map that keeps insertion order keeps the documented order.
            *instance = std::mem::take(instance)
                .into_iter()
                .map(|(key, field)| match key.as_str() {
                    "replicaOf" => ("replica_of".to_owned(), field),
                    _ => (key, field),
                })
                .collect();
        }
        value
    }
}
