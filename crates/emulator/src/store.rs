//! The mutable world: projects (one per region), instances, issued tokens, jobs, the
//! fail-builds counter and the log of creates. It lives behind one `std::sync::Mutex` in
//! [`crate::state::AppState`] and is never held across an `.await`.
//!
//! Time-driven state is computed lazily: a created replica keeps the `Instant` it was created at
//! and is `BUILD` until the build time has passed, then `ACTIVE` (or `FAILED` when it was marked
//! to fail). No background task.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rds_v1::{
    DataStoreInfo, DatastoreEngine, Instance, InstanceStatus, InstanceType, Job, JobInstance,
    JobStatus,
};

use crate::catalog::{Catalog, REGIONS};
use crate::{ids, seed, time};

/// The demo account: domain `demo`, user `demo`, password `demo`.
pub const DEMO_DOMAIN: &str = "demo";
pub const DEMO_USER: &str = "demo";
pub const DEMO_PASSWORD: &str = "demo";

/// A project of the demo account; its name is its region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub id: String,
    pub region: String,
    pub domain_id: String,
    pub vpc: String,
    pub subnet: String,
    pub security_group: String,
}

impl Project {
    fn new(region: &str) -> Self {
        Self {
            id: ids::hex32(&format!("project:{region}")),
            region: region.to_owned(),
            domain_id: domain_id(),
            vpc: ids::uuid(&format!("vpc:{region}")),
            subnet: ids::uuid(&format!("subnet:{region}")),
            security_group: ids::uuid(&format!("security-group:{region}")),
        }
    }
}

/// The 32-hex id of the demo domain.
pub fn domain_id() -> String {
    ids::hex32(&format!("domain:{DEMO_DOMAIN}"))
}

/// How a replica created through the API is built.
#[derive(Debug, Clone)]
pub struct Build {
    pub started: Instant,
    pub started_wall: SystemTime,
    pub fail: bool,
    pub fail_reason: String,
    pub job_id: String,
    /// What the replica reports once ACTIVE.
    pub hostname: String,
    pub data_store: DataStoreInfo,
    pub used: f64,
}

/// The phase of a build at some instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    /// Building, with the fraction of the build time elapsed (0..1).
    Building(f64),
    Done,
    Failed,
}

impl Build {
    pub fn phase(&self, now: Instant, build_time: Duration) -> Phase {
        let elapsed = now.saturating_duration_since(self.started);
        if elapsed >= build_time {
            if self.fail {
                Phase::Failed
            } else {
                Phase::Done
            }
        } else {
            Phase::Building(elapsed.as_secs_f64() / build_time.as_secs_f64().max(f64::EPSILON))
        }
    }
}

/// One instance and what the emulator knows about it beyond the wire fields.
#[derive(Debug, Clone)]
pub struct Record {
    pub project_id: String,
    pub engine: DatastoreEngine,
    pub version_id: String,
    pub version: String,
    /// The wire fields as stored (a created replica is stored as it was answered: BUILD).
    pub instance: Instance,
    /// Present for replicas created through the API.
    pub build: Option<Build>,
}

impl Record {
    /// The instance as it is at `now`.
    pub fn view(&self, now: Instant, build_time: Duration) -> Instance {
        let mut instance = self.instance.clone();
        let Some(build) = &self.build else {
            return instance;
        };
        let phase = build.phase(now, build_time);
        if phase == Phase::Done || phase == Phase::Failed {
            instance.created = time::instance_time(build.started_wall);
            let done = build.started_wall.checked_add(build_time);
            instance.updated = time::instance_time(done.unwrap_or(build.started_wall));
        }
        match phase {
            Phase::Building(_) => {}
            Phase::Done => {
                instance.status = InstanceStatus::Active;
                instance.hostname = build.hostname.clone();
                instance.data_store_info = Some(build.data_store.clone());
                if let Some(volume) = instance.volume.as_mut() {
                    volume.used = Some(build.used);
                }
            }
            Phase::Failed => instance.status = InstanceStatus::Failed,
        }
        instance
    }

    /// The status at `now`.
    pub fn status(&self, now: Instant, build_time: Duration) -> InstanceStatus {
        match &self.build {
            None => self.instance.status.clone(),
            Some(build) => match build.phase(now, build_time) {
                Phase::Building(_) => InstanceStatus::Build,
                Phase::Done => InstanceStatus::Active,
                Phase::Failed => InstanceStatus::Failed,
            },
        }
    }
}

/// An issued token.
#[derive(Debug, Clone)]
pub struct TokenRecord {
    pub project_id: String,
    pub methods: Vec<String>,
    pub issued_wall: SystemTime,
    pub expires: Instant,
    pub expires_wall: SystemTime,
}

/// Why a token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Missing,
    Unknown,
    Expired,
}

/// A successful create, for `GET /emulator/stats`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CreateLog {
    pub id: String,
    pub name: String,
    #[serde(rename = "replicaOf")]
    pub replica_of: String,
    pub project: String,
}

const ID_SEED: u64 = 0x5EED_0F1D_5EED_0F1D;

#[derive(Debug)]
pub struct Store {
    pub projects: Vec<Project>,
    pub instances: Vec<Record>,
    pub tokens: HashMap<String, TokenRecord>,
    /// Job id → instance id.
    pub jobs: HashMap<String, String>,
    /// The next this-many created replicas end FAILED.
    pub fail_builds: usize,
    pub creates: Vec<CreateLog>,
    pub ids: ids::IdSequence,
    token_sequence: u64,
    east_count: usize,
}

impl Store {
    pub fn new(catalog: &Catalog, east_count: usize) -> Self {
        let projects: Vec<Project> = REGIONS.iter().map(|region| Project::new(region)).collect();
        let instances = seed::seed(catalog, &projects, SystemTime::now(), east_count);
        Self {
            projects,
            instances,
            tokens: HashMap::new(),
            jobs: HashMap::new(),
            fail_builds: 0,
            creates: Vec::new(),
            ids: ids::IdSequence::new(ID_SEED),
            token_sequence: 0,
            east_count,
        }
    }

    /// Back to the seed data; issued tokens stay as they are.
    pub fn reset(&mut self, catalog: &Catalog) {
        let tokens = std::mem::take(&mut self.tokens);
        let token_sequence = self.token_sequence;
        *self = Self::new(catalog, self.east_count);
        self.tokens = tokens;
        self.token_sequence = token_sequence;
    }

    pub fn project_by_id(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|project| project.id == id)
    }

    pub fn project_by_name(&self, name: &str) -> Option<&Project> {
        self.projects.iter().find(|project| project.region == name)
    }

    /// Issues a token scoped to a project.
    pub fn issue_token(
        &mut self,
        project_id: &str,
        methods: Vec<String>,
        expires: Instant,
        expires_wall: SystemTime,
    ) -> (String, TokenRecord) {
        self.token_sequence += 1;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|since| since.as_nanos() as u64)
            .unwrap_or_default();
        let mut state = nanos ^ self.token_sequence.wrapping_mul(0xA076_1D64_78BD_642F);
        let token: String = (0..6)
            .map(|_| format!("{:016x}", ids::splitmix64(&mut state)))
            .collect();
        let record = TokenRecord {
            project_id: project_id.to_owned(),
            methods,
            issued_wall: SystemTime::now(),
            expires,
            expires_wall,
        };
        self.tokens.insert(token.clone(), record.clone());
        (token, record)
    }

    /// The token's record when it is known and not expired at `now`.
    pub fn check_token(
        &self,
        token: Option<&str>,
        now: Instant,
    ) -> Result<&TokenRecord, TokenError> {
        let token = token.map(str::trim).filter(|t| !t.is_empty());
        let record = self
            .tokens
            .get(token.ok_or(TokenError::Missing)?)
            .ok_or(TokenError::Unknown)?;
        if now >= record.expires {
            return Err(TokenError::Expired);
        }
        Ok(record)
    }

    /// Every issued token expires now.
    pub fn expire_tokens(&mut self, now: Instant) {
        let wall = SystemTime::now();
        for record in self.tokens.values_mut() {
            record.expires = now;
            record.expires_wall = wall;
        }
    }

    pub fn instances_of<'a>(&'a self, project_id: &str) -> impl Iterator<Item = &'a Record> + 'a {
        let project_id = project_id.to_owned();
        self.instances
            .iter()
            .filter(move |record| record.project_id == project_id)
    }

    pub fn find(&self, project_id: &str, instance_id: &str) -> Option<&Record> {
        self.instances_of(project_id)
            .find(|record| record.instance.id == instance_id)
    }

    pub fn name_taken(&self, project_id: &str, name: &str) -> bool {
        self.instances_of(project_id)
            .any(|record| record.instance.name == name)
    }

    /// Replicas of a primary in any status but FAILED.
    pub fn live_replicas(&self, primary_id: &str, now: Instant, build_time: Duration) -> usize {
        self.instances
            .iter()
            .filter(|record| record.instance.replica_of.as_deref() == Some(primary_id))
            .filter(|record| record.status(now, build_time) != InstanceStatus::Failed)
            .count()
    }

    /// The v3 job of a created replica, seen from its project.
    pub fn job(
        &self,
        project_id: &str,
        job_id: &str,
        now: Instant,
        build_time: Duration,
    ) -> Option<Job> {
        let instance_id = self.jobs.get(job_id)?;
        let record = self.find(project_id, instance_id)?;
        let build = record.build.as_ref()?;
        let (status, percent, fail_reason) = match build.phase(now, build_time) {
            Phase::Building(fraction) => (
                JobStatus::Running,
                (fraction * 100.0).floor().clamp(0.0, 99.0) as u32,
                None,
            ),
            Phase::Done => (JobStatus::Completed, 100, None),
            Phase::Failed => (JobStatus::Failed, 100, Some(build.fail_reason.clone())),
        };
        Some(Job {
            id: job_id.to_owned(),
            name: "CreateReadReplica".to_owned(),
            status,
            process: Some(percent.to_string()),
            fail_reason,
            instance: Some(JobInstance {
                id: record.instance.id.clone(),
                name: record.instance.name.clone(),
            }),
        })
    }
}

/// `true` for the types that can be listed as a replica's primary.
pub fn is_master(instance: &Instance) -> bool {
    instance.instance_type == InstanceType::Master
}
