//! The replica draft and every rule of the form, in plain Rust (no UI, no HTTP): which primaries
//! are eligible and why not, the version id of a primary, the flavor list, the suggested name,
//! storage defaults, validation, the deep-link query, and the polling schedule.

use rds_v1::rules::{self, NameError, VolumeError};
use rds_v1::{
    CreateReplicaRequest, DatastoreEngine, DatastoreVersion, DatastoreVersions, Flavor, Instance,
    InstanceStatus, InstanceType, ReplicaSpec, VolumeSpec,
};

/// Why an instance cannot be the primary of a new read replica.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ineligible {
    NotPrimary,
    NotActive(String),
    EngineWithoutReplicas,
    UnknownEngine,
    ReplicaLimit { count: usize },
}

/// The primary of a live (not `FAILED`) read replica; these count towards the replica limit.
fn live_replica_of(instance: &Instance) -> Option<&str> {
    instance
        .replica_of
        .as_deref()
        .filter(|_| instance.status != InstanceStatus::Failed)
}

/// How many live read replicas each primary has: one sorted entry per replica, so a count is
/// a binary search (a sorted list rather than a hash map keeps the hasher out of the wasm).
pub struct ReplicaCounts<'a>(Vec<&'a str>);

impl<'a> ReplicaCounts<'a> {
    pub fn new(instances: &'a [Instance]) -> Self {
        let mut primaries: Vec<&str> = instances.iter().filter_map(live_replica_of).collect();
        sort_with(&mut primaries, Ord::cmp);
        Self(primaries)
    }

    pub fn of(&self, primary: &str) -> usize {
        let start = self.0.partition_point(|id| *id < primary);
        self.0[start..]
            .iter()
            .take_while(|id| **id == primary)
            .count()
    }
}

/// The engines' version lists, in the order they were asked for.
pub type VersionsByEngine = Vec<(DatastoreEngine, DatastoreVersions)>;

/// The documented rule: a master, `ACTIVE`, an engine with replicas, under the limit.
pub fn eligibility(instance: &Instance, replicas: usize, limit: usize) -> Result<(), Ineligible> {
    if instance.instance_type != InstanceType::Master {
        return Err(Ineligible::NotPrimary);
    }
    if instance.status != InstanceStatus::Active {
        return Err(Ineligible::NotActive(instance.status.as_str().to_owned()));
    }
    match instance.engine() {
        None => return Err(Ineligible::UnknownEngine),
        Some(engine) if !engine.supports_read_replicas() => {
            return Err(Ineligible::EngineWithoutReplicas)
        }
        Some(_) => {}
    }
    if replicas >= limit {
        return Err(Ineligible::ReplicaLimit { count: replicas });
    }
    Ok(())
}

/// One entry of the primary list.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimaryChoice {
    pub id: String,
    pub name: String,
    /// `MySQL 5.7.29`, or the status while the engine is unknown.
    pub engine_label: String,
    pub replicas: usize,
    pub eligibility: Result<(), Ineligible>,
    /// Lower-case name, id and engine, precomputed so filtering a long list stays cheap.
    search_key: String,
}

impl PrimaryChoice {
    pub fn is_eligible(&self) -> bool {
        self.eligibility.is_ok()
    }
}

/// Every instance of the region as a choice: eligible ones first, then by name.
pub fn primary_choices(instances: &[Instance], limit: usize) -> Vec<PrimaryChoice> {
    let counts = ReplicaCounts::new(instances);
    let mut choices: Vec<PrimaryChoice> = instances
        .iter()
        .map(|instance| {
            let replicas = counts.of(&instance.id);
            let engine_label = instance
                .data_store_info
                .as_ref()
                .map(|info| format!("{} {}", info.engine, info.version))
                .unwrap_or_default();
            PrimaryChoice {
                // Names, ids and engines are ASCII by the API's rules: ASCII case folding
                // matches, without Unicode case tables in the wasm.
                search_key: format!("{} {} {}", instance.name, instance.id, engine_label)
                    .to_ascii_lowercase(),
                id: instance.id.clone(),
                name: instance.name.clone(),
                engine_label,
                replicas,
                eligibility: eligibility(instance, replicas, limit),
            }
        })
        .collect();
    sort_with(&mut choices, |a, b| {
        b.is_eligible()
            .cmp(&a.is_eligible())
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    choices
}

/// The choices matching every word of `query` (name, id or engine), at most `cap` of them, plus
/// the number of matches in all. The selected primary always stays in the list.
pub fn filter_choices<'a>(
    choices: &'a [PrimaryChoice],
    query: &str,
    selected: &str,
    cap: usize,
) -> (Vec<&'a PrimaryChoice>, usize) {
    let words: Vec<String> = query
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let mut shown = Vec::new();
    let mut total = 0;
    for choice in choices {
        let matches = words
            .iter()
            .all(|word| choice.search_key.contains(word.as_str()));
        if matches {
            total += 1;
        }
        if (matches && shown.len() < cap) || (!selected.is_empty() && choice.id == selected) {
            shown.push(choice);
        }
    }
    (shown, total)
}

/// The version entry (its `id` is the `dbId`) of a primary, from the versions of its engine.
pub fn version_of<'a>(
    versions: &'a [(DatastoreEngine, DatastoreVersions)],
    primary: &Instance,
) -> Option<&'a DatastoreVersion> {
    let info = primary.data_store_info.as_ref()?;
    let engine = info.engine()?;
    let (_, list) = versions.iter().find(|(known, _)| *known == engine)?;
    list.find_by_name(&info.version)
}

/// One entry of the flavor list.
#[derive(Debug, Clone, PartialEq)]
pub struct FlavorChoice {
    pub flavor: Flavor,
    pub for_replicas: bool,
    /// The same class as the primary's flavor: the recommended minimum.
    pub primary_class: bool,
}

/// Read-replica flavors first, each group by RAM then vCPUs; the primary's class marked.
pub fn flavor_choices(flavors: &[Flavor], primary_flavor_id: Option<&str>) -> Vec<FlavorChoice> {
    let primary_class = primary_flavor_id
        .and_then(|id| flavors.iter().find(|flavor| flavor.id == id))
        .map(|flavor| flavor.class().to_owned());
    let mut choices: Vec<FlavorChoice> = flavors
        .iter()
        .map(|flavor| FlavorChoice {
            for_replicas: flavor.is_read_replica(),
            primary_class: flavor.is_read_replica()
                && primary_class.as_deref() == Some(flavor.class()),
            flavor: flavor.clone(),
        })
        .collect();
    sort_with(&mut choices, |a, b| {
        b.for_replicas
            .cmp(&a.for_replicas)
            .then(a.flavor.ram.cmp(&b.flavor.ram))
            .then(a.flavor.vcpus().cmp(&b.flavor.vcpus()))
            .then_with(|| a.flavor.spec_code.cmp(&b.flavor.spec_code))
    });
    choices
}

/// Sorts `items` by `compare` (unstably: every key here ends in something unique).
///
/// Why not `sort_unstable_by`: each element type would get its own copy of the sort in the
/// wasm. This sorts indices, through one shared instantiation, and then moves the items.
pub fn sort_with<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> std::cmp::Ordering) {
    let order = sorted_indices(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|index| slots[index].take()));
}

fn sorted_indices(len: usize, compare: &dyn Fn(usize, usize) -> std::cmp::Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|&a, &b| compare(a, b));
    order
}

/// RAM for display: whole GB when it is a whole number of GB, MB otherwise (no float formatting).
pub fn ram_label(ram_mb: u64) -> String {
    if ram_mb.is_multiple_of(1024) {
        format!("{} GB", ram_mb / 1024)
    } else {
        format!("{ram_mb} MB")
    }
}

/// The flavor to preselect: the replica flavor of the primary's class.
pub fn default_flavor(choices: &[FlavorChoice]) -> Option<&str> {
    choices
        .iter()
        .find(|choice| choice.primary_class)
        .map(|choice| choice.flavor.id.as_str())
}

/// `<primary>-rr1`, or the first `-rrN` not yet used in the region, within 64 characters.
pub fn suggest_name<'a>(primary: &str, taken: impl IntoIterator<Item = &'a str>) -> String {
    let taken: Vec<&str> = taken.into_iter().collect();
    (1..)
        .map(|n| {
            let suffix = format!("-rr{n}");
            let keep = rules::NAME_MAX.saturating_sub(suffix.len());
            let base: String = primary.chars().take(keep).collect();
            format!("{base}{suffix}")
        })
        .find(|candidate| !taken.contains(&candidate.as_str()))
        .unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    Rule(NameError),
    Taken,
}

pub fn check_name<'a>(
    name: &str,
    taken: impl IntoIterator<Item = &'a str>,
) -> Result<(), NameProblem> {
    rules::validate_instance_name(name).map_err(NameProblem::Rule)?;
    if taken.into_iter().any(|existing| existing == name) {
        return Err(NameProblem::Taken);
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VolumeProblem {
    NotANumber,
    Rule(VolumeError),
}

pub fn check_volume_size(text: &str, primary_size: u32) -> Result<u32, VolumeProblem> {
    let size: u32 = text.trim().parse().map_err(|_| VolumeProblem::NotANumber)?;
    rules::validate_volume_size(size, primary_size).map_err(VolumeProblem::Rule)?;
    Ok(size)
}

/// The fields of the form, as typed. Strings so that nothing the user typed is ever lost.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub region: String,
    pub primary_id: String,
    pub flavor_id: String,
    pub name: String,
    /// Empty: the primary's zone.
    pub availability_zone: String,
    /// Empty: the primary's type.
    pub volume_type: String,
    /// Empty: the primary's size.
    pub volume_size: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Primary,
    Flavor,
    Name,
    AvailabilityZone,
    StorageType,
    StorageSize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    Ineligible(Ineligible),
    NotAReplicaFlavor,
    Name(NameProblem),
    UnknownZone,
    UnknownStorageType,
    Volume(VolumeProblem),
}

/// What the draft is checked against: the region's instances and the primary's flavors.
pub struct Context<'a> {
    pub instances: &'a [Instance],
    pub flavors: &'a [Flavor],
    pub limit: usize,
}

impl Context<'_> {
    pub fn primary(&self, id: &str) -> Option<&Instance> {
        self.instances.iter().find(|instance| instance.id == id)
    }

    /// The zones the region's instances live in (v1 has no zone list).
    pub fn zones(&self) -> Vec<String> {
        let mut zones: Vec<String> = self
            .instances
            .iter()
            .map(|instance| instance.availability_zone.clone())
            .filter(|zone| !zone.is_empty())
            .collect();
        sort_with(&mut zones, Ord::cmp);
        zones.dedup();
        zones
    }
}

impl Draft {
    /// The request to send, or every problem, in the order of the form.
    pub fn build(&self, context: &Context) -> Result<CreateReplicaRequest, Vec<(Field, Problem)>> {
        let mut problems = Vec::new();
        let primary = context.primary(&self.primary_id);
        match primary {
            None => problems.push((Field::Primary, Problem::Required)),
            Some(primary) => {
                let replicas = context
                    .instances
                    .iter()
                    .filter(|i| live_replica_of(i) == Some(primary.id.as_str()))
                    .count();
                if let Err(reason) = eligibility(primary, replicas, context.limit) {
                    problems.push((Field::Primary, Problem::Ineligible(reason)));
                }
            }
        }
        match context.flavors.iter().find(|f| f.id == self.flavor_id) {
            None => problems.push((Field::Flavor, Problem::Required)),
            Some(flavor) if !flavor.is_read_replica() => {
                problems.push((Field::Flavor, Problem::NotAReplicaFlavor))
            }
            Some(_) => {}
        }
        let taken = context.instances.iter().map(|i| i.name.as_str());
        if let Err(problem) = check_name(&self.name, taken) {
            problems.push((Field::Name, Problem::Name(problem)));
        }
        if !self.availability_zone.is_empty() && !context.zones().contains(&self.availability_zone)
        {
            problems.push((Field::AvailabilityZone, Problem::UnknownZone));
        }
        let primary_volume = primary.and_then(|p| p.volume.clone()).unwrap_or_default();
        let volume_type = if self.volume_type.is_empty() {
            primary_volume.volume_type.clone()
        } else {
            self.volume_type.clone()
        };
        if !self.volume_type.is_empty() && rules::VolumeType::parse(&self.volume_type).is_none() {
            problems.push((Field::StorageType, Problem::UnknownStorageType));
        }
        let size = if self.volume_size.trim().is_empty() {
            Ok(primary_volume.size)
        } else {
            check_volume_size(&self.volume_size, primary_volume.size)
        };
        let size = match size {
            Ok(size) => size,
            Err(problem) => {
                problems.push((Field::StorageSize, Problem::Volume(problem)));
                0
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        // The replica follows the primary's storage unless the user asked for something else;
        // then the body says so explicitly.
        let volume = (volume_type != primary_volume.volume_type || size != primary_volume.size)
            .then_some(VolumeSpec { volume_type, size });
        Ok(CreateReplicaRequest {
            instance: ReplicaSpec {
                name: self.name.clone(),
                flavor_ref: self.flavor_id.clone(),
                replica_of: self.primary_id.clone(),
                volume,
                region: None,
                availability_zone: (!self.availability_zone.is_empty())
                    .then(|| self.availability_zone.clone()),
            },
        })
    }

    /// The query string of a deep link: region, primary, flavor and name (never a token).
    pub fn to_query(&self) -> String {
        let pairs = [
            ("region", &self.region),
            ("primary", &self.primary_id),
            ("flavor", &self.flavor_id),
            ("name", &self.name),
        ];
        pairs
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(key, value)| format!("{key}={}", crate::api::encode(value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Reads a deep link's decoded query pairs.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut draft = Draft::default();
        for (key, value) in pairs {
            let slot = match key {
                "region" => &mut draft.region,
                "primary" => &mut draft.primary_id,
                "flavor" => &mut draft.flavor_id,
                "name" => &mut draft.name,
                _ => continue,
            };
            *slot = value.to_owned();
        }
        draft
    }
}

/// Milliseconds to wait before status poll number `attempt` (0-based): soon at first, then
/// backing off by half each time up to 15 s.
pub fn poll_delay_ms(attempt: u32) -> u32 {
    let delay = 1000.0 * 1.5f64.powi(attempt.min(20) as i32);
    delay.min(15_000.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use rds_v1::{DataStoreInfo, Volume};

    fn instance(
        id: &str,
        name: &str,
        kind: InstanceType,
        status: InstanceStatus,
        engine: &str,
    ) -> Instance {
        Instance {
            id: id.into(),
            status,
            name: name.into(),
            created: String::new(),
            hostname: String::new(),
            instance_type: kind,
            region: "cn-north-4".into(),
            updated: String::new(),
            availability_zone: "cn-north-4a".into(),
            vpc: String::new(),
            nics: None,
            security_group: None,
            flavor: Some(rds_v1::IdRef {
                id: "single-large".into(),
            }),
            volume: Some(Volume {
                volume_type: "COMMON".into(),
                size: 100,
                used: None,
            }),
            data_store_info: (!engine.is_empty()).then(|| DataStoreInfo {
                engine: engine.into(),
                version: "5.7.29".into(),
            }),
            db_port: None,
            backup_strategy: None,
            slave_id: None,
            ha: None,
            replica_of: None,
            extendparam: None,
        }
    }

    fn primary(id: &str, name: &str) -> Instance {
        instance(
            id,
            name,
            InstanceType::Master,
            InstanceStatus::Active,
            "MySQL",
        )
    }

    fn replica_of(id: &str, primary: &str, status: InstanceStatus) -> Instance {
        let mut replica = instance(
            id,
            &format!("{primary}-{id}"),
            InstanceType::ReadReplica,
            status,
            "MySQL",
        );
        replica.replica_of = Some(primary.into());
        replica
    }

    fn flavor(id: &str, spec: &str, ram_gb: u64) -> Flavor {
        Flavor {
            id: id.into(),
            name: id.into(),
            ram: ram_gb * 1024,
            spec_code: spec.into(),
        }
    }

    fn flavors() -> Vec<Flavor> {
        vec![
            flavor("single-large", "rds.mysql.c2.large", 4),
            flavor("rr-xlarge", "rds.mysql.c2.xlarge.rr", 8),
            flavor("rr-large", "rds.mysql.c2.large.rr", 4),
            flavor("rr-medium", "rds.mysql.s1.medium.rr", 1),
            flavor("ha-large", "rds.mysql.c2.large.ha", 4),
        ]
    }

    #[test]
    fn eligibility_follows_the_documented_rule() {
        let limit = 5;
        assert_eq!(eligibility(&primary("p", "orders"), 0, limit), Ok(()));
        assert_eq!(eligibility(&primary("p", "orders"), 4, limit), Ok(()));
        assert_eq!(
            eligibility(&primary("p", "orders"), 5, limit),
            Err(Ineligible::ReplicaLimit { count: 5 })
        );
        let building = instance(
            "b",
            "b",
            InstanceType::Master,
            InstanceStatus::Build,
            "MySQL",
        );
        assert_eq!(
            eligibility(&building, 0, limit),
            Err(Ineligible::NotActive("BUILD".into()))
        );
        let standby = instance(
            "s",
            "s",
            InstanceType::Slave,
            InstanceStatus::Active,
            "MySQL",
        );
        assert_eq!(eligibility(&standby, 0, limit), Err(Ineligible::NotPrimary));
        let mssql = instance(
            "m",
            "m",
            InstanceType::Master,
            InstanceStatus::Active,
            "SQLServer",
        );
        assert_eq!(
            eligibility(&mssql, 0, limit),
            Err(Ineligible::EngineWithoutReplicas)
        );
        let unknown = instance("u", "u", InstanceType::Master, InstanceStatus::Active, "");
        assert_eq!(
            eligibility(&unknown, 0, limit),
            Err(Ineligible::UnknownEngine)
        );
    }

    #[test]
    fn sort_with_orders_any_element_type() {
        let mut words = vec!["pear".to_owned(), "apple".into(), "fig".into()];
        sort_with(&mut words, Ord::cmp);
        assert_eq!(words, ["apple", "fig", "pear"]);
        let mut pairs = vec![(2, 'b'), (1, 'z'), (3, 'a'), (1, 'a')];
        sort_with(&mut pairs, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        assert_eq!(pairs, [(3, 'a'), (2, 'b'), (1, 'a'), (1, 'z')]);
        let mut empty: Vec<u8> = Vec::new();
        sort_with(&mut empty, Ord::cmp);
        assert!(empty.is_empty());
    }

    #[test]
    fn failed_replicas_do_not_count_towards_the_limit() {
        let instances = vec![
            primary("p", "orders"),
            replica_of("r1", "p", InstanceStatus::Active),
            replica_of("r2", "p", InstanceStatus::Build),
            replica_of("r3", "p", InstanceStatus::Failed),
        ];
        assert_eq!(ReplicaCounts::new(&instances).of("p"), 2);
    }

    #[test]
    fn replica_counts_are_per_primary() {
        let instances = vec![
            replica_of("a1", "a", InstanceStatus::Active),
            replica_of("c1", "c", InstanceStatus::Active),
            replica_of("a2", "a", InstanceStatus::Build),
            replica_of("b1", "b", InstanceStatus::Failed),
            replica_of("c2", "c", InstanceStatus::Active),
            replica_of("a3", "a", InstanceStatus::Active),
        ];
        let counts = ReplicaCounts::new(&instances);
        assert_eq!(
            ["a", "b", "c", "d", ""].map(|id| counts.of(id)),
            [3, 0, 2, 0, 0]
        );
    }

    #[test]
    fn eligible_primaries_come_first_and_the_filter_narrows() {
        let mut instances = vec![
            instance(
                "z",
                "zeta",
                InstanceType::Master,
                InstanceStatus::Failed,
                "MySQL",
            ),
            primary("b", "billing"),
            primary("a", "analytics"),
        ];
        instances.push(replica_of("r", "a", InstanceStatus::Active));
        let choices = primary_choices(&instances, 5);
        let names: Vec<&str> = choices.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["analytics", "billing", "a-r", "zeta"]);
        assert_eq!(choices[0].replicas, 1);
        assert_eq!(choices[0].engine_label, "MySQL 5.7.29");

        let (shown, total) = filter_choices(&choices, "BILL", "", 10);
        assert_eq!((shown.len(), total), (1, 1));
        let (shown, total) = filter_choices(&choices, "mysql 5.7", "", 2);
        assert_eq!((shown.len(), total), (2, 4));
        // The selected primary stays visible whatever the filter.
        let (shown, _) = filter_choices(&choices, "zeta", "b", 10);
        assert_eq!(
            shown.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["b", "z"]
        );
    }

    #[test]
    fn filtering_two_thousand_primaries_is_cheap() {
        let instances: Vec<Instance> = (0..2000)
            .map(|n| primary(&format!("id-{n}"), &format!("app-{n:04}-mysql")))
            .collect();
        let choices = primary_choices(&instances, 5);
        let (shown, total) = filter_choices(&choices, "app-19", "", 200);
        assert_eq!(total, 100);
        assert_eq!(shown.len(), 100);
    }

    #[test]
    fn the_version_id_comes_from_the_primarys_engine_and_version() {
        let body = include_str!("../fixtures/datastore-versions.response.json");
        let mysql: DatastoreVersions = rds_v1::json::decode(body).unwrap();
        let versions = vec![(DatastoreEngine::MySql, mysql)];
        let mut p = primary("p", "orders");
        p.data_store_info = Some(DataStoreInfo {
            engine: "MySQL".into(),
            version: "5.6.30".into(),
        });
        assert_eq!(
            version_of(&versions, &p).map(|v| v.id.as_str()),
            Some("e8a8b8cc-63f8-4fb5-8d4a-24c502317a61")
        );
        p.data_store_info = Some(DataStoreInfo {
            engine: "PostgreSQL".into(),
            version: "5.6.30".into(),
        });
        assert_eq!(version_of(&versions, &p), None);
        p.data_store_info = None;
        assert_eq!(version_of(&versions, &p), None);
    }

    #[test]
    fn replica_flavors_come_first_and_the_primary_class_is_marked() {
        let choices = flavor_choices(&flavors(), Some("single-large"));
        let ids: Vec<&str> = choices.iter().map(|c| c.flavor.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "rr-medium",
                "rr-large",
                "rr-xlarge",
                "single-large",
                "ha-large"
            ]
        );
        assert_eq!(default_flavor(&choices), Some("rr-large"));
        assert!(choices.iter().filter(|c| c.primary_class).count() == 1);
        assert_eq!(default_flavor(&flavor_choices(&flavors(), None)), None);
    }

    #[test]
    fn ram_reads_in_gb_when_whole() {
        assert_eq!(ram_label(4096), "4 GB");
        assert_eq!(ram_label(262_144), "256 GB");
        assert_eq!(ram_label(1536), "1536 MB");
    }

    #[test]
    fn the_suggested_name_is_unused_and_valid() {
        assert_eq!(suggest_name("orders-mysql", []), "orders-mysql-rr1");
        assert_eq!(
            suggest_name("orders-mysql", ["orders-mysql-rr1", "orders-mysql-rr2"]),
            "orders-mysql-rr3"
        );
        let long = "a".repeat(64);
        let suggestion = suggest_name(&long, []);
        assert_eq!(suggestion.len(), 64);
        assert_eq!(rules::validate_instance_name(&suggestion), Ok(()));
    }

    #[test]
    fn names_are_checked_against_the_rule_and_the_region() {
        assert_eq!(check_name("orders-rr9", ["orders"]), Ok(()));
        assert_eq!(check_name("orders", ["orders"]), Err(NameProblem::Taken));
        assert_eq!(
            check_name("9x", []),
            Err(NameProblem::Rule(NameError::MustStartWithLetter))
        );
    }

    #[test]
    fn storage_sizes() {
        assert_eq!(check_volume_size("200", 100), Ok(200));
        assert_eq!(check_volume_size(" 100 ", 100), Ok(100));
        assert_eq!(
            check_volume_size("abc", 100),
            Err(VolumeProblem::NotANumber)
        );
        assert_eq!(
            check_volume_size("-10", 100),
            Err(VolumeProblem::NotANumber)
        );
        assert_eq!(
            check_volume_size("90", 100),
            Err(VolumeProblem::Rule(VolumeError::TooSmall { minimum: 100 }))
        );
        assert_eq!(
            check_volume_size("205", 100),
            Err(VolumeProblem::Rule(VolumeError::NotMultipleOfTen))
        );
    }

    fn context<'a>(instances: &'a [Instance], flavors: &'a [Flavor]) -> Context<'a> {
        Context {
            instances,
            flavors,
            limit: 5,
        }
    }

    #[test]
    fn a_complete_draft_builds_the_documented_minimal_body() {
        let instances = vec![primary("p", "orders")];
        let flavors = flavors();
        let draft = Draft {
            region: "cn-north-4".into(),
            primary_id: "p".into(),
            flavor_id: "rr-large".into(),
            name: "orders-rr1".into(),
            ..Draft::default()
        };
        let request = draft.build(&context(&instances, &flavors)).unwrap();
        assert_eq!(
            request.to_json().to_string(),
            r#"{"instance":{"name":"orders-rr1","flavorRef":"rr-large","replicaOf":"p"}}"#
        );
    }

    #[test]
    fn optional_fields_are_sent_only_when_they_differ_from_the_primary() {
        let instances = vec![primary("p", "orders")];
        let flavors = flavors();
        let mut draft = Draft {
            primary_id: "p".into(),
            flavor_id: "rr-large".into(),
            name: "orders-rr1".into(),
            volume_type: "COMMON".into(),
            volume_size: "100".into(),
            ..Draft::default()
        };
        let request = draft.build(&context(&instances, &flavors)).unwrap();
        assert_eq!(request.instance.volume, None);
        draft.volume_size = "200".into();
        draft.availability_zone = "cn-north-4a".into();
        let request = draft.build(&context(&instances, &flavors)).unwrap();
        assert_eq!(
            request.instance.volume,
            Some(VolumeSpec {
                volume_type: "COMMON".into(),
                size: 200
            })
        );
        assert_eq!(
            request.instance.availability_zone.as_deref(),
            Some("cn-north-4a")
        );
    }

    #[test]
    fn every_problem_is_reported_in_form_order() {
        let instances = vec![primary("p", "orders")];
        let flavors = flavors();
        let draft = Draft {
            primary_id: "p".into(),
            flavor_id: "single-large".into(),
            name: "orders".into(),
            availability_zone: "mars-1a".into(),
            volume_type: "SSD".into(),
            volume_size: "55".into(),
            ..Draft::default()
        };
        let problems = draft.build(&context(&instances, &flavors)).unwrap_err();
        let fields: Vec<Field> = problems.iter().map(|(field, _)| *field).collect();
        assert_eq!(
            fields,
            [
                Field::Flavor,
                Field::Name,
                Field::AvailabilityZone,
                Field::StorageType,
                Field::StorageSize
            ]
        );
        let empty = Draft::default()
            .build(&context(&instances, &flavors))
            .unwrap_err();
        assert_eq!(empty[0], (Field::Primary, Problem::Required));
    }

    #[test]
    fn an_ineligible_primary_is_refused() {
        let mut instances = vec![primary("p", "orders")];
        instances
            .extend((1..=5).map(|n| replica_of(&format!("r{n}"), "p", InstanceStatus::Active)));
        let flavors = flavors();
        let draft = Draft {
            primary_id: "p".into(),
            flavor_id: "rr-large".into(),
            name: "orders-rr6".into(),
            ..Draft::default()
        };
        let problems = draft.build(&context(&instances, &flavors)).unwrap_err();
        assert_eq!(
            problems,
            [(
                Field::Primary,
                Problem::Ineligible(Ineligible::ReplicaLimit { count: 5 })
            )]
        );
    }

    #[test]
    fn deep_links_round_trip_and_never_hold_a_token() {
        let draft = Draft {
            region: "cn-north-4".into(),
            primary_id: "p-1".into(),
            flavor_id: "f".into(),
            name: "my rr".into(),
            ..Draft::default()
        };
        let query = draft.to_query();
        assert_eq!(query, "region=cn-north-4&primary=p-1&flavor=f&name=my%20rr");
        let back = Draft::from_query([
            ("region", "cn-north-4"),
            ("primary", "p-1"),
            ("flavor", "f"),
            ("name", "my rr"),
            ("token", "secret"),
        ]);
        assert_eq!(back, draft);
    }

    #[test]
    fn polling_backs_off_to_a_ceiling() {
        assert_eq!(poll_delay_ms(0), 1000);
        assert_eq!(poll_delay_ms(1), 1500);
        assert!(poll_delay_ms(5) > poll_delay_ms(4));
        assert_eq!(poll_delay_ms(30), 15_000);
    }
}
