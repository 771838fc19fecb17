//! An API error as the user sees it: what failed, the vendor code, what to do, and a retry.

use leptos::prelude::*;

use super::state::ConsoleState;
use crate::api::ApiError;

#[component]
pub fn ErrorBanner(
    state: ConsoleState,
    error: ApiError,
    #[prop(default = None)] note: Option<Signal<String>>,
    #[prop(optional)] retry: Option<Callback<()>>,
    #[prop(optional, into)] retry_label: Option<Signal<String>>,
) -> impl IntoView {
    let summary = {
        let error = error.clone();
        move || error.summary(state.language.get())
    };
    let advice = {
        let error = error.clone();
        move || error.advice(state.language.get())
    };
    let code = error.vendor_code().map(str::to_owned);
    let retry_button = retry.map(|retry| {
        let label = move || match retry_label {
            Some(label) => label.get(),
            None => state.language.get().texts().retry.to_owned(),
        };
        view! {
            <button type="button" class="rrc-button" on:click=move |_| retry.run(())>{label}</button>
        }
    });
    view! {
        <div class="rrc-error" role="alert">
            <p class="rrc-error-summary">
                {summary}
                {code.map(|code| view! {
                    " " <span class="rrc-code">{move || state.language.get().texts().vendor_code} " " {code.clone()}</span>
                })}
            </p>
            <p class="rrc-error-advice">{advice}</p>
            {note.map(|note| view! { <p class="rrc-error-note">{note}</p> })}
            {retry_button}
        </div>
    }
}
