//! The standalone page's entry, and the JavaScript surface for host pages: `mount` and the
//! handle it returns (see `embed`). Defined in the binary so the exports land in its .wasm.

use rds_replica_console::embed::{self, EmbedOptions, Embedded};
use wasm_bindgen::prelude::*;

/// Talc instead of dlmalloc: smaller code (the bundle budget) and faster on wasm.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    rds_replica_console::mount_standalone();
}

/// A console mounted in a host page.
#[wasm_bindgen]
pub struct ConsoleHandle(Embedded);

#[wasm_bindgen]
impl ConsoleHandle {
    /// Removes the console; no request, timer or listener outlives it.
    pub fn unmount(&mut self) {
        self.0.unmount();
    }

    /// `en-us` or `zh-cn`; also the `X-Language` of later calls.
    #[wasm_bindgen(js_name = setLanguage)]
    pub fn set_language(&self, language: &str) -> Result<(), JsError> {
        self.0.set_language(language).map_err(|e| JsError::new(&e))
    }

    /// A new token for the current project (the host refreshed its session).
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: String) {
        self.0.set_token(token);
    }
}

/// Renders the console into a shadow root of `element`. See the README's "Embedding".
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> Result<ConsoleHandle, JsError> {
    let options = EmbedOptions::from_js(&options).map_err(|e| JsError::new(&e))?;
    embed::mount(element, options)
        .map(ConsoleHandle)
        .map_err(|e| JsError::new(&e))
}
