//! The review: the exact request body and the equivalent curl command, each copyable.

use leptos::prelude::*;
use rds_v1::CreateReplicaRequest;

use super::copy::CopyButton;
use super::state::ConsoleState;
use crate::json_view;

#[component]
pub fn Review(state: ConsoleState, request: CreateReplicaRequest) -> impl IntoView {
    // Static per render: the console rebuilds its body when the language changes.
    let texts = state.language.get_untracked().texts();
    let body = request.to_json().to_string();
    let pretty_body = json_view::pretty(&body);
    let curl = {
        let request = request.clone();
        Signal::derive(move || {
            state.language.track();
            state
                .client()
                .create_replica_request(&request)
                .map(|prepared| prepared.curl(state.language.get_untracked()))
                .unwrap_or_default()
        })
    };
    let pretty_signal = Signal::derive({
        let pretty_body = pretty_body.clone();
        move || pretty_body.clone()
    });
    view! {
        <section class="rrc-review" aria-label=texts.review>
            <h3>{texts.review}</h3>
            <div class="rrc-code-block">
                <div class="rrc-code-head">
                    <span>{texts.request_body}</span>
                    <CopyButton state text=pretty_signal what=texts.request_body />
                </div>
                <pre class="rrc-pre" data-testid="request-body">{pretty_body}</pre>
            </div>
            <div class="rrc-code-block">
                <div class="rrc-code-head">
                    <span>{texts.curl_command}</span>
                    <CopyButton state text=curl what=texts.curl_command />
                </div>
                <pre class="rrc-pre" data-testid="curl">{curl}</pre>
            </div>
        </section>
    }
}
