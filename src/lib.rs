//! A browser console that creates a read replica of a Huawei Cloud RDS instance (API v1).
//!
//! Code map (see `ARCHITECTURE.md`): [`api`] is the RDS client (no UI), [`flow`] the form's
//! rules in plain Rust, [`i18n`] the texts, [`json_view`] the JSON renderer, [`config`] what a
//! page passes in, and [`ui`] the Leptos components. [`mount_standalone`] starts the console on
//! the standalone page.

pub mod api;
pub mod config;
pub mod embed;
pub mod flow;
pub mod i18n;
pub mod json_view;
pub mod ui;

use leptos::prelude::*;

pub use config::Config;
pub use i18n::Language;
pub use ui::Console;

/// The id of the standalone page's mount element.
pub const STANDALONE_ROOT_ID: &str = "rds-console";

/// The browser's preferred languages, best first.
pub fn browser_language() -> Language {
    let Some(window) = web_sys::window() else {
        return Language::default();
    };
    let navigator = window.navigator();
    let tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .chain(navigator.language())
        .collect();
    Language::from_preferences(tags.iter().map(String::as_str))
}

/// Reads the page's config (`data-*` of `#rds-console`) and the deep link, and mounts the console.
pub fn mount_standalone() {
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = document.get_element_by_id(STANDALONE_ROOT_ID) else {
        return;
    };
    let location = document.location();
    let origin = location
        .as_ref()
        .and_then(|l| l.origin().ok())
        .unwrap_or_default();
    let config = Config::from_attributes(&origin, |key| root.get_attribute(&format!("data-{key}")));
    let search = location.and_then(|l| l.search().ok()).unwrap_or_default();
    let draft = web_sys::UrlSearchParams::new_with_str(&search)
        .map(|params| {
            let pairs: Vec<(String, String)> = ["region", "primary", "flavor", "name"]
                .into_iter()
                .filter_map(|key| params.get(key).map(|value| (key.to_owned(), value)))
                .collect();
            flow::Draft::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        })
        .unwrap_or_default();
    let language = config.language.unwrap_or_else(browser_language);
    let Ok(root) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(root) else {
        return;
    };
    root.set_inner_html("");
    leptos::mount::mount_to(root, move || view! { <Console config language draft /> }).forget();
}
