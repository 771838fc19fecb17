//! The replica intents: create once, find the replica after a lost answer, follow it from
//! BUILD to ACTIVE or FAILED, start over.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rds_v1::Instance;

use super::{instance_event_detail, ConsoleState, Load, ReplicaEvent, Submit, Tracked};
use crate::api::{transport, ApiError};
use crate::flow;

impl ConsoleState {
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
                    state.emit(|| ReplicaEvent::Created(raw.clone()));
                    state.follow(created.value.instance, raw, false);
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
        let listing = self.client().instances_with_raw().await;
        if !self.is_alive() {
            return;
        }
        match listing {
            Ok(listing) => {
                let list = listing.value;
                let found = list
                    .instances
                    .iter()
                    .find(|i| i.name == name && i.replica_of.as_deref() == Some(primary.as_str()))
                    .cloned();
                self.instances.set(Load::Ready(list.instances));
                match found {
                    Some(instance) => {
                        let raw = instance_event_detail(&listing.raw, &instance.id);
                        self.emit(|| ReplicaEvent::Created(raw.clone()));
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
        let mut detail_raw = String::new();
        self.tracked.update(|tracked| {
            let Some(tracked) = tracked else { return };
            match detail {
                Ok(detail) => {
                    tracked.instance = detail.value.instance;
                    detail_raw = detail.raw;
                }
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
            self.emit(|| ReplicaEvent::Failed(instance_event_detail(&detail_raw, &id)));
            return true;
        }
        if tracked.is_active() {
            self.announcement.set(texts.status_active.into());
            self.emit(|| ReplicaEvent::Active(instance_event_detail(&detail_raw, &id)));
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
