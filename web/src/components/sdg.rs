//! The SDG taxonomy as app state, and the coloured goal badge.

use l4a_shared::sdg::{SdgGoal, sdg_colour};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::i18n::{t_string, use_i18n};
use crate::labels::lang_of;

/// The taxonomy, loaded once per visit and shared by every badge and filter.
#[derive(Clone, Copy)]
pub struct SdgContext(pub LocalResource<Result<Vec<SdgGoal>, ApiFailure>>);

/// Starts loading the taxonomy and makes it available to the components below.
pub fn provide_sdg_context() {
    provide_context(SdgContext(LocalResource::new(api::list_sdgs)));
}

/// The taxonomy provided by [`provide_sdg_context`].
pub fn use_sdgs() -> SdgContext {
    expect_context::<SdgContext>()
}

impl SdgContext {
    /// The short name of goal `number` in the interface language, once the taxonomy is loaded.
    pub fn short_name(self, number: u8) -> Option<String> {
        let i18n = use_i18n();
        let lang = lang_of(i18n.get_locale());
        self.0.get().and_then(|loaded| loaded.ok()).and_then(|goals| {
            goals.iter().find(|goal| goal.number == number).map(|goal| goal.short.get(lang).to_owned())
        })
    }
}

/// A goal badge in the goal's official colour, with its short name when known.
#[component]
pub fn SdgBadge(
    /// The goal number, 1 to 17.
    number: u8,
    /// Show the short name beside the number.
    #[prop(optional)]
    named: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let sdgs = use_sdgs();
    let goal_label = move || t_string!(i18n, sdg.goal, number = number.to_string());
    let name = move || sdgs.short_name(number);
    let title = move || name().map_or_else(goal_label, |n| format!("{}: {n}", goal_label()));
    view! {
        <span class="sdg-badge" style:background-color=sdg_colour(number) title=title>
            <span class="sdg-number" aria-hidden="true">{number}</span>
            <span class="visually-hidden">{title}</span>
            <Show when=move || named>
                <span class="sdg-name" aria-hidden="true">{name}</span>
            </Show>
        </span>
    }
}
