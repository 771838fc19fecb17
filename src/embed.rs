//! Embedding in a host page: `mount(element, options)` renders the console in a shadow root of
//! `element` and returns a handle; replica events reach the host as bubbling `CustomEvent`s on
//! `element`. The JavaScript surface (`mount`, the handle's `unmount`, `setLanguage`,
//! `setToken`) is exported by the binary (`src/main.rs`); this module does the work.
//!
//! ```js
//! import init, { mount } from '/console/rds-replica-console.js';
//! await init();
//! const handle = mount(document.querySelector('#drawer'), {
//!   endpoint: '', iamEndpoint: '', region: 'cn-north-4', projectId,
//!   tokenProvider: async () => fetchToken(), primary: rowId, language: 'zh-cn',
//!   assetsBase: '/console/', theme: { '--rrc-accent': '#c7000b' },
//! });
//! element.addEventListener('replica-active', (e) => refresh(e.detail));
//! handle.unmount();
//! ```
//!
//! Why a shadow root: the host's stylesheet cannot reach the console's controls (a host that
//! restyles `*`, `button` or `select` changes nothing inside), and the console's stylesheet
//! cannot leak out. Inherited properties are reset by `all: initial` on the root; theming goes
//! through the documented `--rrc-*` custom properties.

use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::config::Config;
use crate::flow::Draft;
use crate::i18n::Language;
use crate::ui::state::{ReplicaEvent, TokenProvider};
use crate::ui::{ConsoleState, ConsoleView};

/// What a host passes to `mount`.
pub struct EmbedOptions {
    pub config: Config,
    pub token: Option<String>,
    pub token_provider: Option<Function>,
    pub language: Option<Language>,
    pub regions: Vec<String>,
    pub draft: Draft,
    pub theme: Vec<(String, String)>,
    /// Where `console.css` lives, e.g. `/console/`.
    pub assets_base: String,
}

/// The option `key`, unless it is missing, `undefined` or `null`.
fn field(options: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

fn string(options: &JsValue, key: &str) -> Option<String> {
    field(options, key).and_then(|value| value.as_string())
}

impl EmbedOptions {
    /// Reads the host's options object; wrong types are errors naming the option.
    pub fn from_js(options: &JsValue) -> Result<Self, String> {
        if !options.is_object() {
            return Err("mount(element, options): options must be an object".into());
        }
        let mut config = Config {
            rds_endpoint: string(options, "endpoint").unwrap_or_default(),
            iam_endpoint: string(options, "iamEndpoint").unwrap_or_default(),
            origin: web_sys::window()
                .and_then(|w| w.location().origin().ok())
                .unwrap_or_default(),
            sync_url: false,
            ..Config::default()
        };
        if let Some(region) = string(options, "region") {
            config.region = region;
        }
        config.project_id = string(options, "projectId").unwrap_or_default();
        if let Some(timeout) = field(options, "timeoutMs").and_then(|v| v.as_f64()) {
            config.timeout_ms = timeout.clamp(100.0, 600_000.0) as u32;
        }
        let language = match string(options, "language") {
            Some(tag) => Some(
                Language::parse(&tag).ok_or_else(|| format!("unsupported language \"{tag}\""))?,
            ),
            None => None,
        };
        config.language = language;
        let token_provider = field(options, "tokenProvider")
            .map(|v| {
                v.dyn_into::<Function>()
                    .map_err(|_| "tokenProvider must be a function".to_owned())
            })
            .transpose()?;
        let token = string(options, "token");
        if (token.is_some() || token_provider.is_some()) && config.project_id.is_empty() {
            return Err("a token or tokenProvider needs projectId (the region's project)".into());
        }
        let regions = field(options, "regions")
            .filter(js_sys::Array::is_array)
            .map(|v| {
                js_sys::Array::from(&v)
                    .iter()
                    .filter_map(|r| r.as_string())
                    .collect()
            })
            .unwrap_or_default();
        let theme = field(options, "theme")
            .filter(JsValue::is_object)
            .map(|theme| {
                js_sys::Object::entries(&theme.unchecked_into())
                    .iter()
                    .filter_map(|pair| {
                        let pair = js_sys::Array::from(&pair);
                        Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                    })
                    .filter(|(name, _)| name.starts_with("--rrc-"))
                    .collect()
            })
            .unwrap_or_default();
        let draft = Draft {
            region: config.region.clone(),
            primary_id: string(options, "primary").unwrap_or_default(),
            name: string(options, "name").unwrap_or_default(),
            ..Draft::default()
        };
        let mut assets_base = string(options, "assetsBase").unwrap_or_else(|| "/".into());
        if !assets_base.ends_with('/') {
            assets_base.push('/');
        }
        Ok(Self {
            config,
            token,
            token_provider,
            language,
            regions,
            draft,
            theme,
            assets_base,
        })
    }
}

/// A mounted console. Only `unmount` removes it: a host that drops its handle (the JS wrapper
/// is garbage-collected) keeps the console on the page.
pub struct Embedded {
    state: ConsoleState,
    mounted: Option<Box<dyn std::any::Any>>,
    container: HtmlElement,
}

/// The DOM event name of a replica event.
pub fn event_name(event: &ReplicaEvent) -> &'static str {
    match event {
        ReplicaEvent::Created(_) => "replica-created",
        ReplicaEvent::Active(_) => "replica-active",
        ReplicaEvent::Failed(_) => "replica-failed",
        ReplicaEvent::Error(_) => "console-error",
    }
}

fn dispatch(target: &HtmlElement, event: ReplicaEvent) {
    let detail = match &event {
        ReplicaEvent::Created(json) | ReplicaEvent::Active(json) | ReplicaEvent::Failed(json) => {
            js_sys::JSON::parse(json).unwrap_or_else(|_| JsValue::from_str(json))
        }
        ReplicaEvent::Error(message) => {
            let detail = js_sys::Object::new();
            let _ = Reflect::set(&detail, &"message".into(), &JsValue::from_str(message));
            detail.into()
        }
    };
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(custom) = CustomEvent::new_with_event_init_dict(event_name(&event), &init) {
        let _ = target.dispatch_event(&custom);
    }
}

fn provider_from(function: Function) -> TokenProvider {
    Rc::new(move || {
        let function = function.clone();
        Box::pin(async move {
            let answer = function
                .call0(&JsValue::NULL)
                .map_err(|e| format!("tokenProvider threw: {e:?}"))?;
            let value = match answer.dyn_into::<Promise>() {
                Ok(promise) => JsFuture::from(promise)
                    .await
                    .map_err(|e| format!("tokenProvider failed: {e:?}"))?,
                Err(value) => value,
            };
            value
                .as_string()
                .filter(|token| !token.is_empty())
                .ok_or_else(|| "tokenProvider must resolve to a token string".to_owned())
        })
    })
}

/// Mounts the console into a shadow root of `element`.
pub fn mount(element: HtmlElement, options: EmbedOptions) -> Result<Embedded, String> {
    console_error_panic_hook::set_once();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let shadow = match element.shadow_root() {
        Some(shadow) => shadow,
        None => element
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(|e| format!("cannot attach a shadow root to this element: {e:?}"))?,
    };
    shadow.set_inner_html("");
    let stylesheet = document
        .create_element("link")
        .map_err(|e| format!("{e:?}"))?;
    let _ = stylesheet.set_attribute("rel", "stylesheet");
    let _ = stylesheet.set_attribute("href", &format!("{}console.css", options.assets_base));
    let container: HtmlElement = document
        .create_element("div")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    shadow
        .append_child(&stylesheet)
        .and_then(|_| shadow.append_child(&container))
        .map_err(|e| format!("{e:?}"))?;

    let language = options.language.unwrap_or_else(crate::browser_language);
    let target = element.clone();
    let events: crate::ui::EventSink = Rc::new(move |event| dispatch(&target, event));
    let slot = Rc::new(std::cell::Cell::new(None::<ConsoleState>));
    let slot_in = slot.clone();
    let EmbedOptions {
        config,
        token,
        token_provider,
        regions,
        draft,
        theme,
        ..
    } = options;
    let handle = leptos::mount::mount_to(container.clone(), move || {
        let state = ConsoleState::new(config, language, draft, Some(events));
        slot_in.set(Some(state));
        if !regions.is_empty() {
            state.regions.set(regions);
        }
        state.set_token_provider(token_provider.map(provider_from));
        match token {
            Some(token) => state.set_token(token),
            None => state.refresh_token(),
        }
        view! { <ConsoleView state /> }
    });
    let state = slot.take().ok_or("the console did not start")?;
    if let Ok(Some(root)) = container.query_selector(".rrc") {
        let style = root.unchecked_into::<HtmlElement>().style();
        for (name, value) in theme {
            let _ = style.set_property(&name, &value);
        }
    }
    Ok(Embedded {
        state,
        mounted: Some(Box::new(handle)),
        container,
    })
}

impl Embedded {
    /// Removes the console; every timer, poll and listener stops with it.
    pub fn unmount(&mut self) {
        self.state.shut_down();
        self.mounted = None;
        self.container.set_inner_html("");
    }

    pub fn set_language(&self, tag: &str) -> Result<(), String> {
        let language =
            Language::parse(tag).ok_or_else(|| format!("unsupported language \"{tag}\""))?;
        self.state.language.try_set(language);
        Ok(())
    }

    pub fn set_token(&self, token: String) {
        if self.mounted.is_some() {
            self.state.set_token(token);
        }
    }
}

impl Drop for Embedded {
    fn drop(&mut self) {
        // Dropping the mount handle would tear the view down; the console lives until
        // `unmount`, whether or not the host kept its handle.
        if let Some(mounted) = self.mounted.take() {
            std::mem::forget(mounted);
        }
    }
}
