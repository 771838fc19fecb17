//! Sign in with an IAM user (password method) or a pasted token and project id.

use leptos::prelude::*;
use rds_v1::iam::TokenRequest;

use super::error_banner::ErrorBanner;
use super::state::ConsoleState;
use crate::api::{ApiError, Session};

#[component]
pub fn SignIn(state: ConsoleState) -> impl IntoView {
    let config = state.config.get_value();
    let account = RwSignal::new(config.account.clone());
    let user = RwSignal::new(config.user.clone());
    let password = RwSignal::new(config.password.clone());
    let token = RwSignal::new(String::new());
    let project_id = RwSignal::new(String::new());
    let with_token = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // Static per render: the console rebuilds its body when the language changes.
    let texts = state.language.get_untracked().texts();
    let region = move || {
        let region = state.draft.with(|d| d.region.clone());
        if region.is_empty() {
            state.config.with_value(|c| c.region.clone())
        } else {
            region
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        if with_token.get_untracked() {
            state.accept_session(Session {
                token: token.get_untracked().trim().to_owned(),
                project_id: project_id.get_untracked().trim().to_owned(),
                region: region(),
                expires_at: String::new(),
            });
            return;
        }
        busy.set(true);
        let request = TokenRequest::Password {
            domain: account.get_untracked(),
            user: user.get_untracked(),
            password: password.get_untracked(),
            project: region(),
        };
        state.sign_in(request, move |failure| {
            busy.try_set(false);
            error.try_set(failure);
        });
    };

    view! {
        <form class="rrc-panel rrc-sign-in" on:submit=submit>
            <h2>{texts.sign_in_heading}</h2>
            {move || state.expired.get().map(|_| view! {
                <p class="rrc-notice" role="status">{texts.session_expired}</p>
            })}
            <p class="rrc-hint">{texts.sign_in_hint}</p>
            <Show
                when=move || with_token.get()
                fallback=move || view! {
                    <label class="rrc-field">
                        <span>{texts.account}</span>
                        <input type="text" autocomplete="organization" required
                            prop:value=move || account.get() on:input=move |ev| account.set(event_target_value(&ev)) />
                    </label>
                    <label class="rrc-field">
                        <span>{texts.user}</span>
                        <input type="text" autocomplete="username" required
                            prop:value=move || user.get() on:input=move |ev| user.set(event_target_value(&ev)) />
                    </label>
                    <label class="rrc-field">
                        <span>{texts.password}</span>
                        <input type="password" autocomplete="current-password" required
                            prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                    </label>
                }
            >
                <label class="rrc-field">
                    <span>{texts.token}</span>
                    <textarea required rows="3" prop:value=move || token.get()
                        on:input=move |ev| token.set(event_target_value(&ev))></textarea>
                </label>
                <label class="rrc-field">
                    <span>{texts.project_id}</span>
                    <input type="text" required prop:value=move || project_id.get()
                        on:input=move |ev| project_id.set(event_target_value(&ev)) />
                </label>
            </Show>
            <p class="rrc-hint">{texts.region} ": " <strong>{region}</strong></p>
            {move || error.get().map(|e| view! { <ErrorBanner state error=e /> })}
            <div class="rrc-actions">
                <button type="submit" class="rrc-button rrc-button-primary" prop:disabled=move || busy.get()>
                    {move || if busy.get() { texts.signing_in } else { texts.sign_in }}
                </button>
                <button type="button" class="rrc-link" on:click=move |_| with_token.update(|t| *t = !*t)>
                    {move || if with_token.get() { texts.use_password } else { texts.use_token }}
                </button>
            </div>
        </form>
    }
}
