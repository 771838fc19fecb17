//! `GET /v3/{project_id}/jobs?id={job id}`: the progress of an asynchronous operation.

use serde::de::Deserializer;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobResponse {
    pub job: Job,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub status: JobStatus,
    /// Percent done, a string in the documented body (`"60"`); a number also decodes.
    #[serde(default, deserialize_with = "string_or_number")]
    pub process: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<JobInstance>,
}

impl Job {
    /// Progress in percent, clamped to 0..=100, when the job reports it.
    pub fn percent(&self) -> Option<u8> {
        let text = self.process.as_deref()?.trim().trim_end_matches('%');
        let value = crate::rules::parse_decimal(text.trim())?;
        Some(value.clamp(0.0, 100.0) as u8)
    }
}

fn string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(match value {
        Some(serde_json::Value::String(text)) => Some(text),
        Some(serde_json::Value::Number(number)) => Some(number.to_string()),
        _ => None,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct JobInstance {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// `Running`, `Completed` or `Failed`. "Failed" is a failure, never "done".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum JobStatus {
    Running,
    Completed,
    Failed,
    #[serde(untagged)]
    Other(String),
}

impl<'de> Deserialize<'de> for JobStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match String::deserialize(deserializer)?.as_str() {
            "Running" => Self::Running,
            "Completed" => Self::Completed,
            "Failed" => Self::Failed,
            other => Self::Other(other.to_owned()),
        })
    }
}
