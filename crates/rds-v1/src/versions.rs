//! `GET /rds/v1/{project_id}/datastores/{datastore_name}/versions`.

use serde::Serialize;

use crate::json::{Fields, FromJson, Json, ShapeError};

/// The engines the v1 API knows by name in the versions path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatastoreEngine {
    MySql,
    PostgreSql,
    SqlServer,
}

impl DatastoreEngine {
    pub const ALL: [DatastoreEngine; 3] = [Self::MySql, Self::PostgreSql, Self::SqlServer];

    /// The spelling of the engine in paths and in `dataStoreInfo.type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MySql => "MySQL",
            Self::PostgreSql => "PostgreSQL",
            Self::SqlServer => "SQLServer",
        }
    }

    /// Case-insensitive, so `mysql` in a URL and `MySQL` in a body both resolve.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|engine| engine.as_str().eq_ignore_ascii_case(name))
    }

    /// SQL Server primaries cannot get read replicas through v1.
    pub fn supports_read_replicas(self) -> bool {
        !matches!(self, Self::SqlServer)
    }

    /// The port the engine listens on by default.
    pub fn default_port(self) -> u16 {
        match self {
            Self::MySql => 3306,
            Self::PostgreSql => 5432,
            Self::SqlServer => 1433,
        }
    }
}

impl std::fmt::Display for DatastoreEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The body of the versions call. Note the camel-case key `dataStores`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct DatastoreVersions {
    #[serde(rename = "dataStores")]
    pub data_stores: Vec<DatastoreVersion>,
}

/// One engine version; `id` is the `dbId` the flavors call wants.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatastoreVersion {
    pub id: String,
    pub name: String,
    pub datastore: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packages: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<i64>,
}

impl FromJson for DatastoreVersions {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(DatastoreVersions {
            data_stores: Fields::of(value)?.list("dataStores")?,
        })
    }
}

impl FromJson for DatastoreVersion {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(DatastoreVersion {
            id: fields.required("id")?,
            name: fields.string("name")?,
            datastore: fields.string("datastore")?,
            image: fields.optional("image")?,
            packages: fields.optional("packages")?,
            active: fields.integer("active")?,
        })
    }
}

impl DatastoreVersions {
    /// The version whose name matches exactly (what `dataStoreInfo.version` holds).
    pub fn find_by_name(&self, name: &str) -> Option<&DatastoreVersion> {
        self.data_stores.iter().find(|version| version.name == name)
    }
}
