//! The RDS calls: `/rds/v1/{project_id}/…` (datastores, flavors, instances, create replica) and
//! `GET /v3/{project_id}/jobs?id=` (called from [`crate::iam::v3`]).
//!
//! Every call: a valid `X-Auth-Token` (401 `APIGW.0301`), scoped to the path's project (403
//! `RDS.0010`), and `Content-Type: application/json` (400 `RDS.0001`), GETs included.

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use rds_v1::rules;
use rds_v1::{
    CreateReplicaResponse, DatastoreEngine, ErrorCode, FlavorResponse, InstanceDetail, Instances,
    JobResponse,
};

use crate::error::{ApiError, Lang, Shape};
use crate::state::AppState;
use crate::store::{Project, TokenError};
use crate::validate::{self, CreateContext};
use crate::web::{self, read_body, BodyError, BODY_LIMIT};

/// Which call a path names.
enum Route {
    Versions(String),
    Flavors,
    Flavor(String),
    Instances,
    Instance(String),
}

fn route(segments: &[String]) -> Option<(String, Route)> {
    let names: Vec<&str> = segments.iter().map(String::as_str).collect();
    let (project, route) = match names.as_slice() {
        ["rds", "v1", project, "datastores", name, "versions"] => {
            (project, Route::Versions((*name).to_owned()))
        }
        ["rds", "v1", project, "flavors"] => (project, Route::Flavors),
        ["rds", "v1", project, "flavors", id] => (project, Route::Flavor((*id).to_owned())),
        ["rds", "v1", project, "instances"] => (project, Route::Instances),
        ["rds", "v1", project, "instances", id] => (project, Route::Instance((*id).to_owned())),
        _ => return None,
    };
    Some(((*project).to_owned(), route))
}

fn unknown_api(lang: Lang, status: u16) -> ApiError {
    ApiError::gateway(
        status,
        "APIGW.0101",
        lang,
        "The API does not exist or has not been published in the environment.".to_owned(),
        "API 不存在或未在该环境中发布。".to_owned(),
    )
}

/// Token, project scope and content type: what every RDS call checks first.
fn authorize(
    state: &AppState,
    headers: &HeaderMap,
    project_id: &str,
    lang: Lang,
) -> Result<Project, ApiError> {
    let store = state.store();
    let token = web::header(headers, "x-auth-token");
    let record = store.check_token(token, Instant::now()).map_err(|error| {
        let (en, zh) = match error {
            TokenError::Missing => (
                "the X-Auth-Token header is missing",
                "缺少 X-Auth-Token 请求头",
            ),
            TokenError::Unknown => ("the token is not valid", "令牌无效"),
            TokenError::Expired => ("the token has expired", "令牌已过期"),
        };
        ApiError::gateway(
            401,
            "APIGW.0301",
            lang,
            format!("Incorrect IAM authentication information: {en}."),
            format!("IAM 认证信息错误：{zh}。"),
        )
    })?;
    let scoped = store.project_by_id(&record.project_id).cloned();
    let project = match scoped {
        Some(project) if project.id == project_id => project,
        Some(project) => {
            return Err(ApiError::new(
                ErrorCode::NotAuthorised,
                lang,
                format!(
                    "The token is scoped to project {} ({}), not to project {project_id}.",
                    project.id, project.region
                ),
                format!(
                    "令牌属于项目 {}（{}），不属于项目 {project_id}。",
                    project.id, project.region
                ),
            ))
        }
        None => {
            return Err(ApiError::new(
                ErrorCode::NotAuthorised,
                lang,
                "The token's project no longer exists.",
                "令牌所属的项目不存在。",
            ))
        }
    };
    drop(store);
    match web::header(headers, CONTENT_TYPE.as_str()) {
        None => Err(ApiError::new(
            ErrorCode::ParameterError,
            lang,
            "The Content-Type header is missing; it must be application/json.",
            "缺少 Content-Type 请求头；必须为 application/json。",
        )),
        Some(value) => {
            let media = value.split(';').next().unwrap_or("").trim();
            if media.eq_ignore_ascii_case("application/json") {
                Ok(project)
            } else {
                Err(ApiError::new(
                    ErrorCode::ParameterError,
                    lang,
                    format!("The Content-Type header is {value:?}; it must be application/json."),
                    format!("Content-Type 请求头为 {value:?}；必须为 application/json。"),
                ))
            }
        }
    }
}

/// Everything under `/rds/`.
pub async fn dispatch(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let lang = Lang::from_headers(request.headers());
    let segments = web::segments(request.uri().path());
    let Some((project_id, route)) = route(&segments) else {
        return unknown_api(lang, 404).respond(Shape::V1);
    };
    let method = request.method().clone();
    let allowed = match route {
        Route::Instances => method == Method::GET || method == Method::POST,
        _ => method == Method::GET,
    };
    if !allowed {
        return unknown_api(lang, 405).respond(Shape::V1);
    }
    let project = match authorize(&state, request.headers(), &project_id, lang) {
        Ok(project) => project,
        Err(error) => return error.respond(Shape::V1),
    };
    let result = match route {
        Route::Versions(name) => versions(&state, &name, lang),
        Route::Flavors => flavors(&state, &project, request.uri().query(), lang),
        Route::Flavor(id) => flavor(&state, &id, lang),
        Route::Instances if method == Method::POST => create(&state, &project, request, lang).await,
        Route::Instances => Ok(list(&state, &project)),
        Route::Instance(id) => detail(&state, &project, &id, lang),
    };
    result.unwrap_or_else(|error| error.respond(Shape::V1))
}

fn versions(state: &AppState, name: &str, lang: Lang) -> Result<Response, ApiError> {
    let engine = DatastoreEngine::parse(name).ok_or_else(|| {
        ApiError::new(
            ErrorCode::UnsupportedVersion,
            lang,
            format!("Unknown datastore {name:?}; use MySQL, PostgreSQL or SQLServer."),
            format!("未知的数据库引擎 {name:?}；请使用 MySQL、PostgreSQL 或 SQLServer。"),
        )
    })?;
    Ok(web::json(StatusCode::OK, &state.catalog.versions(engine)))
}

fn flavors(
    state: &AppState,
    project: &Project,
    query: Option<&str>,
    lang: Lang,
) -> Result<Response, ApiError> {
    let param = |name: &str| web::query_param(query, name).filter(|value| !value.is_empty());
    let missing = |name: &str| {
        ApiError::new(
            ErrorCode::ParameterError,
            lang,
            format!("The query parameter {name} is required."),
            format!("缺少查询参数 {name}。"),
        )
    };
    let db_id = param("dbId").ok_or_else(|| missing("dbId"))?;
    let region = param("region").ok_or_else(|| missing("region"))?;
    if !rules::is_uuid(&db_id) {
        return Err(ApiError::new(
            ErrorCode::InvalidVersion,
            lang,
            format!("dbId {db_id:?} is not a version id (a UUID)."),
            format!("dbId {db_id:?} 不是版本 ID（UUID）。"),
        ));
    }
    if state.catalog.version_by_id(&db_id).is_none() {
        return Err(ApiError::new(
            ErrorCode::UnsupportedVersion,
            lang,
            format!("No engine version has the id {db_id}."),
            format!("没有 ID 为 {db_id} 的数据库版本。"),
        ));
    }
    validate::same_region(&region, project, lang)?;
    Ok(web::json(
        StatusCode::OK,
        &state.catalog.flavors(&region, &db_id),
    ))
}

fn flavor(state: &AppState, id: &str, lang: Lang) -> Result<Response, ApiError> {
    let entry = state.catalog.flavor(id).ok_or_else(|| {
        ApiError::new(
            ErrorCode::FlavorNotFound,
            lang,
            format!("No flavor {id}."),
            format!("规格 {id} 不存在。"),
        )
    })?;
    let body = FlavorResponse {
        flavor: entry.flavor.clone(),
    };
    Ok(web::json(StatusCode::OK, &body))
}

fn list(state: &AppState, project: &Project) -> Response {
    let now = Instant::now();
    let body = {
        let store = state.store();
        Instances {
            instances: store
                .instances_of(&project.id)
                .map(|record| record.view(now, state.build_time))
                .collect(),
        }
    };
    web::json(StatusCode::OK, &body)
}

fn detail(state: &AppState, project: &Project, id: &str, lang: Lang) -> Result<Response, ApiError> {
    let now = Instant::now();
    let instance = state
        .store()
        .find(&project.id, id)
        .map(|record| record.view(now, state.build_time));
    let instance = instance.ok_or_else(|| {
        ApiError::new(
            ErrorCode::InstanceNotFound,
            lang,
            format!("No instance {id} in {}.", project.region),
            format!("{} 中没有实例 {id}。", project.region),
        )
    })?;
    Ok(web::json(StatusCode::OK, &InstanceDetail { instance }))
}

async fn create(
    state: &AppState,
    project: &Project,
    request: Request,
    lang: Lang,
) -> Result<Response, ApiError> {
    let bytes = read_body(request.into_body(), BODY_LIMIT)
        .await
        .map_err(|error| match error {
            BodyError::TooLarge => ApiError::new(
                ErrorCode::ParameterError,
                lang,
                "The request body is larger than 64 KiB.",
                "请求体大于 64 KiB。",
            )
            .with_status(413),
            BodyError::Broken => ApiError::new(
                ErrorCode::ParameterError,
                lang,
                "The request body could not be read.",
                "无法读取请求体。",
            ),
        })?;
    let spec = validate::parse(&bytes, lang)?;
    let context = CreateContext {
        catalog: &state.catalog,
        project,
        replica_limit: state.config.replica_limit,
        build_time: state.build_time,
        now: Instant::now(),
        wall: SystemTime::now(),
        lang,
    };
    let instance = validate::create(&mut state.store(), &context, spec)?;
    let body = CreateReplicaResponse { instance }.to_documented_json();
    Ok(web::json(StatusCode::ACCEPTED, &body))
}

/// `GET /v3/{project_id}/jobs?id=…`; errors in the v3 body.
pub fn job(state: &AppState, request: &Request, project_id: &str) -> Response {
    let lang = Lang::from_headers(request.headers());
    let project = match authorize(state, request.headers(), project_id, lang) {
        Ok(project) => project,
        Err(error) => return error.respond(Shape::V3),
    };
    let Some(job_id) = web::query_param(request.uri().query(), "id").filter(|id| !id.is_empty())
    else {
        return ApiError::new(
            ErrorCode::ParameterError,
            lang,
            "The query parameter id is required.",
            "缺少查询参数 id。",
        )
        .respond(Shape::V3);
    };
    let job = state
        .store()
        .job(&project.id, &job_id, Instant::now(), state.build_time);
    match job {
        Some(job) => web::json(StatusCode::OK, &JobResponse { job }),
        None => ApiError::new(
            ErrorCode::NoPermission,
            lang,
            format!("No job {job_id} in this project."),
            format!("本项目中没有任务 {job_id}。"),
        )
        .with_status(404)
        .respond(Shape::V3),
    }
}
