//! Copy and download buttons.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::ConsoleState;

/// Copies `text` to the clipboard and says so for two seconds.
#[component]
pub fn CopyButton(
    state: ConsoleState,
    #[prop(into)] text: Signal<String>,
    #[prop(into)] what: String,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window
                .navigator()
                .clipboard()
                .write_text(&text.get_untracked());
            copied.set(true);
            set_timeout(
                move || {
                    copied.try_set(false);
                },
                std::time::Duration::from_secs(2),
            );
        }
    };
    let label = move || {
        let texts = state.language.get().texts();
        if copied.get() {
            texts.copied
        } else {
            texts.copy
        }
    };
    view! {
        <button type="button" class="rrc-button rrc-button-small" on:click=copy aria-label=move || format!("{} {}", label(), what)>
            {label}
        </button>
    }
}

/// Offers `text` as a file download.
#[component]
pub fn DownloadButton(
    state: ConsoleState,
    #[prop(into)] text: Signal<String>,
    #[prop(into)] file_name: Signal<String>,
) -> impl IntoView {
    let download = move |_| {
        let _ = save(&text.get_untracked(), &file_name.get_untracked());
    };
    view! {
        <button type="button" class="rrc-button rrc-button-small" on:click=download>
            {move || state.language.get().texts().download}
        </button>
    }
}

fn save(text: &str, file_name: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).ok()
}
