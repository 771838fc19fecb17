//! What every region sells: engine versions (the same everywhere) and flavors per (region,
//! version). Immutable, built once at start-up.

use std::collections::HashMap;

use rds_v1::{DatastoreEngine, DatastoreVersion, DatastoreVersions, Flavor, Flavors};

use crate::ids;

/// The regions of the demo account; each one is a project.
pub const REGIONS: [&str; 4] = ["cn-north-4", "cn-east-3", "ap-southeast-1", "af-south-1"];

/// The availability zones of a region: `{region}a`, `{region}b`, `{region}c`.
pub fn zones(region: &str) -> [String; 3] {
    [
        format!("{region}a"),
        format!("{region}b"),
        format!("{region}c"),
    ]
}

/// Flavor classes: (class, vCPUs, RAM in GB).
pub const CLASSES: [(&str, u32, u64); 13] = [
    ("s1.medium", 1, 1),
    ("c2.medium", 1, 2),
    ("c2.large", 2, 4),
    ("s1.large", 2, 8),
    ("c2.xlarge", 4, 8),
    ("s1.xlarge", 4, 16),
    ("m1.xlarge", 4, 32),
    ("c2.2xlarge", 8, 16),
    ("s1.2xlarge", 8, 32),
    ("m1.2xlarge", 8, 64),
    ("s1.4xlarge", 16, 64),
    ("m1.4xlarge", 16, 128),
    ("m1.8xlarge", 32, 256),
];

/// How a flavor deploys: a single node, an HA pair, or a read replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlavorKind {
    Single,
    Ha,
    ReadReplica,
}

impl FlavorKind {
    fn suffix(self) -> (&'static str, &'static str) {
        match self {
            Self::Single => ("", ""),
            Self::Ha => (".ha", "_HA"),
            Self::ReadReplica => (".rr", "_RR"),
        }
    }
}

const MYSQL_ENGINE_ID: &str = "736270b9-27c7-4f03-823b-447d8245e1c2";

/// (engine, version, fixed id and image from the documented example, if any).
type VersionRow = (
    DatastoreEngine,
    &'static str,
    Option<(&'static str, &'static str)>,
);

const VERSIONS: [VersionRow; 11] = [
    (
        DatastoreEngine::MySql,
        "5.6.33",
        Some((
            "e8a8b8cc-63f8-4fb5-8d4a-24c502317a62",
            "988f7639-4bc9-4225-bdfe-f47bcde1a5f2",
        )),
    ),
    (
        DatastoreEngine::MySql,
        "5.6.30",
        Some((
            "e8a8b8cc-63f8-4fb5-8d4a-24c502317a61",
            "14daaee9-f2c6-4c5c-9736-bbbd40bcb327",
        )),
    ),
    (
        DatastoreEngine::MySql,
        "5.7.17",
        Some((
            "87620726-6802-46c0-9028-a8785e1f1922",
            "e59a0bac-5509-493b-a033-10b4bec25873",
        )),
    ),
    (DatastoreEngine::MySql, "5.7.29", None),
    (DatastoreEngine::MySql, "8.0.18", None),
    (DatastoreEngine::PostgreSql, "9.6.3", None),
    (DatastoreEngine::PostgreSql, "10.0.3", None),
    (DatastoreEngine::PostgreSql, "11.5", None),
    (DatastoreEngine::PostgreSql, "12.2", None),
    (DatastoreEngine::SqlServer, "2014 SE", None),
    (DatastoreEngine::SqlServer, "2016 EE", None),
];

/// One engine version with its engine.
#[derive(Debug, Clone)]
pub struct VersionEntry {
    pub engine: DatastoreEngine,
    pub version: DatastoreVersion,
}

/// One flavor with where it is sold.
#[derive(Debug, Clone)]
pub struct FlavorEntry {
    pub region: String,
    pub version_id: String,
    pub kind: FlavorKind,
    pub class: &'static str,
    pub flavor: Flavor,
}

#[derive(Debug, Clone)]
pub struct Catalog {
    versions: Vec<VersionEntry>,
    flavors: Vec<FlavorEntry>,
    flavor_index: HashMap<String, usize>,
}

fn engine_token(engine: DatastoreEngine) -> (&'static str, &'static str) {
    match engine {
        DatastoreEngine::MySql => ("mysql", "MYSQL"),
        DatastoreEngine::PostgreSql => ("pg", "PG"),
        DatastoreEngine::SqlServer => ("mssql", "MSSQL"),
    }
}

fn engine_id(engine: DatastoreEngine) -> String {
    match engine {
        DatastoreEngine::MySql => MYSQL_ENGINE_ID.to_owned(),
        other => ids::uuid(&format!("engine:{}", other.as_str())),
    }
}

fn package(engine: DatastoreEngine, version: &str) -> String {
    match engine {
        DatastoreEngine::MySql => format!("MySQL-server-{version}"),
        DatastoreEngine::PostgreSql => format!("postgresql-server-{version}"),
        DatastoreEngine::SqlServer => format!("SQLServer-{}", version.replace(' ', "-")),
    }
}

impl Catalog {
    pub fn new() -> Self {
        let versions: Vec<VersionEntry> = VERSIONS
            .iter()
            .map(|(engine, name, fixed)| {
                let (id, image) = match fixed {
                    Some((id, image)) => ((*id).to_owned(), (*image).to_owned()),
                    None => (
                        ids::uuid(&format!("version:{}:{name}", engine.as_str())),
                        ids::uuid(&format!("image:{}:{name}", engine.as_str())),
                    ),
                };
                VersionEntry {
                    engine: *engine,
                    version: DatastoreVersion {
                        id,
                        name: (*name).to_owned(),
                        datastore: engine_id(*engine),
                        image: Some(image),
                        packages: Some(package(*engine, name)),
                        active: Some(1),
                    },
                }
            })
            .collect();
        let mut flavors = Vec::new();
        for region in REGIONS {
            for entry in &versions {
                let (code, upper) = engine_token(entry.engine);
                for (class, _vcpus, ram_gb) in CLASSES {
                    for kind in [FlavorKind::Single, FlavorKind::Ha, FlavorKind::ReadReplica] {
                        if kind == FlavorKind::ReadReplica && !entry.engine.supports_read_replicas()
                        {
                            continue;
                        }
                        let (spec_suffix, name_suffix) = kind.suffix();
                        let spec_code = format!("rds.{code}.{class}{spec_suffix}");
                        let name = format!(
                            "OTC_{upper}_{}{name_suffix}",
                            class.replace('.', "_").to_ascii_uppercase()
                        );
                        let id =
                            ids::uuid(&format!("flavor:{region}:{}:{spec_code}", entry.version.id));
                        flavors.push(FlavorEntry {
                            region: region.to_owned(),
                            version_id: entry.version.id.clone(),
                            kind,
                            class,
                            flavor: Flavor {
                                id,
                                name,
                                ram: ram_gb * 1024,
                                spec_code,
                            },
                        });
                    }
                }
            }
        }
        let flavor_index = flavors
            .iter()
            .enumerate()
            .map(|(index, entry)| (entry.flavor.id.clone(), index))
            .collect();
        Self {
            versions,
            flavors,
            flavor_index,
        }
    }

    /// The versions body of one engine.
    pub fn versions(&self, engine: DatastoreEngine) -> DatastoreVersions {
        DatastoreVersions {
            data_stores: self
                .versions
                .iter()
                .filter(|entry| entry.engine == engine)
                .map(|entry| entry.version.clone())
                .collect(),
        }
    }

    pub fn version_by_id(&self, id: &str) -> Option<&VersionEntry> {
        self.versions.iter().find(|entry| entry.version.id == id)
    }

    pub fn version_by_name(&self, engine: DatastoreEngine, name: &str) -> Option<&VersionEntry> {
        self.versions
            .iter()
            .find(|entry| entry.engine == engine && entry.version.name == name)
    }

    /// The flavors body for a region and a version id.
    pub fn flavors(&self, region: &str, version_id: &str) -> Flavors {
        Flavors {
            flavors: self
                .flavors
                .iter()
                .filter(|entry| entry.region == region && entry.version_id == version_id)
                .map(|entry| entry.flavor.clone())
                .collect(),
        }
    }

    pub fn flavor(&self, id: &str) -> Option<&FlavorEntry> {
        self.flavor_index
            .get(id)
            .and_then(|index| self.flavors.get(*index))
    }

    /// The flavor of a class and kind, for seeding.
    pub fn flavor_for(
        &self,
        region: &str,
        version_id: &str,
        class: &str,
        kind: FlavorKind,
    ) -> Option<&FlavorEntry> {
        self.flavors.iter().find(|entry| {
            entry.region == region
                && entry.version_id == version_id
                && entry.class == class
                && entry.kind == kind
        })
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flavor_ids_are_unique_and_uuids() {
        let catalog = Catalog::new();
        assert_eq!(catalog.flavor_index.len(), catalog.flavors.len());
        assert!(catalog
            .flavors
            .iter()
            .all(|entry| rds_v1::rules::is_uuid(&entry.flavor.id)));
    }

    #[test]
    fn versions_keep_the_documented_ids() {
        let catalog = Catalog::new();
        let mysql = catalog.versions(DatastoreEngine::MySql);
        assert_eq!(mysql.data_stores.len(), 5);
        let v = catalog
            .version_by_name(DatastoreEngine::MySql, "5.6.30")
            .map(|entry| entry.version.id.as_str());
        assert_eq!(v, Some("e8a8b8cc-63f8-4fb5-8d4a-24c502317a61"));
        let sqlserver = catalog.versions(DatastoreEngine::SqlServer);
        let id = &sqlserver.data_stores[0].id;
        let flavors = catalog.flavors("cn-north-4", id);
        assert_eq!(flavors.flavors.len(), 26);
        assert!(flavors.flavors.iter().all(|f| !f.is_read_replica()));
    }

    #[test]
    fn flavor_names_and_ram() {
        let catalog = Catalog::new();
        let version = catalog
            .version_by_name(DatastoreEngine::MySql, "5.7.29")
            .map(|entry| entry.version.id.clone())
            .unwrap_or_default();
        let rr = catalog
            .flavor_for("cn-north-4", &version, "c2.large", FlavorKind::ReadReplica)
            .map(|entry| entry.flavor.clone());
        let rr = rr.expect("flavor");
        assert_eq!(rr.name, "OTC_MYSQL_C2_LARGE_RR");
        assert_eq!(rr.spec_code, "rds.mysql.c2.large.rr");
        assert_eq!(rr.ram, 4096);
        assert_eq!(rr.vcpus(), Some(2));
    }
}
