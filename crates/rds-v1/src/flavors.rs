//! `GET /rds/v1/{project_id}/flavors?dbId=…&region=…` and `GET …/flavors/{id}`.

use serde::Serialize;

use crate::json::{Fields, FromJson, Json, ShapeError};

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Flavors {
    pub flavors: Vec<Flavor>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlavorResponse {
    pub flavor: Flavor,
}

/// A flavor; `ram` is in MB.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flavor {
    pub id: String,
    pub name: String,
    pub ram: u64,
    #[serde(rename = "specCode")]
    pub spec_code: String,
}

impl FromJson for Flavors {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(Flavors {
            flavors: Fields::of(value)?.list("flavors")?,
        })
    }
}

impl FromJson for FlavorResponse {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(FlavorResponse {
            flavor: Fields::of(value)?.required("flavor")?,
        })
    }
}

impl FromJson for Flavor {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let fields = Fields::of(value)?;
        Ok(Flavor {
            id: fields.required("id")?,
            name: fields.string("name")?,
            ram: fields.integer("ram")?.unwrap_or_default(),
            spec_code: fields.string("specCode")?,
        })
    }
}

impl Flavor {
    /// A spec code ending in `.rr` is a read-replica flavor.
    pub fn is_read_replica(&self) -> bool {
        self.spec_code.ends_with(".rr")
    }

    /// RAM in GB, for display (1024 MB = 1 GB).
    pub fn ram_gb(&self) -> f64 {
        self.ram as f64 / 1024.0
    }

    /// vCPUs, read from the size token of the spec code (`medium` 1, `large` 2, `xlarge` 4,
    /// `2xlarge` 8, …), the vendor's naming convention. The v1 body has no vCPU field.
    pub fn vcpus(&self) -> Option<u32> {
        self.spec_code.split('.').find_map(size_to_vcpus)
    }

    /// The class of the flavor without the deployment suffix (`rds.mysql.c2.large.rr` →
    /// `rds.mysql.c2.large`), to match a replica flavor with its primary's.
    pub fn class(&self) -> &str {
        spec_class(&self.spec_code)
    }
}

/// `rds.mysql.c2.large.rr` and `rds.mysql.c2.large.ha` → `rds.mysql.c2.large`.
pub fn spec_class(spec_code: &str) -> &str {
    spec_code
        .strip_suffix(".rr")
        .or_else(|| spec_code.strip_suffix(".ha"))
        .unwrap_or(spec_code)
}

fn size_to_vcpus(token: &str) -> Option<u32> {
    match token {
        "small" | "medium" => Some(1),
        "large" => Some(2),
        "xlarge" => Some(4),
        _ => token
            .strip_suffix("xlarge")
            .and_then(|factor| factor.parse::<u32>().ok())
            .map(|factor| factor * 4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flavor(spec: &str) -> Flavor {
        Flavor {
            id: "x".into(),
            name: String::new(),
            ram: 8192,
            spec_code: spec.into(),
        }
    }

    #[test]
    fn read_replica_flavors_are_told_apart_by_spec_code() {
        assert!(flavor("rds.dec.mysql.s1.large.rr").is_read_replica());
        assert!(!flavor("rds.mysql.c2.large").is_read_replica());
        assert!(!flavor("rds.mysql.c2.large.ha").is_read_replica());
    }

    #[test]
    fn vcpus_follow_the_size_token() {
        assert_eq!(flavor("rds.mysql.c2.large").vcpus(), Some(2));
        assert_eq!(flavor("rds.mysql.s1.medium.rr").vcpus(), Some(1));
        assert_eq!(flavor("rds.mysql.m1.xlarge").vcpus(), Some(4));
        assert_eq!(flavor("rds.pg.m1.8xlarge.ha").vcpus(), Some(32));
        assert_eq!(flavor("something.else").vcpus(), None);
    }

    #[test]
    fn class_drops_the_deployment_suffix() {
        assert_eq!(
            flavor("rds.mysql.c2.large.rr").class(),
            "rds.mysql.c2.large"
        );
        assert_eq!(
            flavor("rds.mysql.c2.large.ha").class(),
            "rds.mysql.c2.large"
        );
        assert_eq!(flavor("rds.mysql.c2.large").class(), "rds.mysql.c2.large");
    }
}
