//! Sends a prepared request with `fetch` (gloo-net): the three headers, a timeout that aborts the
//! fetch, and the raw answer. Everything above it is pure and tested natively.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::request::{ApiRequest, Method};
use crate::i18n::Language;

/// An HTTP answer, whatever its status.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub body: String,
    pub subject_token: Option<String>,
}

#[derive(Debug, Clone)]
pub enum TransportError {
    Network(String),
    Timeout,
}

/// Aborts the fetch when it outlives `timeout_ms`; cleared when dropped.
struct Deadline {
    handle: i32,
    fired: Rc<Cell<bool>>,
    _callback: Closure<dyn FnMut()>,
}

impl Deadline {
    fn start(controller: &web_sys::AbortController, timeout_ms: u32) -> Option<Self> {
        let fired = Rc::new(Cell::new(false));
        let flag = fired.clone();
        let controller = controller.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            flag.set(true);
            controller.abort();
        });
        let handle = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                i32::try_from(timeout_ms).unwrap_or(i32::MAX),
            )
            .ok()?;
        Some(Self {
            handle,
            fired,
            _callback: callback,
        })
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}

/// Runs `on_abort` when `signal` aborts, until dropped: ties a request or a timer to the
/// lifetime of its console (an embedded console's `unmount`).
struct AbortLink {
    signal: web_sys::AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl AbortLink {
    fn new(signal: &web_sys::AbortSignal, on_abort: impl FnMut() + 'static) -> Self {
        let callback = Closure::<dyn FnMut()>::new(on_abort);
        let _ = signal.add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref());
        Self {
            signal: signal.clone(),
            callback,
        }
    }
}

impl Drop for AbortLink {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.callback.as_ref().unchecked_ref());
    }
}

fn cancelled() -> TransportError {
    TransportError::Network("cancelled: the console was closed".into())
}

/// Sends `request`; aborted by its timeout, or at once when `cancel` aborts.
pub async fn send(
    request: &ApiRequest,
    token: Option<&str>,
    language: Language,
    timeout_ms: u32,
    cancel: Option<&web_sys::AbortSignal>,
) -> Result<RawResponse, TransportError> {
    if cancel.is_some_and(web_sys::AbortSignal::aborted) {
        return Err(cancelled());
    }
    let controller = web_sys::AbortController::new()
        .map_err(|error| TransportError::Network(format!("{error:?}")))?;
    let _link = cancel.map(|cancel| {
        let controller = controller.clone();
        AbortLink::new(cancel, move || controller.abort())
    });
    let deadline = Deadline::start(&controller, timeout_ms);
    let timed_out = || deadline.as_ref().is_some_and(|d| d.fired.get());
    let signal = controller.signal();

    let builder = match request.method {
        Method::Get => gloo_net::http::Request::get(&request.url),
        Method::Post => gloo_net::http::Request::post(&request.url),
    }
    .header("Content-Type", "application/json")
    .header("X-Language", language.code())
    .abort_signal(Some(&signal));
    let builder = match token {
        Some(token) if request.authenticated => builder.header("X-Auth-Token", token),
        _ => builder,
    };
    let prepared = match &request.body {
        Some(body) => builder.body(body.clone()),
        None => builder.build(),
    }
    .map_err(|error| TransportError::Network(message_of(error)))?;

    let failed = |error: gloo_net::Error| {
        if cancel.is_some_and(web_sys::AbortSignal::aborted) {
            cancelled()
        } else if timed_out() {
            TransportError::Timeout
        } else {
            TransportError::Network(message_of(error))
        }
    };
    let response = prepared.send().await.map_err(failed)?;
    let status = response.status();
    let subject_token = response.headers().get(rds_v1::iam::SUBJECT_TOKEN_HEADER);
    let body = response.text().await.map_err(failed)?;
    Ok(RawResponse {
        status,
        body,
        subject_token,
    })
}

/// The browser's message. Matched rather than formatted: gloo-net's error also has a
/// serde_json variant (another crate turns on its `json` feature), and formatting the enum would
/// bring serde_json's error texts into the wasm although this console never decodes with it.
fn message_of(error: gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(error) => error.to_string(),
        gloo_net::Error::GlooError(message) => message,
        #[allow(unreachable_patterns)]
        _ => "the request failed".to_owned(),
    }
}

/// Milliseconds since the page loaded (monotonic where the browser has `performance`).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// Resolves after `ms` milliseconds, or at once (clearing its timer) when `cancel` aborts.
pub async fn sleep(ms: u32, cancel: Option<&web_sys::AbortSignal>) {
    if cancel.is_some_and(web_sys::AbortSignal::aborted) {
        return;
    }
    let mut link = None;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Ok(handle) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            &resolve,
            i32::try_from(ms).unwrap_or(i32::MAX),
        ) else {
            return;
        };
        link = cancel.map(|cancel| {
            AbortLink::new(cancel, move || {
                window.clear_timeout_with_handle(handle);
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            })
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    drop(link);
}
