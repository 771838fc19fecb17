//! The primary instance: a filter box over a native select. Eligible primaries are selectable,
//! the others are listed disabled with the reason. Long lists stay fast: the choices are built
//! once per listing and at most `SHOWN` matches are rendered.

use leptos::prelude::*;

use super::form::ineligible_text;
use super::state::{ConsoleState, Load};
use crate::flow;

/// At most this many options are rendered; the filter narrows the rest. Keeps a keystroke well
/// under a frame with thousands of instances.
pub const SHOWN: usize = 50;

#[component]
pub fn PrimaryPicker(
    state: ConsoleState,
    #[prop(into)] invalid: Signal<&'static str>,
) -> impl IntoView {
    // Static per render: the console rebuilds its body when the language changes.
    let texts = state.language.get_untracked().texts();
    let limit = state.config.with_value(|c| c.replica_limit);
    let filter = RwSignal::new(String::new());
    let choices = Memo::new(move |_| {
        state.instances.with(|load| {
            load.ready()
                .map(|list| flow::primary_choices(list, limit))
                .unwrap_or_default()
        })
    });
    let shown = Memo::new(move |_| {
        let selected = state.draft.with(|d| d.primary_id.clone());
        filter.with(|query| {
            choices.with(|choices| {
                let (shown, total) = flow::filter_choices(choices, query, &selected, SHOWN);
                (shown.into_iter().cloned().collect::<Vec<_>>(), total)
            })
        })
    });
    let select_id = state.id("primary");
    let filter_id = state.id("primary-filter");
    let count_id = state.id("primary-count");

    view! {
        <div class="rrc-field rrc-primary">
            <label for=select_id.clone()>{texts.primary_instance}</label>
            <div class="rrc-primary-row">
                <input id=filter_id.clone() type="search" class="rrc-filter" autocomplete="off"
                    aria-label=texts.filter_primaries
                    placeholder=texts.filter_primaries
                    aria-describedby=count_id.clone()
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev)) />
                <select id=select_id.clone() aria-invalid=move || invalid.get()
                    aria-describedby=count_id.clone()
                    prop:disabled=move || !state.instances.with(|load| matches!(load, Load::Ready(_)))
                    prop:value=move || { shown.track(); state.draft.with(|d| d.primary_id.clone()) }
                    on:change=move |ev| state.draft.update(|d| d.primary_id = event_target_value(&ev))>
                    <option value="" disabled selected=move || state.draft.with(|d| d.primary_id.is_empty())>
                        {move || state.instances.with(|load| match load {
                            Load::Loading | Load::Idle => texts.loading,
                            _ => texts.choose_primary,
                        })}
                    </option>
                    <For
                        each=move || shown.get().0
                        key=|choice| (choice.id.clone(), choice.replicas, choice.is_eligible())
                        children=move |choice| {
                            // Static options (no effect per option): the body is rebuilt on a
                            // language change, and the select's value follows the draft.
                            let language = state.language.get_untracked();
                            let selected = state.draft.with_untracked(|d| d.primary_id == choice.id);
                            let label = match &choice.eligibility {
                                Ok(()) => format!("{} — {} · {}", choice.name, choice.engine_label,
                                    language.replica_count(choice.replicas, limit)),
                                Err(reason) => format!("{} — {}", choice.name, ineligible_text(reason, language)),
                            };
                            view! {
                                <option value=choice.id disabled=choice.eligibility.is_err() selected=selected>{label}</option>
                            }
                        }
                    />
                </select>
            </div>
            <p class="rrc-hint" id=count_id.clone() aria-live="polite">
                {move || {
                    let (listed, total) = shown.with(|(list, total)| (list.len(), *total));
                    let language = state.language.get();
                    state.instances.with(|load| match load {
                        Load::Ready(all) if all.is_empty() => texts.no_instances.to_owned(),
                        Load::Ready(_) if total > listed => language.more_matches(total - listed),
                        Load::Ready(all) => language.matches(listed.min(total), all.len()),
                        _ => String::new(),
                    })
                }}
            </p>
            {move || {
                let failed = state.instances.with(|load| match load {
                    Load::Failed(error) => Some(error.clone()),
                    _ => None,
                });
                failed.map(|error| view! {
                    <super::error_banner::ErrorBanner state error retry=Callback::new(move |_| state.load_region()) />
                })
            }}
        </div>
    }
}
