//! The wire model of the Huawei Cloud RDS v1 API, as far as the read-replica flow needs it.
//!
//! One definition of every body the console sends or receives and the emulator serves:
//! datastore versions, flavors, instances, the create-replica request and response, the v3 job,
//! the IAM token exchange, and the three error-body shapes. Decoding is forgiving where the vendor
//! is inconsistent (`"instances"` as an object or an array, `volume.used` as a string or a number,
//! `replicaOf` or `replica_of`) and strict where it matters (an instance without `id` is an error).
//! Bodies are read with [`json`] (a small parser and hand-written decoders, to keep the console's
//! wasm small) and written with serde.
//!
//! The field rules (instance name, volume, UUID shape) live in [`rules`] so that the console and
//! the emulator judge input the same way. No HTTP and no UI here.
//!
//! ```
//! let body = r#"{"dataStores":[{"id":"e8a8b8cc-63f8-4fb5-8d4a-24c502317a62","name":"5.6.33",
//!   "datastore":"736270b9-27c7-4f03-823b-447d8245e1c2","active":1}]}"#;
//! let versions: rds_v1::DatastoreVersions = rds_v1::json::decode(body).unwrap();
//! assert_eq!(versions.data_stores[0].name, "5.6.33");
//! ```

pub mod codes;
pub mod errors;
pub mod flavors;
pub mod iam;
pub mod instances;
pub mod jobs;
pub mod json;
pub mod replica;
pub mod rules;
pub mod versions;

pub use codes::ErrorCode;
pub use errors::{ErrorBody, ErrorShape};
pub use flavors::{Flavor, FlavorResponse, Flavors};
pub use iam::{
    CatalogEndpoint, CatalogEntry, ProjectInfo, Projects, TokenBody, TokenProject, TokenRequest,
};
pub use instances::{
    BackupStrategy, DataStoreInfo, ExtendParam, FlavorLink, Ha, IdRef, Instance, InstanceDetail,
    InstanceStatus, InstanceType, Instances, Nics, Volume,
};
pub use jobs::{Job, JobInstance, JobResponse, JobStatus};
pub use json::{FromJson, Json};
pub use replica::{CreateReplicaRequest, CreateReplicaResponse, ReplicaSpec, VolumeSpec};
pub use rules::{NameError, VolumeError, VolumeType};
pub use versions::{DatastoreEngine, DatastoreVersion, DatastoreVersions};
