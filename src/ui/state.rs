//! The console's state (signals) and the intents that change it: sign in, switch region, load
//! the region's data, create the replica, follow it. Views read these signals and call these
//! methods; they never build requests or parse answers.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rds_v1::iam::TokenRequest;
use rds_v1::{DatastoreEngine, DatastoreVersions, Flavor, Instance, Job, JobStatus};

use crate::api::{transport, ApiError, Client, RequestRecord, Session};
use crate::config::Config;
use crate::flow::{self, Draft};
use crate::i18n::Language;

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

/// `{"instance": …}`, the shape every replica event's detail has.
fn instance_event_detail(instance: &Instance) -> String {
    // Written around `to_string` rather than `json!`, which would add a second serializer of
    // every instance type to the wasm.
    format!(
        "{{\"instance\":{}}}",
        serde_json::to_string(instance).unwrap_or_else(|_| "null".into())
    )
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
    pub versions: RwSignal<Load<HashMap<DatastoreEngine, DatastoreVersions>>>,
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

    fn emit(&self, event: ReplicaEvent) {
        if !self.is_alive() {
            return;
        }
        if let Some(Some(sink)) = self.events.try_get_value() {
            sink(event);
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

    pub fn set_token_provider(&self, provider: Option<TokenProvider>) {
        self.token_provider.set_value(provider);
    }

    /// Whether a host page supplies the tokens (then it owns the session).
    pub fn has_token_provider(&self) -> bool {
        self.token_provider
            .try_with_value(Option::is_some)
            .unwrap_or(false)
    }

    /// Asks the host's provider for a token; without one (or when it fails), back to sign-in.
    pub fn refresh_token(&self) {
        let Some(Some(provider)) = self.token_provider.try_get_value() else {
            return;
        };
        if self.refreshing.get_untracked() {
            return;
        }
        self.refreshing.set(true);
        let state = *self;
        spawn_local(async move {
            let result = provider().await;
            if !state.is_alive() {
                return;
            }
            state.refreshing.set(false);
            match result {
                Ok(token) => {
                    state.set_token(token);
                    if state.create_after_refresh.get_untracked() {
                        state.create_after_refresh.set(false);
                        state.submit.set(Submit::Editing);
                        state.create();
                    }
                }
                Err(message) => {
                    state.session.set(None);
                    state.expired.set(Some(ApiError::Unauthorized {
                        code: None,
                        message,
                    }));
                }
            }
        });
    }

    /// Uses `token` for the current project (a host's `setToken`, or a provider's answer).
    pub fn set_token(&self, token: String) {
        let config = self.config.get_value();
        let session = self.session.get_untracked().unwrap_or_else(|| Session {
            token: String::new(),
            project_id: config.project_id.clone(),
            region: self.draft.with_untracked(|d| {
                if d.region.is_empty() {
                    config.region.clone()
                } else {
                    d.region.clone()
                }
            }),
            expires_at: String::new(),
        });
        self.accept_session(Session { token, ..session });
    }

    /// A 401 anywhere asks the host for a new token, or sends the user back to sign in;
    /// everything typed stays.
    fn note_error(&self, error: &ApiError) {
        if !self.is_alive() {
            return;
        }
        if error.is_unauthorized() {
            if self.has_token_provider() {
                self.refresh_token();
            } else {
                self.session.set(None);
                self.expired.set(Some(error.clone()));
            }
        }
        self.emit(ReplicaEvent::Error(
            error.summary(self.language.get_untracked()),
        ));
    }

    pub fn sign_in(&self, request: TokenRequest, on_done: impl Fn(Option<ApiError>) + 'static) {
        let state = *self;
        let region = request.project().to_owned();
        spawn_local(async move {
            let result = state.client().sign_in(&request, &region).await;
            if !state.is_alive() {
                return;
            }
            match result {
                Ok(session) => {
                    state.accept_session(session);
                    on_done(None);
                }
                Err(error) => on_done(Some(error)),
            }
        });
    }

    /// Starts work in a region with a token the user pasted (no sign-in call).
    pub fn accept_session(&self, session: Session) {
        let region_changed = self.draft.with_untracked(|d| d.region != session.region);
        if region_changed {
            self.draft.update(|draft| {
                draft.region = session.region.clone();
                draft.primary_id.clear();
                draft.flavor_id.clear();
            });
        }
        self.expired.set(None);
        // A create refused with 401 is not an error any more once signed in again.
        if let Submit::Failed { error, .. } = self.submit.get_untracked() {
            if error.is_unauthorized() {
                self.submit.set(Submit::Editing);
            }
        }
        let same_project = self.session.with_untracked(|current| {
            current
                .as_ref()
                .is_some_and(|current| current.project_id == session.project_id)
        });
        let loaded = self.instances.with_untracked(|l| l.ready().is_some())
            && self.versions.with_untracked(|l| l.ready().is_some());
        self.session.set(Some(session));
        if same_project && loaded {
            // A fresh token for the same project (a host's provider or setToken): what is
            // loaded stays, so the form does not flicker; only what the old token failed is
            // asked again.
            if matches!(self.flavors.get_untracked(), Load::Failed(_)) {
                self.retry_flavors();
            }
        } else {
            self.load_region();
        }
        if self.regions.with_untracked(Vec::is_empty) {
            self.load_regions();
        }
    }

    /// Another region is another project: a token for it comes from the token method.
    pub fn switch_region(&self, region: String) {
        let Some(current) = self.session.get_untracked() else {
            self.draft.update(|draft| draft.region = region);
            return;
        };
        if current.region == region {
            return;
        }
        let request = TokenRequest::Token {
            token: current.token,
            project: region,
        };
        let state = *self;
        self.instances.set(Load::Loading);
        self.sign_in(request, move |error| {
            if let Some(error) = error {
                state.note_error(&error);
                state.instances.set(Load::Failed(error));
            }
        });
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
                regions.sort_unstable();
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
                        HashMap::from([
                            (DatastoreEngine::MySql, mysql),
                            (DatastoreEngine::PostgreSql, postgres),
                        ])
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

    /// Posts the create request once. Called again while a request is in flight, it does nothing.
    pub fn create(&self) {
        if matches!(
            self.submit.get_untracked(),
            Submit::Sending | Submit::Checking(_) | Submit::Unknown(_)
        ) || self.tracked.with_untracked(Option::is_some)
        {
            return;
        }
        let request = {
            let instances = self.instances.get_untracked();
            let flavors = self.flavors.get_untracked();
            let context = flow::Context {
                instances: instances.ready().map(Vec::as_slice).unwrap_or_default(),
                flavors: flavors.ready().map(Vec::as_slice).unwrap_or_default(),
                limit: self.config.with_value(|c| c.replica_limit),
            };
            self.draft.with_untracked(|draft| draft.build(&context))
        };
        let Ok(request) = request else {
            self.show_problems.set(true);
            return;
        };
        let texts = self.language.get_untracked().texts();
        self.submit.set(Submit::Sending);
        self.announcement.set(texts.creating.into());
        let state = *self;
        spawn_local(async move {
            let client = state.client();
            let result = client.create_replica(&request).await;
            if !state.is_alive() {
                return;
            }
            match result {
                Ok(created) => {
                    let raw = created.raw.clone();
                    state.emit(ReplicaEvent::Created(raw.clone()));
                    state.follow(created.response.instance, raw, false);
                }
                Err(error) if error.outcome_unknown() => {
                    state.submit.set(Submit::Checking(error.clone()));
                    state.announcement.set(texts.checking_outcome.into());
                    state
                        .check_outcome(request.instance.name, request.instance.replica_of, error)
                        .await;
                }
                Err(error) if error.is_unauthorized() && state.has_token_provider() => {
                    // Refused, so nothing was created: sent again with the fresh token.
                    state.create_after_refresh.set(true);
                    state.submit.set(Submit::Failed {
                        error: error.clone(),
                        was_unknown: false,
                    });
                    state.note_error(&error);
                }
                Err(error) => {
                    state.note_error(&error);
                    state
                        .announcement
                        .set(error.summary(state.language.get_untracked()));
                    state.submit.set(Submit::Failed {
                        error,
                        was_unknown: false,
                    });
                }
            }
        });
    }

    /// After a lost answer: re-reads the instances and looks for the replica by name.
    async fn check_outcome(&self, name: String, primary: String, error: ApiError) {
        let listing = self.client().instances().await;
        if !self.is_alive() {
            return;
        }
        match listing {
            Ok(list) => {
                let found = list
                    .instances
                    .iter()
                    .find(|i| i.name == name && i.replica_of.as_deref() == Some(primary.as_str()))
                    .cloned();
                self.instances.set(Load::Ready(list.instances));
                match found {
                    Some(instance) => {
                        let raw = serde_json::to_string(&instance).unwrap_or_default();
                        self.emit(ReplicaEvent::Created(instance_event_detail(&instance)));
                        self.follow(instance, raw, true);
                    }
                    None => {
                        let texts = self.language.get_untracked().texts();
                        self.announcement.set(texts.outcome_not_created.into());
                        self.submit.set(Submit::Failed {
                            error,
                            was_unknown: true,
                        });
                    }
                }
            }
            Err(check_error) => {
                self.note_error(&check_error);
                self.submit.set(Submit::Unknown(error));
            }
        }
    }

    /// "Check again" after a lost answer whose check failed too.
    pub fn check_again(&self) {
        let Submit::Unknown(error) = self.submit.get_untracked() else {
            return;
        };
        let request = self.draft.get_untracked();
        self.submit.set(Submit::Checking(error.clone()));
        let state = *self;
        spawn_local(async move {
            state
                .check_outcome(request.name, request.primary_id, error)
                .await;
        });
    }

    /// Follows a new replica from BUILD to ACTIVE or FAILED, backing off between polls.
    fn follow(&self, instance: Instance, raw: String, recovered: bool) {
        let now = transport::now_ms();
        let job_id = instance.job_id().map(str::to_owned);
        self.tracked.set(Some(Tracked {
            instance,
            raw,
            job: None,
            started_ms: now,
            now_ms: now,
            recovered,
            last_error: None,
        }));
        self.submit.set(Submit::Editing);
        let texts = self.language.get_untracked().texts();
        self.announcement.set(texts.status_build.into());
        let generation = self.follow_generation.get_untracked() + 1;
        self.follow_generation.set(generation);
        let state = *self;
        spawn_local(async move {
            let mut attempt = 0;
            let mut job_id = job_id;
            let mut next_poll = transport::now_ms() + f64::from(flow::poll_delay_ms(attempt));
            loop {
                transport::sleep(1000, state.cancel_signal().as_ref()).await;
                let current = state.is_alive()
                    && state.follow_generation.try_get_untracked() == Some(generation);
                if !current {
                    return;
                }
                let now = transport::now_ms();
                state.tracked.update(|t| {
                    if let Some(t) = t {
                        t.now_ms = now;
                    }
                });
                // Paused while signed out; resumes after sign-in.
                if now < next_poll || state.session.with_untracked(Option::is_none) {
                    continue;
                }
                if state.poll_once(&mut job_id).await {
                    return;
                }
                attempt += 1;
                next_poll = transport::now_ms() + f64::from(flow::poll_delay_ms(attempt));
            }
        });
    }

    /// One poll of the instance (and its job). True when the replica reached a final state.
    async fn poll_once(&self, job_id: &mut Option<String>) -> bool {
        let Some(id) = self
            .tracked
            .with_untracked(|t| t.as_ref().map(|t| t.instance.id.clone()))
        else {
            return true;
        };
        let client = self.client();
        let (detail, job) = futures::join!(client.instance(&id), async {
            match job_id.as_deref() {
                Some(job) => Some(client.job(job).await),
                None => None,
            }
        });
        if !self.is_alive() {
            return true;
        }
        let language = self.language.get_untracked();
        let mut error = None;
        self.tracked.update(|tracked| {
            let Some(tracked) = tracked else { return };
            match detail {
                Ok(detail) => tracked.instance = detail.instance,
                Err(e) => error = Some(e),
            }
            match job {
                Some(Ok(job)) => tracked.job = Some(job.job),
                // A gateway without the job API: follow the instance alone.
                Some(Err(ApiError::Api { status: 404, .. })) => *job_id = None,
                _ => {}
            }
            tracked.last_error = error.clone();
        });
        if let Some(error) = &error {
            self.note_error(error);
            return false;
        }
        let Some(tracked) = self.tracked.get_untracked() else {
            return true;
        };
        let texts = language.texts();
        if tracked.is_failed() {
            self.announcement.set(texts.status_failed.into());
            self.emit(ReplicaEvent::Failed(instance_event_detail(
                &tracked.instance,
            )));
            return true;
        }
        if tracked.is_active() {
            self.announcement.set(texts.status_active.into());
            self.emit(ReplicaEvent::Active(instance_event_detail(
                &tracked.instance,
            )));
            return true;
        }
        false
    }

    /// Back to the form for another replica of the same primary.
    pub fn start_over(&self) {
        self.follow_generation.update(|g| *g += 1);
        self.tracked.set(None);
        self.submit.set(Submit::Editing);
        self.show_problems.set(false);
        self.name_is_suggested.set(true);
        self.draft.update(|draft| draft.name.clear());
        self.reload_instances();
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
