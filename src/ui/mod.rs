//! The console's views, one component per file. They read `ConsoleState` and send intents to it.

mod copy;
mod error_banner;
mod form;
mod primary_picker;
mod request_log;
mod result;
mod review;
mod sign_in;
pub mod state;

use leptos::prelude::*;

pub use result::JsonView;
pub use state::{ConsoleState, EventSink, ReplicaEvent};

use crate::api::Session;
use crate::config::Config;
use crate::flow::Draft;
use crate::i18n::Language;

/// The whole console. `draft` pre-fills the form (a deep link, or a host's row action);
/// `session` skips sign-in (a host that already holds a token).
#[component]
pub fn Console(
    config: Config,
    language: Language,
    #[prop(optional)] draft: Draft,
    #[prop(optional)] session: Option<Session>,
    #[prop(optional)] events: Option<EventSink>,
) -> impl IntoView {
    let mut draft = draft;
    if draft.region.is_empty() {
        draft.region = config.region.clone();
    }
    let sync_url = config.sync_url;
    let state = ConsoleState::new(config, language, draft, events);
    if let Some(session) = session {
        state.accept_session(session);
    }
    view! { <ConsoleView state sync_url /> }
}

/// The console for a state made by its caller (the embedding API keeps the state to drive it).
#[component]
pub fn ConsoleView(state: ConsoleState, #[prop(optional)] sync_url: bool) -> impl IntoView {
    provide_context(state);
    on_cleanup(move || state.shut_down());
    if sync_url {
        Effect::new(move |_| {
            let query = state.draft.with(Draft::to_query);
            replace_query(&query);
        });
    }
    let texts = move || state.language.get().texts();
    let language_id = state.id("language");
    let signed_in = move || state.session.with(Option::is_some);
    let host_owns_session = state.has_token_provider();

    view! {
        <div class="rrc" id=state.id("root") lang=move || state.language.get().html_lang()>
            <header class="rrc-header">
                <div>
                    <h1 class="rrc-title">{move || texts().title}</h1>
                    <p class="rrc-subtitle">{move || texts().subtitle}</p>
                </div>
                <div class="rrc-header-tools">
                    {move || state.session.get().map(|session| view! {
                        <span class="rrc-session">{session.region.clone()}</span>
                        // A host with a token provider owns the session: no sign-out here.
                        {(!host_owns_session).then(|| view! {
                            <button type="button" class="rrc-link" on:click=move |_| state.session.set(None)>
                                {texts().sign_out}
                            </button>
                        })}
                    })}
                    <label for=language_id.clone() class="rrc-visually-hidden">{move || texts().language}</label>
                    <select id=language_id.clone() class="rrc-language"
                        on:change=move |ev| {
                            if let Some(language) = Language::parse(&event_target_value(&ev)) {
                                state.language.set(language);
                            }
                        }>
                        {Language::ALL.into_iter().map(|language| view! {
                            <option value=language.code() selected=move || state.language.get() == language>
                                {language.native_name()}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
            </header>
            <div class="rrc-visually-hidden" role="status" aria-live="polite">{move || state.announcement.get()}</div>
            <main class="rrc-main">
                {move || {
                    state.language.track();
                    if !signed_in() {
                    view! { <sign_in::SignIn state /> }.into_any()
                } else if state.tracked.with(Option::is_some) {
                    view! { <result::ResultPanel state /> }.into_any()
                } else {
                    view! { <form::ReplicaForm state /> }.into_any()
                }}}
            </main>
            {move || { state.language.track(); view! { <request_log::RequestLog state /> } }}
        </div>
    }
}

fn replace_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = if query.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{query}{hash}")
    };
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}
