//! The session intents: sign in, accept a session, switch region (the token method), and the
//! host's token provider; what a 401 does.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rds_v1::iam::TokenRequest;

use super::{ConsoleState, Load, ReplicaEvent, Submit, TokenProvider};
use crate::api::{ApiError, Session};

impl ConsoleState {
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
    pub(super) fn note_error(&self, error: &ApiError) {
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
        self.emit(|| ReplicaEvent::Error(error.summary(self.language.get_untracked())));
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
}
