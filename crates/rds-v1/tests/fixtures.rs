//! Every documented body in `fixtures/` decodes, and every request serialises to its spelling.

use rds_v1::*;
use serde_json::{json, Value};

const VERSIONS: &str = include_str!("../../../fixtures/datastore-versions.response.json");
const FLAVORS: &str = include_str!("../../../fixtures/flavors.response.json");
const INSTANCES_OBJECT: &str = include_str!("../../../fixtures/instances-object.response.json");
const INSTANCES_ARRAY: &str = include_str!("../../../fixtures/instances-array.response.json");
const DETAIL: &str = include_str!("../../../fixtures/instance-detail.response.json");
const CREATE_REQUEST: &str = include_str!("../../../fixtures/create-replica.request.json");
const CREATE_RESPONSE: &str = include_str!("../../../fixtures/create-replica.response.json");
const ERROR_V1: &str = include_str!("../../../fixtures/error-v1.response.json");
const ERROR_TROVE: &str = include_str!("../../../fixtures/error-trove.response.json");

/// The request body the console sends, as a `serde_json` value to compare.
fn as_value(request: &CreateReplicaRequest) -> Value {
    serde_json::from_str(&request.to_json().to_string()).unwrap()
}

/// Decodes a body built with `json!` the way the console decodes one it received.
fn decode_value<T: FromJson>(value: Value) -> Result<T, rds_v1::json::DecodeError> {
    rds_v1::json::decode(&value.to_string())
}

#[test]
fn datastore_versions() {
    let versions: DatastoreVersions = rds_v1::json::decode(VERSIONS).unwrap();
    assert_eq!(versions.data_stores.len(), 3);
    let v = versions.find_by_name("5.6.30").unwrap();
    assert_eq!(v.id, "e8a8b8cc-63f8-4fb5-8d4a-24c502317a61");
    assert_eq!(v.active, Some(1));
    assert!(rules::is_uuid(&v.id));
}

#[test]
fn flavors() {
    let flavors: Flavors = rds_v1::json::decode(FLAVORS).unwrap();
    assert_eq!(flavors.flavors.len(), 3);
    let replica: Vec<_> = flavors
        .flavors
        .iter()
        .filter(|f| f.is_read_replica())
        .collect();
    assert_eq!(replica.len(), 1);
    assert_eq!(replica[0].name, "OTC_MYCM_LARGE_RR");
    assert_eq!(replica[0].ram, 8192);
    assert_eq!(flavors.flavors[1].ram_gb(), 32.0);
}

#[test]
fn instances_as_an_object() {
    let list: Instances = rds_v1::json::decode(INSTANCES_OBJECT).unwrap();
    assert_eq!(list.instances.len(), 1);
    let primary = &list.instances[0];
    assert_eq!(primary.status, InstanceStatus::Active);
    assert_eq!(primary.instance_type, InstanceType::Master);
    assert_eq!(primary.data_store_info, None);
    assert_eq!(primary.backup_strategy.as_ref().unwrap().keep_days, 3);
}

#[test]
fn instances_as_an_array() {
    let list: Instances = rds_v1::json::decode(INSTANCES_ARRAY).unwrap();
    assert_eq!(list.instances.len(), 2);
    let (primary, replica) = (&list.instances[0], &list.instances[1]);
    assert_eq!(primary.engine(), Some(DatastoreEngine::MySql));
    assert_eq!(primary.ha.as_ref().unwrap().replication_mode, "async");
    assert_eq!(primary.db_port, Some(3306));
    assert_eq!(replica.instance_type, InstanceType::ReadReplica);
    assert_eq!(replica.status, InstanceStatus::Build);
    assert_eq!(replica.replica_of.as_deref(), Some(primary.id.as_str()));
    assert_eq!(replica.engine(), None);
}

#[test]
fn instance_detail_with_used_as_a_string() {
    let detail: InstanceDetail = rds_v1::json::decode(DETAIL).unwrap();
    let volume = detail.instance.volume.unwrap();
    assert_eq!(volume.used, Some(8.45));
    assert_eq!(volume.size, 100);
    assert_eq!(
        detail.instance.slave_id.as_deref(),
        Some("9405d8b8-a87d-4531-bd3a-e504c8434281")
    );
}

#[test]
fn detail_as_an_instances_list_and_used_as_a_number() {
    let body =
        json!({"instances": [{"id": "x", "volume": {"type": "HIGH", "size": 40, "used": 1.5}}]});
    let detail: InstanceDetail = decode_value(body).unwrap();
    assert_eq!(detail.instance.volume.unwrap().used, Some(1.5));
}

#[test]
fn volume_used_in_every_spelling() {
    let used = |value: serde_json::Value| {
        decode_value::<InstanceDetail>(
            json!({"instance": {"id": "x", "volume": {"type": "HIGH", "size": 40, "used": value}}}),
        )
        .map(|detail| detail.instance.volume.unwrap().used)
    };
    assert_eq!(used(json!(12)).unwrap(), Some(12.0));
    assert_eq!(used(json!(-1)).unwrap(), Some(-1.0));
    assert_eq!(used(json!(" 3.25 ")).unwrap(), Some(3.25));
    assert_eq!(used(json!("")).unwrap(), None);
    assert_eq!(used(json!(null)).unwrap(), None);
    let error = used(json!("lots")).unwrap_err().to_string();
    assert!(error.contains("volume.used: not a number"), "{error}");
    assert!(used(json!([1])).is_err());
    let text = r#"{"instance": {"id": "x", "volume": {"type": "HIGH", "size": 40, "used": null}}}"#;
    let detail: InstanceDetail = rds_v1::json::decode(text).unwrap();
    assert_eq!(detail.instance.volume.unwrap().used, None);
}

#[test]
fn instances_as_one_object_a_list_or_null() {
    let one: Instances =
        rds_v1::json::decode(r#"{"instances": {"id": "a", "name": "one"}}"#).unwrap();
    assert_eq!(one.instances.len(), 1);
    assert_eq!(one.instances[0].name, "one");
    let many: Instances =
        rds_v1::json::decode(r#"{"instances": [{"id": "a"}, {"id": "b"}]}"#).unwrap();
    assert_eq!(many.instances.len(), 2);
    let none: Instances = rds_v1::json::decode(r#"{"instances": null}"#).unwrap();
    assert!(none.instances.is_empty());
    assert!(rds_v1::json::decode::<Instances>(r#"{"instances": "a"}"#).is_err());
    let detail: InstanceDetail =
        rds_v1::json::decode(r#"{"instances": {"id": "d", "name": "detail"}}"#).unwrap();
    assert_eq!(detail.instance.id, "d");
}

#[test]
fn an_instance_without_id_is_an_error() {
    let error = rds_v1::json::decode::<InstanceDetail>(r#"{"instance": {"name": "x"}}"#);
    assert!(error.unwrap_err().to_string().contains("id"));
    assert!(rds_v1::json::decode::<Instances>(r#"{"instances": [{"name": "x"}]}"#).is_err());
}

#[test]
fn unknown_fields_are_ignored_and_missing_ones_tolerated() {
    let body = json!({"instances": [{"id": "a", "futureField": {"x": 1}, "status": "BACKING UP"},
                                    {"id": "b", "status": "SHRINKING"}]});
    let list: Instances = decode_value(body).unwrap();
    assert_eq!(list.instances[0].status, InstanceStatus::BackingUp);
    assert_eq!(
        list.instances[1].status,
        InstanceStatus::Other("SHRINKING".into())
    );
    assert_eq!(list.instances[0].name, "");
    let empty: Instances = rds_v1::json::decode("{}").unwrap();
    assert!(empty.instances.is_empty());
}

#[test]
fn create_request_serialises_to_the_documented_spelling() {
    let request = CreateReplicaRequest {
        instance: ReplicaSpec {
            name: "tenant-instance-123-rep".into(),
            flavor_ref: "bf07a6d4-844a-4023-a776-fc5c5fb71fb4".into(),
            replica_of: "252f11f1-2912-4c06-be55-1999bde659c5".into(),
            ..ReplicaSpec::default()
        },
    };
    let documented: Value = serde_json::from_str(CREATE_REQUEST).unwrap();
    assert_eq!(as_value(&request), documented);
    let parsed: CreateReplicaRequest = serde_json::from_str(CREATE_REQUEST).unwrap();
    assert_eq!(parsed, request);
}

#[test]
fn optional_create_fields_use_the_documented_keys() {
    let request = CreateReplicaRequest {
        instance: ReplicaSpec {
            name: "abcd".into(),
            flavor_ref: "f".into(),
            replica_of: "p".into(),
            volume: Some(VolumeSpec {
                volume_type: "HIGH".into(),
                size: 200,
            }),
            region: Some("cn-north-4".into()),
            availability_zone: Some("cn-north-4b".into()),
        },
    };
    let value = as_value(&request);
    assert_eq!(
        value["instance"]["volume"],
        json!({"type": "HIGH", "size": 200})
    );
    assert_eq!(value["instance"]["availabilityZone"], json!("cn-north-4b"));
    assert_eq!(value["instance"]["region"], json!("cn-north-4"));
}

#[test]
fn create_response_and_its_documented_spelling() {
    let response: CreateReplicaResponse = rds_v1::json::decode(CREATE_RESPONSE).unwrap();
    let instance = &response.instance;
    assert_eq!(instance.status, InstanceStatus::Build);
    assert_eq!(
        instance.replica_of.as_deref(),
        Some("252f11f1-2912-4c06-be55-1999bde659c5")
    );
    assert_eq!(instance.job_id(), Some("8a3eb75e5577819f0155778220600001"));
    let rewritten = response.to_documented_json();
    assert!(rewritten["instance"].get("replica_of").is_some());
    assert!(rewritten["instance"].get("replicaOf").is_none());
    // Every documented key survives a round trip.
    let documented: Value = serde_json::from_str(CREATE_RESPONSE).unwrap();
    for key in documented["instance"].as_object().unwrap().keys() {
        assert!(rewritten["instance"].get(key).is_some(), "{key} lost");
    }
}

#[test]
fn error_bodies() {
    let v1 = ErrorBody::parse(ERROR_V1).unwrap();
    assert_eq!(v1.code, "RDS.1102");
    assert_eq!(v1.message, "The DB instance name already exists.");
    assert_eq!(ErrorCode::from_code(&v1.code), Some(ErrorCode::NameExists));
    let trove = ErrorBody::parse(ERROR_TROVE).unwrap();
    assert_eq!(trove.shape, ErrorShape::Trove);
    assert_eq!(trove.code, "itemNotFound");
    assert_eq!(trove.message, "The resource could not be found.");
}

#[test]
fn job_body() {
    let body = r#"{"job": {"id": "8a3eb75e5577819f0155778220600001", "name": "CreateReadReplica",
        "status": "Running", "process": "60", "instance": {"id": "b0", "name": "r"}}}"#;
    let job: JobResponse = rds_v1::json::decode(body).unwrap();
    assert_eq!(job.job.status, JobStatus::Running);
    assert_eq!(job.job.percent(), Some(60));
    let failed: JobResponse = rds_v1::json::decode(
        r#"{"job": {"id": "1", "status": "Failed", "process": 100, "fail_reason": "no capacity"}}"#,
    )
    .unwrap();
    assert_eq!(failed.job.status, JobStatus::Failed);
    assert_eq!(failed.job.fail_reason.as_deref(), Some("no capacity"));
    let odd: JobResponse =
        rds_v1::json::decode(r#"{"job": {"id": "1", "status": "Queued"}}"#).unwrap();
    assert_eq!(odd.job.status, JobStatus::Other("Queued".into()));
}
