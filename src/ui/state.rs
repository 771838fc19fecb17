//! The console's state (signals) and the intents that change it. This module holds the state,
//! its lifetime (shut down, cancel) and loading the region's data; `session` signs in and
//! handles tokens, `replica` creates the replica and follows it. Views read these signals and
//! call these methods; they never build requests or parse answers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rds_v1::{DatastoreEngine, Flavor, Instance, Job, JobStatus, Json};

use crate::api::{ApiError, Client, RequestRecord, Session};
use crate::config::Config;
use crate::flow::{Draft, VersionsByEngine};
use crate::i18n::Language;

mod replica;
mod session;

/// Something loaded from the API.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Load<T> {
    #[default]
    Idle,
    Loading,
    Ready(T),
    Failed(ApiError),
}

impl<T> Load<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Self::Ready(value) => Some(value),
            _ => None,
        }
    }
}

/// Where the create call stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Submit {
    #[default]
    Editing,
    Sending,
    /// The answer was lost; the instance list is being re-read to find the replica by name.
    Checking(ApiError),
    /// The answer was lost and the check failed too: only "check again" is offered, never a post.
    Unknown(ApiError),
    /// The create was refused or failed without effect: safe to retry.
    Failed {
        error: ApiError,
        was_unknown: bool,
    },
}

/// The replica being followed after a create.
#[derive(Debug, Clone, PartialEq)]
pub struct Tracked {
    pub instance: Instance,
    /// The instance JSON exactly as the API answered the create (or the listing, after a check).
    pub raw: String,
    pub job: Option<Job>,
    pub started_ms: f64,
    pub now_ms: f64,
    /// Set when the replica was found after a lost answer.
    pub recovered: bool,
    pub last_error: Option<ApiError>,
}

impl Tracked {
    pub fn is_active(&self) -> bool {
        self.instance.status == rds_v1::InstanceStatus::Active
    }

    pub fn is_failed(&self) -> bool {
        self.instance.status == rds_v1::InstanceStatus::Failed
            || self
                .job
                .as_ref()
                .is_some_and(|job| job.status == JobStatus::Failed)
    }

    pub fn elapsed_seconds(&self) -> u64 {
        ((self.now_ms - self.started_ms).max(0.0) / 1000.0) as u64
    }
}

/// A replica event for a host page (see `embed`). The replica events carry a JSON object with
/// an `instance` member: the create answer exactly as the API returned it, or
/// `{"instance": <the instance detail>}`.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplicaEvent {
    Created(String),
    Active(String),
    Failed(String),
    /// A user message, in the console's language.
    Error(String),
}

/// `{"instance": …}`, the shape every replica event's detail has, around the instance in an
/// answer (`{"instance": …}`, or `{"instances": […]}` as one doc shows the detail) exactly as
/// the API wrote it; `id` picks the one instance out of a listing.
fn instance_event_detail(body: &str, id: &str) -> String {
    let body = rds_v1::json::parse(body).unwrap_or(Json::Null);
    let instance = match (body.get("instance"), body.get("instances")) {
        (Some(one), _) => Some(one),
        (None, Some(Json::Array(list))) => list
            .iter()
            .find(|item| item.get("id").and_then(Json::as_str) == Some(id)),
        (None, one) => one,
    };
    Json::object([("instance", instance.cloned().unwrap_or(Json::Null))]).to_string()
}

/// Where replica events go (a host page's DOM events); lives on the browser's thread only.
pub type EventSink = std::rc::Rc<dyn Fn(ReplicaEvent)>;

/// A host's source of fresh tokens, asked when the console needs one and after every 401.
pub type TokenProvider =
    std::rc::Rc<dyn Fn() -> futures::future::LocalBoxFuture<'static, Result<String, String>>>;

#[derive(Clone, Copy)]
pub struct ConsoleState {
    pub config: StoredValue<Config>,
    pub language: RwSignal<Language>,
    pub session: RwSignal<Option<Session>>,
    /// Why the user has to sign in again (a 401), if that is why.
    pub expired: RwSignal<Option<ApiError>>,
    pub regions: RwSignal<Vec<String>>,
    pub instances: RwSignal<Load<Vec<Instance>>>,
    pub versions: RwSignal<Load<VersionsByEngine>>,
    pub flavors: RwSignal<Load<Vec<Flavor>>>,
    flavors_key: RwSignal<Option<(String, String)>>,
    pub draft: RwSignal<Draft>,
    /// The name is still the suggestion, so it follows the primary.
    pub name_is_suggested: RwSignal<bool>,
    pub show_problems: RwSignal<bool>,
    pub submit: RwSignal<Submit>,
    pub tracked: RwSignal<Option<Tracked>>,
    pub log: RwSignal<Vec<RequestRecord>>,
    pub announcement: RwSignal<String>,
    alive: StoredValue<Arc<AtomicBool>>,
    /// Aborted by `shut_down`: cancels requests in flight and pending poll timers. Made on first
    /// use, so the state can be built where there is no browser (native tests).
    cancel: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
    /// Bumped to stop the follow loop of a previous replica.
    follow_generation: RwSignal<u64>,
    events: StoredValue<Option<EventSink>, LocalStorage>,
    token_provider: StoredValue<Option<TokenProvider>, LocalStorage>,
    refreshing: RwSignal<bool>,
    /// A create refused with 401 is sent again once the provider's fresh token is in.
    create_after_refresh: RwSignal<bool>,
    /// Makes element ids unique when several consoles share a page.
    id_prefix: StoredValue<String>,
}

/// The region-scoped reads of one sign-in, so an old answer never overwrites a newer region's.
type Epoch = u64;

impl ConsoleState {
    pub fn new(
        config: Config,
        language: Language,
        draft: Draft,
        events: Option<EventSink>,
    ) -> Self {
        Self {
            config: StoredValue::new(config),
            language: RwSignal::new(language),
            session: RwSignal::new(None),
            expired: RwSignal::new(None),
            regions: RwSignal::new(Vec::new()),
            instances: RwSignal::new(Load::Idle),
            versions: RwSignal::new(Load::Idle),
            flavors: RwSignal::new(Load::Idle),
            flavors_key: RwSignal::new(None),
            name_is_suggested: RwSignal::new(draft.name.is_empty()),
            draft: RwSignal::new(draft),
            show_problems: RwSignal::new(false),
            submit: RwSignal::new(Submit::Editing),
            tracked: RwSignal::new(None),
            log: RwSignal::new(Vec::new()),
            announcement: RwSignal::new(String::new()),
            alive: StoredValue::new(Arc::new(AtomicBool::new(true))),
            cancel: StoredValue::new_local(None),
            follow_generation: RwSignal::new(0),
            events: StoredValue::new_local(events),
            token_provider: StoredValue::new_local(None),
            refreshing: RwSignal::new(false),
            create_after_refresh: RwSignal::new(false),
            id_prefix: StoredValue::new(next_id_prefix()),
        }
    }

    /// An element id unique to this console.
    pub fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.id_prefix.get_value())
    }

    /// False once the console is unmounted: every loop and late answer checks it.
    pub fn is_alive(&self) -> bool {
        self.alive
            .try_with_value(|alive| alive.load(Ordering::Relaxed))
            .unwrap_or(false)
    }

    pub fn shut_down(&self) {
        if let Some(alive) = self.alive.try_get_value() {
            alive.store(false, Ordering::Relaxed);
        }
        if let Some(Some(cancel)) = self.cancel.try_get_value() {
            cancel.abort();
        }
    }

    /// The signal that `shut_down` aborts (already aborted once the console is gone).
    fn cancel_signal(&self) -> Option<web_sys::AbortSignal> {
        let controller = match self.cancel.try_get_value() {
            Some(Some(controller)) => controller,
            stored => {
                let controller = web_sys::AbortController::new().ok()?;
                if stored.is_some() {
                    self.cancel.try_set_value(Some(controller.clone()));
                }
                controller
            }
        };
        if !self.is_alive() {
            controller.abort();
        }
        Some(controller.signal())
    }

    /// Sends an event to the host; `event` is only built when a host listens (embedded).
    fn emit(&self, event: impl FnOnce() -> ReplicaEvent) {
        if !self.is_alive() {
            return;
        }
        if let Some(Some(sink)) = self.events.try_get_value() {
            sink(event());
        }
    }

    pub fn client(&self) -> Client {
        let config = self.config.get_value();
        let mut client = Client::new(config.endpoints());
        client.timeout_ms = config.timeout_ms;
        client.language = self.language.get_untracked();
        client.session = self.session.get_untracked();
        client.cancel = self.cancel_signal();
        let log = self.log;
        client.record = Some(Arc::new(move |record| {
            log.try_update(|log| log.push(record));
        }));
        client
    }

    fn epoch(&self) -> Epoch {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| fingerprint(&s.project_id)).unwrap_or(0))
    }

    fn load_regions(&self) {
        let state = *self;
        spawn_local(async move {
            if let Ok(projects) = state.client().projects().await {
                let mut regions: Vec<String> = projects
                    .projects
                    .into_iter()
                    .filter(|project| project.enabled)
                    .map(|project| project.name)
                    .collect();
                crate::flow::sort_with(&mut regions, Ord::cmp);
                state.regions.try_set(regions);
            }
        });
    }

    /// Instances and versions in parallel: one round trip before the primary list is usable.
    pub fn load_region(&self) {
        let state = *self;
        let epoch = self.epoch();
        self.instances.set(Load::Loading);
        self.versions.set(Load::Loading);
        self.flavors.set(Load::Idle);
        self.flavors_key.set(None);
        spawn_local(async move {
            let client = state.client();
            let instances = async {
                let result = client.instances().await;
                state.finish(epoch, result.map(|list| list.instances), state.instances);
            };
            let versions = async {
                let (mysql, postgres) = futures::join!(
                    client.versions(DatastoreEngine::MySql),
                    client.versions(DatastoreEngine::PostgreSql)
                );
                let combined = mysql.and_then(|mysql| {
                    postgres.map(|postgres| {
                        vec![
                            (DatastoreEngine::MySql, mysql),
                            (DatastoreEngine::PostgreSql, postgres),
                        ]
                    })
                });
                state.finish(epoch, combined, state.versions);
            };
            futures::join!(instances, versions);
        });
    }

    pub fn reload_instances(&self) {
        let state = *self;
        let epoch = self.epoch();
        self.instances.set(Load::Loading);
        spawn_local(async move {
            let result = state.client().instances().await;
            state.finish(epoch, result.map(|list| list.instances), state.instances);
        });
    }

    fn finish<T: Send + Sync + 'static>(
        &self,
        epoch: Epoch,
        result: Result<T, ApiError>,
        slot: RwSignal<Load<T>>,
    ) {
        if !self.is_alive() || self.epoch() != epoch {
            return;
        }
        match result {
            Ok(value) => slot.set(Load::Ready(value)),
            Err(error) => {
                self.note_error(&error);
                slot.set(Load::Failed(error));
            }
        }
    }

    /// Loads the flavors of a version in a region, unless they are already there.
    pub fn ensure_flavors(&self, db_id: String, region: String, force: bool) {
        let key = Some((db_id.clone(), region.clone()));
        if !force && self.flavors_key.get_untracked() == key {
            return;
        }
        self.flavors_key.set(key.clone());
        self.flavors.set(Load::Loading);
        let state = *self;
        let epoch = self.epoch();
        spawn_local(async move {
            let result = state.client().flavors(&db_id, &region).await;
            if state.flavors_key.try_get_untracked().flatten() != key {
                return;
            }
            state.finish(epoch, result.map(|f| f.flavors), state.flavors);
        });
    }

    pub fn retry_flavors(&self) {
        if let Some((db_id, region)) = self.flavors_key.get_untracked() {
            self.ensure_flavors(db_id, region, true);
        }
    }
}

fn fingerprint(text: &str) -> u64 {
    text.bytes()
        .fold(0xcbf29ce484222325u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x100000001b3)
        })
        .max(1)
}

fn next_id_prefix() -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);
    format!("rrc{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::instance_event_detail;

    #[test]
    fn event_details_carry_the_instance_as_the_api_wrote_it() {
        let detail = r#"{"instance": {"status": "ACTIVE", "id": "r1", "volume": {"used": 8.450}}}"#;
        assert_eq!(
            instance_event_detail(detail, "r1"),
            r#"{"instance":{"status":"ACTIVE","id":"r1","volume":{"used":8.450}}}"#
        );
        let listing =
            r#"{"instances": [{"id": "p", "name": "orders"}, {"id": "r1", "name": "orders-rr1"}]}"#;
        assert_eq!(
            instance_event_detail(listing, "r1"),
            r#"{"instance":{"id":"r1","name":"orders-rr1"}}"#
        );
        let one = r#"{"instances": {"id": "r1"}}"#;
        assert_eq!(
            instance_event_detail(one, "r1"),
            r#"{"instance":{"id":"r1"}}"#
        );
        assert_eq!(
            instance_event_detail("<html>", "r1"),
            r#"{"instance":null}"#
        );
        assert_eq!(
            instance_event_detail(listing, "gone"),
            r#"{"instance":null}"#
        );
    }
}
