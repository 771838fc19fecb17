//! The replica form: region, primary, version, flavor, name, optional zone and storage, and the
//! create button. Derived lists come from `flow`; every change goes through `ConsoleState`.

use leptos::prelude::*;
use rds_v1::rules::{NameError, VolumeError, VolumeType};

use super::error_banner::ErrorBanner;
use super::primary_picker::PrimaryPicker;
use super::review::Review;
use super::state::{ConsoleState, Load, Submit};
use crate::flow::{self, Field, Ineligible, NameProblem, Problem, VolumeProblem};
use crate::i18n::Language;

pub fn ineligible_text(reason: &Ineligible, language: Language) -> String {
    let texts = language.texts();
    match reason {
        Ineligible::NotPrimary => texts.reason_not_master.into(),
        Ineligible::NotActive(status) => format!("{} ({status})", texts.reason_not_active),
        Ineligible::EngineWithoutReplicas => texts.reason_engine.into(),
        Ineligible::UnknownEngine => texts.reason_unknown_engine.into(),
        Ineligible::ReplicaLimit { count } => format!("{} ({count})", texts.reason_limit),
    }
}

pub fn problem_text(problem: &Problem, language: Language) -> String {
    let texts = language.texts();
    match problem {
        Problem::Required => match language {
            Language::EnUs => "Required.".into(),
            Language::ZhCn => "必填。".into(),
        },
        Problem::Ineligible(reason) => ineligible_text(reason, language),
        Problem::NotAReplicaFlavor => texts.other_flavors.into(),
        Problem::Name(NameProblem::Taken) => language.name_taken(""),
        Problem::Name(NameProblem::Rule(rule)) => match rule {
            NameError::Empty => texts.name_empty.into(),
            NameError::TooShort => texts.name_too_short.into(),
            NameError::TooLong => texts.name_too_long.into(),
            NameError::MustStartWithLetter => texts.name_first_letter.into(),
            NameError::InvalidCharacter(c) => language.name_invalid_character(*c),
        },
        Problem::UnknownZone | Problem::UnknownStorageType => match language {
            Language::EnUs => "Choose a value from the list.".into(),
            Language::ZhCn => "请从列表中选择。".into(),
        },
        Problem::Volume(VolumeProblem::NotANumber) => texts.volume_not_number.into(),
        Problem::Volume(VolumeProblem::Rule(rule)) => match rule {
            VolumeError::TooSmall { minimum } => language.volume_at_least(*minimum),
            VolumeError::TooLarge { maximum } => language.volume_at_most(*maximum),
            VolumeError::NotMultipleOfTen => texts.volume_not_multiple.into(),
        },
    }
}

#[component]
pub fn ReplicaForm(state: ConsoleState) -> impl IntoView {
    // Static per render: the console rebuilds its body when the language changes.
    let texts = state.language.get_untracked().texts();
    let limit = state.config.with_value(|c| c.replica_limit);

    let primary_id = Memo::new(move |_| state.draft.with(|d| d.primary_id.clone()));
    let primary = Memo::new(move |_| {
        let id = primary_id.get();
        state.instances.with(|load| {
            load.ready()
                .and_then(|list| list.iter().find(|i| i.id == id).cloned())
        })
    });
    let version = Memo::new(move |_| {
        let primary = primary.get()?;
        state.versions.with(|load| {
            load.ready()
                .and_then(|v| flow::version_of(v, &primary).cloned())
        })
    });
    let flavor_choices = Memo::new(move |_| {
        let primary_flavor = primary.with(|p| {
            p.as_ref()
                .and_then(|p| p.flavor.as_ref().map(|f| f.id.clone()))
        });
        state.flavors.with(|load| {
            load.ready()
                .map(|flavors| flow::flavor_choices(flavors, primary_flavor.as_deref()))
                .unwrap_or_default()
        })
    });
    let problems = Memo::new(move |_| {
        let draft = state.draft.get();
        state.instances.with(|instances| {
            state.flavors.with(|flavors| {
                let context = flow::Context {
                    instances: instances.ready().map(Vec::as_slice).unwrap_or_default(),
                    flavors: flavors.ready().map(Vec::as_slice).unwrap_or_default(),
                    limit,
                };
                draft.build(&context)
            })
        })
    });
    let problem_of = move |field: Field| {
        problems.with(|result| match result {
            Err(problems) => problems
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, p)| p.clone()),
            Ok(_) => None,
        })
    };
    // A field shows its problem once the user has tried to submit, or (the name) once typed.
    let visible_problem = move |field: Field| {
        let shown = state.show_problems.get()
            || (field == Field::Name
                && !state.name_is_suggested.get()
                && !state.draft.with(|d| d.name.is_empty()))
            || (field == Field::StorageSize && state.draft.with(|d| !d.volume_size.is_empty()));
        if !shown {
            return None;
        }
        let problem = problem_of(field)?;
        // "Required" on the name is shown only after a submit attempt.
        if matches!(problem, Problem::Required) && !state.show_problems.get() {
            return None;
        }
        Some(match (&problem, field) {
            (Problem::Name(NameProblem::Taken), _) => state
                .language
                .get()
                .name_taken(&state.draft.with(|d| d.name.clone())),
            _ => problem_text(&problem, state.language.get()),
        })
    };

    // When the primary changes: flavors for its version, a fresh name, its storage as default.
    Effect::new(move |previous: Option<String>| {
        let id = primary_id.get();
        if let (Some(primary), Some(version)) = (primary.get(), version.get()) {
            state.ensure_flavors(
                version.id.clone(),
                state.draft.with_untracked(|d| d.region.clone()),
                false,
            );
            if previous.as_deref() != Some(id.as_str()) && previous.is_some() {
                state.draft.update(|draft| {
                    draft.flavor_id.clear();
                    let volume = primary.volume.clone().unwrap_or_default();
                    draft.volume_type = volume.volume_type;
                    draft.volume_size = if volume.size > 0 {
                        volume.size.to_string()
                    } else {
                        String::new()
                    };
                    draft.availability_zone.clear();
                });
            } else if state.draft.with_untracked(|d| d.volume_size.is_empty()) {
                let volume = primary.volume.clone().unwrap_or_default();
                state.draft.update(|draft| {
                    draft.volume_type = volume.volume_type;
                    draft.volume_size = if volume.size > 0 {
                        volume.size.to_string()
                    } else {
                        String::new()
                    };
                });
            }
            if state.name_is_suggested.get_untracked() {
                let suggestion = state.instances.with_untracked(|load| {
                    let names = load
                        .ready()
                        .map(|l| l.iter().map(|i| i.name.as_str()).collect::<Vec<_>>())
                        .unwrap_or_default();
                    flow::suggest_name(&primary.name, names)
                });
                state.draft.update(|draft| draft.name = suggestion);
            }
        }
        id
    });

    // Preselect the replica flavor of the primary's class, unless a valid one is chosen.
    Effect::new(move |_| {
        let choices = flavor_choices.get();
        if choices.is_empty() {
            return;
        }
        let current = state.draft.with_untracked(|d| d.flavor_id.clone());
        let valid = choices
            .iter()
            .any(|c| c.for_replicas && c.flavor.id == current);
        if !valid {
            if let Some(default) = flow::default_flavor(&choices).map(str::to_owned) {
                state.draft.update(|draft| draft.flavor_id = default);
            }
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if problems.with_untracked(Result::is_err) {
            state.show_problems.set(true);
            state.announcement.set(texts.fix_fields.into());
            if let Some(form) = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            {
                focus_first_invalid(form);
            }
            return;
        }
        state.create();
    };
    let sending = move || {
        matches!(
            state.submit.get(),
            Submit::Sending | Submit::Checking(_) | Submit::Unknown(_)
        )
    };

    let region_id = state.id("region");
    let version_id = state.id("version");
    let flavor_id = state.id("flavor");
    let name_id = state.id("name");
    let zone_id = state.id("zone");
    let type_id = state.id("storage-type");
    let size_id = state.id("storage-size");
    let error_id = move |field: &str| state.id(&format!("{field}-error"));

    let field_error = move |field: Field, id: String| {
        move || {
            visible_problem(field)
                .map(|text| view! { <p class="rrc-field-error" id=id.clone()>{text}</p> })
        }
    };
    let invalid = move |field: Field| {
        move || {
            if visible_problem(field).is_some() {
                "true"
            } else {
                "false"
            }
        }
    };

    view! {
        <form class="rrc-form" on:submit=on_submit novalidate>
            <div class="rrc-field">
                <label for=region_id.clone()>{texts.region}</label>
                <select id=region_id.clone()
                    on:change=move |ev| state.switch_region(event_target_value(&ev))
                    prop:value=move || state.draft.with(|d| d.region.clone())>
                    {move || {
                        let mut regions = state.regions.get();
                        let current = state.draft.with(|d| d.region.clone());
                        if !regions.contains(&current) { regions.insert(0, current.clone()); }
                        regions.into_iter().map(|region| {
                            let selected = region == current;
                            view! { <option value=region.clone() selected=selected>{region.clone()}</option> }
                        }).collect_view()
                    }}
                </select>
            </div>

            <PrimaryPicker state invalid=Signal::derive(invalid(Field::Primary)) />
            {field_error(Field::Primary, error_id("primary"))}

            <div class="rrc-field">
                <label for=version_id.clone()>{texts.engine_version}</label>
                <input id=version_id.clone() type="text" readonly aria-readonly="true" class="rrc-locked"
                    prop:value=move || primary.with(|p| p.as_ref().and_then(|p| p.data_store_info.as_ref()).map(|i| format!("{} {}", i.engine, i.version)).unwrap_or_default()) />
                {move || match (primary.get(), version.get(), state.versions.get()) {
                    (Some(_), Some(version), _) => view! { <p class="rrc-hint">"dbId " <code>{version.id}</code></p> }.into_any(),
                    (Some(_), None, Load::Ready(_)) => view! { <p class="rrc-field-error">{texts.version_unknown}</p> }.into_any(),
                    (None, _, Load::Ready(versions)) => {
                        let mut engines: Vec<_> = versions.into_iter().collect();
                        flow::sort_with(&mut engines, |a, b| a.0.cmp(&b.0));
                        view! {
                            <ul class="rrc-versions" aria-label=texts.versions_heading>
                                {engines.into_iter().map(|(engine, list)| {
                                    let names = list.data_stores.iter().map(|v| v.name.clone()).collect::<Vec<_>>().join(", ");
                                    view! { <li><strong>{engine.as_str()}</strong> " " {names}</li> }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                    (_, _, Load::Failed(error)) => view! {
                        <ErrorBanner state error retry=Callback::new(move |_| state.load_region()) />
                    }.into_any(),
                    _ => ().into_any(),
                }}
            </div>

            <div class="rrc-field">
                <label for=flavor_id.clone()>{texts.flavor}</label>
                <select id=flavor_id.clone() aria-invalid=invalid(Field::Flavor)
                    prop:disabled=move || flavor_choices.with(Vec::is_empty)
                    on:change=move |ev| state.draft.update(|d| d.flavor_id = event_target_value(&ev))>
                    <option value="" disabled selected=move || state.draft.with(|d| d.flavor_id.is_empty())>
                        {move || if matches!(state.flavors.get(), Load::Loading) { texts.loading } else { texts.choose_flavor }}
                    </option>
                    {move || {
                        let choices = flavor_choices.get();
                        let selected = state.draft.with(|d| d.flavor_id.clone());
                        let language = state.language.get();
                        let option = move |choice: &flow::FlavorChoice| {
                            let flavor = &choice.flavor;
                            let mut label = format!("{} — {} vCPU · {}", flavor.spec_code,
                                flavor.vcpus().map(|v| v.to_string()).unwrap_or_else(|| "?".into()), flow::ram_label(flavor.ram));
                            if choice.primary_class { label.push_str(&format!(" ({})", language.texts().primary_class)); }
                            view! { <option value=flavor.id.clone() disabled=!choice.for_replicas selected=flavor.id == selected>{label}</option> }
                        };
                        let replica: Vec<_> = choices.iter().filter(|c| c.for_replicas).map(&option).collect();
                        let other: Vec<_> = choices.iter().filter(|c| !c.for_replicas).map(&option).collect();
                        view! {
                            <optgroup label=language.texts().replica_flavors>{replica}</optgroup>
                            <optgroup label=language.texts().other_flavors>{other}</optgroup>
                        }
                    }}
                </select>
                {field_error(Field::Flavor, error_id("flavor"))}
                {move || match state.flavors.get() {
                    Load::Failed(error) => view! { <ErrorBanner state error retry=Callback::new(move |_| state.retry_flavors()) /> }.into_any(),
                    _ => ().into_any(),
                }}
            </div>

            <div class="rrc-field">
                <label for=name_id.clone()>{texts.replica_name}</label>
                <input id=name_id.clone() type="text" autocomplete="off" spellcheck="false" maxlength="64"
                    aria-invalid=invalid(Field::Name) aria-describedby=error_id("name")
                    prop:value=move || state.draft.with(|d| d.name.clone())
                    on:input=move |ev| {
                        state.name_is_suggested.set(false);
                        state.draft.update(|d| d.name = event_target_value(&ev));
                    } />
                {field_error(Field::Name, error_id("name"))}
            </div>

            <fieldset class="rrc-optional">
                <legend>{texts.optional}</legend>
                <div class="rrc-field">
                    <label for=zone_id.clone()>{texts.availability_zone}</label>
                    <select id=zone_id.clone() aria-invalid=invalid(Field::AvailabilityZone)
                        on:change=move |ev| state.draft.update(|d| d.availability_zone = event_target_value(&ev))>
                        <option value="" selected=move || state.draft.with(|d| d.availability_zone.is_empty())>
                            {move || {
                                let zone = primary.with(|p| p.as_ref().map(|p| p.availability_zone.clone()).unwrap_or_default());
                                format!("{} ({zone})", texts.same_as_primary)
                            }}
                        </option>
                        {move || {
                            let selected = state.draft.with(|d| d.availability_zone.clone());
                            let zones = state.instances.with(|load| {
                                let instances = load.ready().map(Vec::as_slice).unwrap_or_default();
                                flow::Context { instances, flavors: &[], limit }.zones()
                            });
                            zones.into_iter().map(|zone| view! {
                                <option value=zone.clone() selected=zone == selected>{zone.clone()}</option>
                            }).collect_view()
                        }}
                    </select>
                </div>
                <div class="rrc-field">
                    <label for=type_id.clone()>{texts.storage_type}</label>
                    <select id=type_id.clone() aria-invalid=invalid(Field::StorageType)
                        on:change=move |ev| state.draft.update(|d| d.volume_type = event_target_value(&ev))>
                        {move || {
                            let selected = state.draft.with(|d| d.volume_type.clone());
                            VolumeType::ALL.into_iter().map(|kind| view! {
                                <option value=kind.as_str() selected=kind.as_str() == selected>{kind.as_str()}</option>
                            }).collect_view()
                        }}
                    </select>
                </div>
                <div class="rrc-field">
                    <label for=size_id.clone()>{texts.storage_size}</label>
                    <input id=size_id.clone() type="number" inputmode="numeric" min="40" max="4000" step="10"
                        aria-invalid=invalid(Field::StorageSize) aria-describedby=error_id("storage-size")
                        prop:value=move || state.draft.with(|d| d.volume_size.clone())
                        on:input=move |ev| state.draft.update(|d| d.volume_size = event_target_value(&ev)) />
                    {field_error(Field::StorageSize, error_id("storage-size"))}
                </div>
            </fieldset>

            {move || problems.get().ok().map(|request| view! { <Review state request /> })}

            {move || match state.submit.get() {
                Submit::Failed { error, was_unknown } => {
                    let note = was_unknown.then(|| Signal::derive(move || texts.outcome_not_created.to_owned()));
                    view! { <ErrorBanner state error note=note retry=Callback::new(move |_| state.create()) /> }.into_any()
                }
                Submit::Checking(_) => view! { <p class="rrc-notice" role="status">{texts.checking_outcome}</p> }.into_any(),
                Submit::Unknown(error) => view! {
                    <ErrorBanner state error retry=Callback::new(move |_| state.check_again())
                        retry_label=Signal::derive(move || match state.language.get() {
                            Language::EnUs => "Check again".to_owned(),
                            Language::ZhCn => "重新检查".to_owned(),
                        }) />
                }.into_any(),
                _ => ().into_any(),
            }}

            <div class="rrc-actions">
                <button type="submit" class="rrc-button rrc-button-primary"
                    prop:disabled=sending aria-busy=move || if sending() { "true" } else { "false" }>
                    {texts.create}
                </button>
                {move || sending().then(|| view! { <span class="rrc-spinner" aria-hidden="true"></span><span class="rrc-hint">{texts.creating}</span> })}
            </div>
        </form>
    }
}

/// Moves focus to the first field with a problem, once the view shows it. Queried from the
/// form itself, so it works inside a host's shadow root too.
fn focus_first_invalid(form: web_sys::Element) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Ok(Some(element)) = form.query_selector("[aria-invalid=\"true\"]") {
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
}
