//! Translated labels of the `shared` enums and of countries.

use l4a_shared::country;
use l4a_shared::figures::ReportingStatus;
use l4a_shared::hub::{HubStatus, Modality};
use l4a_shared::organisation::{OrganisationKind, WorldRegion};
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

/// The translated name of a UCLG world region.
pub fn region_label(region: WorldRegion) -> impl Fn() -> String + Copy + 'static {
    let i18n = use_i18n();
    move || {
        match region {
            WorldRegion::Africa => t_string!(i18n, region.africa),
            WorldRegion::AsiaPacific => t_string!(i18n, region.asia_pacific),
            WorldRegion::Eurasia => t_string!(i18n, region.eurasia),
            WorldRegion::Europe => t_string!(i18n, region.europe),
            WorldRegion::LatinAmerica => t_string!(i18n, region.latin_america),
            WorldRegion::MiddleEastWestAsia => t_string!(i18n, region.middle_east_west_asia),
            WorldRegion::NorthAmerica => t_string!(i18n, region.north_america),
            WorldRegion::Metropolis => t_string!(i18n, region.metropolis),
        }
        .to_string()
    }
}

/// The translated name of an organisation kind.
pub fn kind_label(kind: OrganisationKind) -> impl Fn() -> String + Copy + 'static {
    let i18n = use_i18n();
    move || {
        match kind {
            OrganisationKind::LocalGovernment => t_string!(i18n, kind.local_government),
            OrganisationKind::RegionalGovernment => t_string!(i18n, kind.regional_government),
            OrganisationKind::LrgAssociation => t_string!(i18n, kind.lrg_association),
            OrganisationKind::CivilSociety => t_string!(i18n, kind.civil_society),
            OrganisationKind::Academia => t_string!(i18n, kind.academia),
            OrganisationKind::PrivateSector => t_string!(i18n, kind.private_sector),
            OrganisationKind::NationalGovernment => t_string!(i18n, kind.national_government),
            OrganisationKind::InternationalOrganisation => t_string!(i18n, kind.international_organisation),
        }
        .to_string()
    }
}

/// A country's name in the interface language (its code when unknown).
pub fn country_name(code: String) -> impl Fn() -> String + 'static {
    let i18n = use_i18n();
    move || country::find(&code).map_or_else(|| code.clone(), |c| c.name(lang_of(i18n.get_locale())).to_owned())
}

/// The translated name of a reporting status.
pub fn reporting_label(status: ReportingStatus) -> impl Fn() -> String + Copy + 'static {
    let i18n = use_i18n();
    move || {
        match status {
            ReportingStatus::Green => t_string!(i18n, reporting_status.green),
            ReportingStatus::Yellow => t_string!(i18n, reporting_status.yellow),
            ReportingStatus::Red => t_string!(i18n, reporting_status.red),
        }
        .to_string()
    }
}

/// A reporting-status pill, coloured green, yellow or red.
#[component]
pub fn ReportingBadge(status: ReportingStatus) -> impl IntoView {
    view! { <span class=format!("reporting reporting-{}", status.as_str())>{reporting_label(status)}</span> }
}

/// A status pill.
#[component]
pub fn StatusBadge(status: HubStatus) -> impl IntoView {
    view! { <span class=format!("status status-{}", status.as_str())>{status_label(status)}</span> }
}
