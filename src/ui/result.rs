//! The result: the instance JSON the API returned (highlighted, copyable, downloadable) and the
//! replica's progress from BUILD to ACTIVE or FAILED.

use leptos::prelude::*;

use super::copy::{CopyButton, DownloadButton};
use super::state::{ConsoleState, Tracked};
use crate::json_view;

#[component]
pub fn JsonView(#[prop(into)] raw: Signal<String>) -> impl IntoView {
    view! {
        <pre class="rrc-pre rrc-json" data-testid="instance-json"><code>
            {move || json_view::pretty_tokens(&raw.get()).into_iter().map(|(kind, text)| {
                view! { <span class=kind.class()>{text}</span> }
            }).collect_view()}
        </code></pre>
    }
}

#[component]
pub fn ResultPanel(state: ConsoleState) -> impl IntoView {
    // Static per render: the console rebuilds its body when the language changes.
    let texts = state.language.get_untracked().texts();
    let tracked = move || state.tracked.get();
    // Memos: the status ticks every second; the JSON changes only with another replica.
    let raw = Memo::new(move |_| {
        state
            .tracked
            .with(|t| t.as_ref().map(|t| t.raw.clone()).unwrap_or_default())
    });
    let pretty = Memo::new(move |_| json_view::pretty(&raw.get()));
    let file_name = Signal::derive(move || {
        state.tracked.with(|t| {
            format!(
                "{}.json",
                t.as_ref()
                    .map(|t| t.instance.name.as_str())
                    .unwrap_or("replica")
            )
        })
    });
    let status = move || tracked().map(|t| status_view(state, &t));
    view! {
        <section class="rrc-result" aria-label=texts.result>
            <h2>{texts.result}</h2>
            {move || tracked().filter(|t| t.recovered).map(|t| view! {
                <p class="rrc-notice">{state.language.get().replica_found_after_unknown_outcome(&t.instance.name)}</p>
            })}
            {status}
            <div class="rrc-code-block">
                <div class="rrc-code-head">
                    <span>{texts.returned_json}</span>
                    <span class="rrc-code-actions">
                        <CopyButton state text=pretty what=texts.returned_json />
                        <DownloadButton state text=pretty file_name />
                    </span>
                </div>
                <JsonView raw />
            </div>
            <div class="rrc-actions">
                <button type="button" class="rrc-button" on:click=move |_| state.start_over()>
                    {texts.create_another}
                </button>
            </div>
        </section>
    }
}

fn status_view(state: ConsoleState, tracked: &Tracked) -> impl IntoView {
    let language = state.language.get();
    let texts = language.texts();
    let status = tracked.instance.status.as_str().to_owned();
    let percent = tracked.job.as_ref().and_then(|job| job.percent());
    let elapsed = language.elapsed(tracked.elapsed_seconds());
    let (class, headline) = if tracked.is_failed() {
        (
            "rrc-status rrc-status-failed",
            texts.status_failed.to_owned(),
        )
    } else if tracked.is_active() {
        (
            "rrc-status rrc-status-active",
            texts.status_active.to_owned(),
        )
    } else {
        (
            "rrc-status rrc-status-build",
            format!("{} · {status}", texts.status_build),
        )
    };
    let reason = tracked
        .job
        .as_ref()
        .and_then(|job| job.fail_reason.clone())
        .filter(|_| tracked.is_failed());
    let progress = if tracked.is_active() {
        Some(100)
    } else {
        percent
    };
    let last_error = tracked.last_error.clone().map(|e| e.summary(language));
    view! {
        <div class=class data-status=status.clone()>
            <p class="rrc-status-line"><strong>{headline}</strong> " · " <span>{elapsed}</span></p>
            {progress.map(|p| view! {
                <progress max="100" value=p.to_string() aria-label=texts.status>{format!("{p}%")}</progress>
            })}
            {reason.map(|reason| view! { <p class="rrc-error-summary">{reason}</p> })}
            {last_error.map(|e| view! { <p class="rrc-hint">{e}</p> })}
        </div>
    }
}
