//! Generates the `i18n` module from `locales/{en,fr,es}.json` at compile time.

use std::error::Error;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = std::env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR")?;
    // interpolate_display lets attributes (aria-label, title) take interpolated strings too.
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("en")?.add_locale("fr")?.add_locale("es")?.parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(PathBuf::from(out_dir).join("i18n"))?;
    Ok(())
}
