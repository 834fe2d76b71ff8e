//! The Local4Action HUBs web app: a Leptos client-side app compiled to WebAssembly.
//!
//! It talks to the API only through the `shared` DTOs (see `api`), and every string it shows
//! comes from `locales/{en,fr,es}.json`.

#[expect(clippy::expect_used, reason = "the generated code parses the locale names it wrote itself")]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n;

pub mod api;
pub mod app;
pub mod components;
pub mod labels;
pub mod pages;
pub mod session;

use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the app on `<body>` when the module loads.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
