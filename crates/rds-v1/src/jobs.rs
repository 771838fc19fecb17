//! `GET /v3/{project_id}/jobs?id={job id}`: the progress of an asynchronous operation.

use serde::Serialize;

use crate::json::{Fields, FromJson, Json, NumberText, ShapeError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobResponse {
    pub job: Job,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Job {
    pub id: String,
    pub name: String,
    pub status: JobStatus,
    /// Percent done, a string in the documented body (`"60"`); a number also decodes.
    pub process: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct JobInstance {
    pub id: String,
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

impl FromJson for JobStatus {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(match String::from_json(value)?.as_str() {
            "Running" => Self::Running,
            "Completed" => Self::Completed,
            "Failed" => Self::Failed,
            other => Self::Other(other.to_owned()),
        })
    }
}

impl FromJson for JobResponse {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(JobResponse {
            job: Fields::of(value)?.required("job")?,
        })
    }
}

impl FromJson for Job {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(Job {
            id: fields.required("id")?,
            name: fields.string("name")?,
            status: fields.required("status")?,
            // A string in the documented body (`"60"`); a number also decodes.
            process: fields
                .optional::<NumberText>("process")?
                .map(|number| number.0),
            fail_reason: fields.optional("fail_reason")?,
            instance: fields.optional("instance")?,
        })
    }
}

impl FromJson for JobInstance {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(JobInstance {
            id: fields.string("id")?,
            name: fields.string("name")?,
        })
    }
}
