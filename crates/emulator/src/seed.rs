//! The demo data. Ids are derived from the region and the instance name
//! (`ids::uuid("instance:{region}:{name}")`), so they are the same on every run and after every
//! reset; only the timestamps follow the clock (created some days before start-up).
//!
//! - `cn-north-4`, the main demo: `orders-mysql` (MySQL 5.7.29, ACTIVE, c2.large, COMMON 100 GB)
//!   with `orders-mysql-rr1`; `billing-ha` (MySQL 8.0.18, HA, semisync) with its standby
//!   `billing-ha-standby`; `analytics-pg` (PostgreSQL 11.5, HIGH 200 GB); `legacy-mssql`
//!   (SQL Server 2016 EE); `inventory-mysql` (MySQL 5.6.33, BUILD); `crm-mysql` (MySQL 5.7.29,
//!   FAILED); `catalog-mysql` (MySQL 5.7.29) with five replicas `catalog-mysql-rr1..5`.
//! - `cn-east-3`: 300 instances of mixed engines, statuses and types from a fixed-seed generator.
//! - `ap-southeast-1`: `sg-shop-mysql` (MySQL 8.0.18) and `sg-reports-pg` (PostgreSQL 12.2).
//! - `af-south-1`: empty.

use std::time::{Duration, SystemTime};

use rds_v1::{
    BackupStrategy, DataStoreInfo, DatastoreEngine, Ha, IdRef, Instance, InstanceStatus,
    InstanceType, Nics, Volume,
};

use crate::catalog::{zones, Catalog, FlavorKind, CLASSES};
use crate::ids::{self, Rng};
use crate::store::{Project, Record};
use crate::time;

/// How many instances `cn-east-3` holds.
pub const EAST_COUNT: usize = 300;

struct MasterSpec<'a> {
    name: String,
    engine: DatastoreEngine,
    version: &'a str,
    class: &'a str,
    ha: bool,
    status: InstanceStatus,
    volume_type: &'a str,
    size: u32,
    zone: usize,
    age_hours: u64,
}

struct Seeder<'a> {
    catalog: &'a Catalog,
    project: &'a Project,
    now: SystemTime,
    out: Vec<Record>,
}

/// A `192.168.x.y` address derived from an id.
pub fn hostname_for(id: &str) -> String {
    let hash = ids::hash_label(id);
    format!("192.168.{}.{}", hash % 255, 2 + (hash >> 8) % 252)
}

/// A plausible used size (GB) for a volume.
pub fn used_for(id: &str, size: u32) -> f64 {
    let fraction = 0.03 + (ids::hash_label(id) % 40) as f64 / 100.0;
    (f64::from(size) * fraction * 100.0).round() / 100.0
}

impl<'a> Seeder<'a> {
    fn base(&self, name: &str, spec: &MasterSpec, kind: InstanceType) -> Instance {
        let id = ids::uuid(&format!("instance:{}:{name}", self.project.region));
        let building = spec.status == InstanceStatus::Build;
        let created_at = self.now - Duration::from_secs(spec.age_hours * 3600);
        let updated_at = created_at + Duration::from_secs((spec.age_hours / 3).min(72) * 3600);
        let zone_list = zones(&self.project.region);
        let usable = !building && spec.status != InstanceStatus::Failed;
        Instance {
            status: spec.status.clone(),
            name: name.to_owned(),
            created: if building {
                String::new()
            } else {
                time::instance_time(created_at)
            },
            hostname: if usable {
                hostname_for(&id)
            } else {
                String::new()
            },
            instance_type: kind,
            region: self.project.region.clone(),
            updated: if building {
                String::new()
            } else {
                time::instance_time(updated_at)
            },
            availability_zone: zone_list[spec.zone % 3].clone(),
            vpc: self.project.vpc.clone(),
            nics: Some(Nics {
                subnet_id: self.project.subnet.clone(),
            }),
            security_group: Some(IdRef {
                id: self.project.security_group.clone(),
            }),
            flavor: None,
            volume: Some(Volume {
                volume_type: spec.volume_type.to_owned(),
                size: spec.size,
                used: (!building).then(|| used_for(&id, spec.size)),
            }),
            data_store_info: (!building).then(|| DataStoreInfo {
                engine: spec.engine.as_str().to_owned(),
                version: spec.version.to_owned(),
            }),
            db_port: Some(spec.engine.default_port()),
            backup_strategy: None,
            slave_id: None,
            ha: None,
            replica_of: None,
            extendparam: None,
            id,
        }
    }

    fn record(&self, spec: &MasterSpec, instance: Instance) -> Record {
        let version_id = self
            .catalog
            .version_by_name(spec.engine, spec.version)
            .map(|entry| entry.version.id.clone())
            .unwrap_or_default();
        Record {
            project_id: self.project.id.clone(),
            engine: spec.engine,
            version_id,
            version: spec.version.to_owned(),
            instance,
            build: None,
        }
    }

    fn flavor(&self, spec: &MasterSpec, kind: FlavorKind) -> Option<IdRef> {
        let version = self.catalog.version_by_name(spec.engine, spec.version)?;
        let entry =
            self.catalog
                .flavor_for(&self.project.region, &version.version.id, spec.class, kind)?;
        Some(IdRef {
            id: entry.flavor.id.clone(),
        })
    }

    /// Adds a primary (and its standby when HA); returns the primary's id.
    fn master(&mut self, spec: &MasterSpec, replication: &str) -> String {
        let kind = if spec.ha {
            FlavorKind::Ha
        } else {
            FlavorKind::Single
        };
        let mut master = self.base(&spec.name, spec, InstanceType::Master);
        master.flavor = self.flavor(spec, kind);
        let hour = ids::hash_label(&master.id) % 6;
        master.backup_strategy = Some(BackupStrategy {
            start_time: format!("{:02}:00:00", (hour + 22) % 24),
            keep_days: 7,
        });
        let id = master.id.clone();
        let standby = spec.ha.then(|| {
            let name = format!("{}-standby", spec.name);
            let mut standby = self.base(&name, spec, InstanceType::Slave);
            standby.availability_zone = zones(&self.project.region)[(spec.zone + 1) % 3].clone();
            standby.flavor = master.flavor.clone();
            standby
        });
        if let Some(standby) = &standby {
            master.slave_id = Some(standby.id.clone());
            master.ha = Some(Ha {
                replication_mode: replication.to_owned(),
            });
        }
        let record = self.record(spec, master);
        self.out.push(record);
        if let Some(standby) = standby {
            let record = self.record(spec, standby);
            self.out.push(record);
        }
        id
    }

    fn replica(&mut self, spec: &MasterSpec, primary_id: &str, name: &str, status: InstanceStatus) {
        let replica_spec = MasterSpec {
            name: name.to_owned(),
            status,
            zone: spec.zone + 1 + self.out.len() % 2,
            age_hours: spec.age_hours / 2,
            ha: false,
            ..*spec
        };
        let mut replica = self.base(name, &replica_spec, InstanceType::ReadReplica);
        replica.flavor = self.flavor(spec, FlavorKind::ReadReplica);
        replica.replica_of = Some(primary_id.to_owned());
        let record = self.record(spec, replica);
        self.out.push(record);
    }
}

#[allow(clippy::too_many_arguments)]
fn spec<'a>(
    name: &str,
    engine: DatastoreEngine,
    version: &'a str,
    class: &'a str,
    ha: bool,
    status: InstanceStatus,
    volume: (&'a str, u32),
    zone: usize,
    age_days: u64,
) -> MasterSpec<'a> {
    MasterSpec {
        name: name.to_owned(),
        engine,
        version,
        class,
        ha,
        status,
        volume_type: volume.0,
        size: volume.1,
        zone,
        age_hours: age_days * 24 + 5,
    }
}

fn north(seeder: &mut Seeder) {
    use DatastoreEngine::*;
    use InstanceStatus::*;
    let orders = spec(
        "orders-mysql",
        MySql,
        "5.7.29",
        "c2.large",
        false,
        Active,
        ("COMMON", 100),
        0,
        212,
    );
    let id = seeder.master(&orders, "async");
    seeder.replica(&orders, &id, "orders-mysql-rr1", Active);

    let billing = spec(
        "billing-ha",
        MySql,
        "8.0.18",
        "s1.xlarge",
        true,
        Active,
        ("ULTRAHIGH", 250),
        0,
        97,
    );
    seeder.master(&billing, "semisync");

    let analytics = spec(
        "analytics-pg",
        PostgreSql,
        "11.5",
        "s1.2xlarge",
        false,
        Active,
        ("HIGH", 200),
        1,
        64,
    );
    seeder.master(&analytics, "async");

    let legacy = spec(
        "legacy-mssql",
        SqlServer,
        "2016 EE",
        "s1.xlarge",
        false,
        Active,
        ("COMMON", 160),
        2,
        730,
    );
    seeder.master(&legacy, "async");

    let inventory = spec(
        "inventory-mysql",
        MySql,
        "5.6.33",
        "c2.xlarge",
        false,
        Build,
        ("COMMON", 60),
        1,
        0,
    );
    seeder.master(&inventory, "async");

    let crm = spec(
        "crm-mysql",
        MySql,
        "5.7.29",
        "c2.large",
        false,
        Failed,
        ("COMMON", 40),
        0,
        3,
    );
    seeder.master(&crm, "async");

    let catalog = spec(
        "catalog-mysql",
        MySql,
        "5.7.29",
        "s1.large",
        false,
        Active,
        ("COMMON", 150),
        2,
        150,
    );
    let id = seeder.master(&catalog, "async");
    for n in 1..=5 {
        seeder.replica(&catalog, &id, &format!("catalog-mysql-rr{n}"), Active);
    }
}

fn southeast(seeder: &mut Seeder) {
    use DatastoreEngine::*;
    use InstanceStatus::*;
    let shop = spec(
        "sg-shop-mysql",
        MySql,
        "8.0.18",
        "c2.xlarge",
        false,
        Active,
        ("COMMON", 100),
        0,
        40,
    );
    seeder.master(&shop, "async");
    let reports = spec(
        "sg-reports-pg",
        PostgreSql,
        "12.2",
        "s1.large",
        false,
        Active,
        ("HIGH", 120),
        1,
        18,
    );
    seeder.master(&reports, "async");
}

const WORDS: [&str; 20] = [
    "orders",
    "billing",
    "search",
    "ledger",
    "payments",
    "users",
    "sessions",
    "catalog",
    "metrics",
    "audit",
    "events",
    "inventory",
    "shipping",
    "reviews",
    "loyalty",
    "pricing",
    "crm",
    "hr",
    "wiki",
    "chat",
];

fn random_status(rng: &mut Rng) -> InstanceStatus {
    match rng.below(100) {
        0..=79 => InstanceStatus::Active,
        80..=84 => InstanceStatus::Build,
        85..=88 => InstanceStatus::Failed,
        89..=92 => InstanceStatus::Modifying,
        93..=95 => InstanceStatus::Rebooting,
        96..=97 => InstanceStatus::BackingUp,
        _ => InstanceStatus::Restoring,
    }
}

fn east(seeder: &mut Seeder, count: usize) {
    let mut rng = Rng::new(0xEA57_0003);
    let mut n = 0;
    while seeder.out.len() < count {
        n += 1;
        let (engine, short, versions): (DatastoreEngine, &str, &[&str]) = match rng.below(10) {
            0..=5 => (
                DatastoreEngine::MySql,
                "mysql",
                &["5.6.33", "5.6.30", "5.7.17", "5.7.29", "8.0.18"],
            ),
            6..=8 => (
                DatastoreEngine::PostgreSql,
                "pg",
                &["9.6.3", "10.0.3", "11.5", "12.2"],
            ),
            _ => (DatastoreEngine::SqlServer, "mssql", &["2014 SE", "2016 EE"]),
        };
        let remaining = count - seeder.out.len();
        let status = random_status(&mut rng);
        let master = MasterSpec {
            name: format!("{}-{short}-{n:03}", rng.pick(&WORDS)),
            engine,
            version: rng.pick(versions),
            class: rng.pick(&CLASSES[..10]).0,
            ha: remaining >= 2 && rng.percent(25),
            status: status.clone(),
            volume_type: rng.pick(&["COMMON", "HIGH", "ULTRAHIGH"]),
            size: 40 + 10 * rng.below(47) as u32,
            zone: rng.below(3) as usize,
            age_hours: 1 + rng.below(24 * 900),
        };
        let replication = if rng.percent(50) { "async" } else { "semisync" };
        let id = seeder.master(&master, replication);
        let remaining = count - seeder.out.len();
        if engine.supports_read_replicas()
            && status == InstanceStatus::Active
            && rng.percent(30)
            && remaining > 0
        {
            let count = (1 + rng.below(5) as usize).min(remaining);
            for k in 1..=count {
                let status = match rng.below(10) {
                    0 => InstanceStatus::Build,
                    1 => InstanceStatus::Failed,
                    _ => InstanceStatus::Active,
                };
                seeder.replica(&master, &id, &format!("{}-rr{k}", master.name), status);
            }
        }
    }
}

/// Every seeded instance of every project.
pub fn seed(
    catalog: &Catalog,
    projects: &[Project],
    now: SystemTime,
    east_count: usize,
) -> Vec<Record> {
    let mut all = Vec::new();
    for project in projects {
        let mut seeder = Seeder {
            catalog,
            project,
            now,
            out: Vec::new(),
        };
        match project.region.as_str() {
            "cn-north-4" => north(&mut seeder),
            "cn-east-3" => east(&mut seeder, east_count),
            "ap-southeast-1" => southeast(&mut seeder),
            _ => {}
        }
        all.extend(seeder.out);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::REGIONS;
    use std::collections::HashSet;

    fn projects() -> Vec<Project> {
        REGIONS
            .iter()
            .map(|region| Project {
                id: ids::hex32(region),
                region: (*region).to_owned(),
                domain_id: String::new(),
                vpc: String::new(),
                subnet: String::new(),
                security_group: String::new(),
            })
            .collect()
    }

    #[test]
    fn seed_is_deterministic_valid_and_sized() {
        let catalog = Catalog::new();
        let projects = projects();
        let now = SystemTime::now();
        let a = seed(&catalog, &projects, now, EAST_COUNT);
        let b = seed(&catalog, &projects, now, EAST_COUNT);
        let ids_a: Vec<_> = a.iter().map(|r| r.instance.id.clone()).collect();
        let ids_b: Vec<_> = b.iter().map(|r| r.instance.id.clone()).collect();
        assert_eq!(ids_a, ids_b);
        assert_eq!(ids_a.iter().collect::<HashSet<_>>().len(), ids_a.len());
        let east = a
            .iter()
            .filter(|r| r.instance.region == "cn-east-3")
            .count();
        assert_eq!(east, EAST_COUNT);
        for record in &a {
            let instance = &record.instance;
            assert!(rds_v1::rules::validate_instance_name(&instance.name).is_ok());
            assert!(!record.version_id.is_empty(), "{}", instance.name);
            let flavor = instance
                .flavor
                .as_ref()
                .map(|f| f.id.clone())
                .unwrap_or_default();
            let entry = catalog.flavor(&flavor).expect("seeded flavor exists");
            assert_eq!(entry.region, instance.region);
            assert_eq!(entry.version_id, record.version_id);
            if let Some(primary) = &instance.replica_of {
                assert!(a.iter().any(|r| &r.instance.id == primary));
                assert!(entry.flavor.is_read_replica());
            }
            if let Some(slave) = &instance.slave_id {
                assert!(a.iter().any(|r| &r.instance.id == slave));
            }
        }
        let names: HashSet<_> = a
            .iter()
            .map(|r| (r.project_id.clone(), r.instance.name.clone()))
            .collect();
        assert_eq!(names.len(), a.len());
        let engines: HashSet<_> = a
            .iter()
            .filter(|r| r.instance.region == "cn-east-3")
            .map(|r| r.engine)
            .collect();
        assert_eq!(engines.len(), 3);
    }
}
