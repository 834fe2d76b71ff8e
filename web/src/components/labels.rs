//! Pills that show a hub's status and its reporting status, coloured by value.

use l4a_shared::figures::ReportingStatus;
use l4a_shared::hub::HubStatus;
use leptos::prelude::*;

use crate::labels::label;

/// A reporting-status pill, coloured green, yellow or red.
#[component]
pub fn ReportingBadge(status: ReportingStatus) -> impl IntoView {
    view! { <span class=format!("reporting reporting-{}", status.as_str())>{label(status)}</span> }
}

/// A status pill.
#[component]
pub fn StatusBadge(status: HubStatus) -> impl IntoView {
    view! { <span class=format!("status status-{}", status.as_str())>{label(status)}</span> }
}
