//! The published policy recommendations citing a hub, on its page: how its evidence reached
//! UCLG's advocacy.

use l4a_shared::recommendation::PolicyRecommendation;
use l4a_shared::sdg::Localized;
use leptos::prelude::*;

use crate::api;
use crate::components::feedback::{FetchFailed, Loading};
use crate::components::references::use_references;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::lang_of;

/// The hub's section; it says so when no recommendation cites the hub yet.
#[component]
pub fn RecommendationsSection(hub_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let hub = StoredValue::new(hub_id);
    let found = LocalResource::new(move || async move { api::list_hub_recommendations(&hub.get_value()).await });
    view! {
        <section class="hub-section recommendations-section" aria-labelledby="recommendations-heading">
            <h2 id="recommendations-heading">{t!(i18n, recommendations.section)}</h2>
            <Transition fallback=move || view! { <Loading>{t!(i18n, recommendations.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="empty-state">{t!(i18n, recommendations.none_yet)}</p> }.into_any(),
                        Ok(page) => page.items.into_iter().map(|r| view! { <RecommendationCard recommendation=r /> }).collect_view().into_any(),
                        Err(failure) => view! { <FetchFailed failure=failure retry=move |()| found.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One recommendation: its title and text in the interface language, its council, where it was
/// presented, and the evidence it cites.
#[component]
pub fn RecommendationCard(recommendation: PolicyRecommendation) -> impl IntoView {
    let i18n = use_i18n();
    let references = use_references();
    // A text not yet translated is shown in English rather than left blank.
    let in_language = move |text: &Localized| {
        let wanted = text.get(lang_of(i18n.get_locale()));
        if wanted.trim().is_empty() { text.en.clone() } else { wanted.to_owned() }
    };
    let (title, text) = (recommendation.title.clone(), recommendation.text.clone());
    let council_id = recommendation.policy_council_id.clone();
    let council = move || {
        let loaded = references.get().and_then(Result::ok);
        loaded
            .and_then(|(_, councils)| councils.into_iter().find(|c| c.id == council_id).map(|c| in_language(&c.name)))
            .unwrap_or_else(|| council_id.clone())
    };
    let presented = recommendation.presented_at.clone().map(|p| {
        let (event, date) = (p.event, p.date.to_string());
        move || t_string!(i18n, recommendations.presented, event = event.clone(), date = date.clone()).to_string()
    });
    view! {
        <article class="recommendation-card">
            <h3>{move || in_language(&title)}</h3>
            <p class="muted">{t!(i18n, recommendations.for_council)} " " {council}</p>
            {presented.map(|text| view! { <p class="muted">{text}</p> })}
            <p>{move || in_language(&text)}</p>
            <h4>{t!(i18n, recommendations.evidence)}</h4>
            <ul class="citation-list">
                {recommendation.citations.into_iter().map(|c| view! { <li>{c.note}</li> }).collect_view()}
            </ul>
        </article>
    }
}
