//! Translated labels of the `shared` enums and of countries.

use l4a_shared::country;
use l4a_shared::hub::{HubStatus, Modality};
use leptos::prelude::*;

use crate::app::lang_of;
use crate::i18n::{t_string, use_i18n};

/// The translated name of a hub status.
pub fn status_label(status: HubStatus) -> impl Fn() -> String + Copy + 'static {
    let i18n = use_i18n();
    move || {
        match status {
            HubStatus::Active => t_string!(i18n, status.active),
            HubStatus::Completed => t_string!(i18n, status.completed),
            HubStatus::Suspended => t_string!(i18n, status.suspended),
            HubStatus::Archived => t_string!(i18n, status.archived),
        }
        .to_string()
    }
}

/// The translated name of a modality.
pub fn modality_label(modality: Modality) -> impl Fn() -> String + Copy + 'static {
    let i18n = use_i18n();
    move || {
        match modality {
            Modality::Physical => t_string!(i18n, modality.in_person),
            Modality::Virtual => t_string!(i18n, modality.online),
            Modality::Hybrid => t_string!(i18n, modality.hybrid),
        }
        .to_string()
    }
}

/// A country's name in the interface language (its code when unknown).
pub fn country_name(code: String) -> impl Fn() -> String + 'static {
    let i18n = use_i18n();
    move || country::find(&code).map_or_else(|| code.clone(), |c| c.name(lang_of(i18n.get_locale())).to_owned())
}

/// A status pill.
#[component]
pub fn StatusBadge(status: HubStatus) -> impl IntoView {
    view! { <span class=format!("status status-{}", status.as_str())>{status_label(status)}</span> }
}
