//! `/recommendations`: the policy recommendations. Everyone reads the published ones; the
//! Secretariat also reads drafts and withdrawn ones, writes new ones citing the hubs' public
//! evidence (a hub, one of its deliverables or indicators, an approved report), and publishes or
//! withdraws them.

use l4a_shared::account::Role;
use l4a_shared::query::HubQuery;
use l4a_shared::recommendation::{
    Citation, EvidenceKind, NewRecommendation, PolicyRecommendation, Presentation, RecommendationAction,
    RecommendationState,
};
use l4a_shared::report::ReportState;
use l4a_shared::sdg::Localized;
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};
use leptos::prelude::*;

use crate::api;
use crate::components::feedback::{ErrorPanel, FetchFailed, Loading};
use crate::components::form::{
    AddButton, FormActions, FormState, FormSummary, InputField, RowInput, RowSelect, SelectField, Text, TextAreaField,
    read,
};
use crate::components::layout::set_page_title;
use crate::components::recommendations::RecommendationCard;
use crate::components::references::use_references;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::{Label as _, label, lang_of};
use crate::session::Session;

/// The list, with the Secretariat's form and actions.
#[component]
pub fn Recommendations() -> impl IntoView {
    let i18n = use_i18n();
    set_page_title(move || t_string!(i18n, recommendations.title).to_string());
    let session = Session::get();
    let writes = move || session.has(Role::Admin);
    let state = RwSignal::new(String::new());
    let writing = RwSignal::new(false);
    let found = LocalResource::new(move || {
        let state = state.get().parse::<RecommendationState>().ok();
        async move { api::list_recommendations(state).await }
    });
    view! {
        <div class="container">
            <h1>{t!(i18n, recommendations.title)}</h1>
            <p class="lead">{t!(i18n, recommendations.intro)}</p>
            <Show when=writes>
                <AddButton open=writing controls="recommendation">{t!(i18n, recommendations.write)}</AddButton>
                <Show when=move || writing.get()>
                    <RecommendationForm on_done=move |saved: bool| {
                        writing.set(false);
                        if saved {
                            found.refetch();
                        }
                    } />
                </Show>
                <div class="field narrow-field">
                    <label for="recommendation-state">{t!(i18n, recommendations.state)}</label>
                    <select id="recommendation-state" on:change=move |e| state.set(event_target_value(&e))>
                        <option value="">{t!(i18n, recommendations.all_states)}</option>
                        {RecommendationState::ALL.iter().map(|s| view! { <option value=s.as_str()>{label(*s)}</option> }).collect_view()}
                    </select>
                </div>
            </Show>
            <Transition fallback=move || view! { <Loading>{t!(i18n, recommendations.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="empty-state">{t!(i18n, recommendations.empty)}</p> }.into_any(),
                        Ok(page) => page.items.into_iter().map(|r| view! {
                            <RecommendationEntry recommendation=r on_change=move |()| found.refetch() />
                        }).collect_view().into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// One recommendation, its state, and for the Secretariat the step it may take next.
#[component]
fn RecommendationEntry(recommendation: PolicyRecommendation, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let form = FormState::new(format!("recommendation-{}", recommendation.id));
    let state = recommendation.state;
    let id = StoredValue::new(recommendation.id.clone());
    let next = match state {
        RecommendationState::Published => Some(RecommendationAction::Withdraw),
        RecommendationState::Draft | RecommendationState::Withdrawn => Some(RecommendationAction::Publish),
    }
    .filter(|_| session.has(Role::Admin));
    let act = move |action: RecommendationAction| {
        form.write(async move {
            if form.run(api::move_recommendation(&id.get_value(), action)).await.is_some() {
                on_change.run(());
            }
        });
    };
    view! {
        <div class="recommendation-entry">
            <span class=format!("tag recommendation-state recommendation-{}", state.as_str())>{label(state)}</span>
            <RecommendationCard recommendation=recommendation />
            <FormSummary form=form />
            {next.map(|action| {
                let text = move || match action {
                    RecommendationAction::Publish => t_string!(i18n, recommendations.publish).to_string(),
                    RecommendationAction::Withdraw => t_string!(i18n, recommendations.withdraw).to_string(),
                };
                view! {
                    <button type="button" class=format!("button small recommendation-{}", action.as_str())
                        disabled=move || form.busy() on:click=move |_| act(action)>{text}</button>
                }
            })}
        </div>
    }
}

/// One citation being written: the hub, what of it is cited (`kind:id`), and the note.
#[derive(Clone, Copy)]
struct CitationRow {
    key: usize,
    hub: RwSignal<String>,
    target: RwSignal<String>,
    note: RwSignal<String>,
}

impl CitationRow {
    fn new(key: usize) -> Self {
        Self {
            key,
            hub: RwSignal::new(String::new()),
            target: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
        }
    }

    fn citation(self) -> Option<Citation> {
        let target = self.target.get();
        let (kind, id) = target.split_once(':')?;
        Some(Citation { kind: kind.parse().ok()?, id: id.to_owned(), note: self.note.get() })
    }
}

/// The Secretariat's form: a draft for a policy council, in three languages, citing evidence.
#[component]
fn RecommendationForm(#[prop(into)] on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let references = use_references();
    let form = FormState::new("recommendation");
    let council = RwSignal::new(String::new());
    let [title_en, title_fr, title_es, text_en, text_fr, text_es, event, date] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let rows = RwSignal::new(vec![CitationRow::new(0)]);
    let next_key = StoredValue::new(1_usize);
    let hubs = LocalResource::new(|| async {
        api::list_hubs(&HubQuery { per_page: 100, ..HubQuery::default() })
            .await
            .map(|page| page.items.into_iter().map(|hub| (hub.id, hub.name)).collect::<Vec<_>>())
    });
    let councils = move || -> Vec<(String, Text)> {
        let loaded = references.get().and_then(Result::ok).map(|(_, councils)| councils).unwrap_or_default();
        loaded
            .into_iter()
            .map(|c| {
                let name = c.name.clone();
                (c.id, Signal::derive(move || name.get(lang_of(i18n.get_locale())).to_owned()))
            })
            .collect()
    };
    let on_submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let mut errors = ValidationErrors::default();
        let presented_at = if event.get().trim().is_empty() {
            None
        } else {
            read::date(&mut errors, "presented_at.date", &date.get())
                .map(|date| Presentation { event: event.get(), date })
        };
        let mut citations = Vec::new();
        for (index, row) in rows.get().into_iter().enumerate() {
            match row.citation() {
                Some(citation) => citations.push(citation),
                None => {
                    errors.push(format!("citations[{index}].id"), Invalid::new(Rule::Required, "choose what is cited"))
                }
            }
        }
        let body = NewRecommendation {
            policy_council_id: council.get(),
            title: Localized { en: title_en.get(), fr: title_fr.get(), es: title_es.get() },
            text: Localized { en: text_en.get(), fr: text_fr.get(), es: text_es.get() },
            citations,
            presented_at,
        };
        read::rules(&mut errors, body.validate());
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        form.write(async move {
            if form.run(api::create_recommendation(&body)).await.is_some() {
                on_done.run(true);
            }
        });
    };
    let add_row = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|rows| rows.push(CitationRow::new(key)));
    };
    view! {
        <form class="edit-form recommendation-form" id="recommendation" novalidate on:submit=on_submit>
            <h2>{t!(i18n, recommendations.write)}</h2>
            <FormSummary form=form />
            <div class="form-grid">
                {move || view! {
                    <SelectField form=form name="policy_council_id" label=move || t_string!(i18n, recommendations.council).to_string()
                        value=council choices=councils() empty=move || t_string!(i18n, recommendations.choose).to_string() required=true />
                }}
                <InputField form=form name="title.en" label=move || t_string!(i18n, recommendations.title_en).to_string() value=title_en required=true />
                <InputField form=form name="title.fr" label=move || t_string!(i18n, recommendations.title_fr).to_string() value=title_fr />
                <InputField form=form name="title.es" label=move || t_string!(i18n, recommendations.title_es).to_string() value=title_es />
                <TextAreaField form=form name="text.en" label=move || t_string!(i18n, recommendations.text_en).to_string() value=text_en required=true />
                <TextAreaField form=form name="text.fr" label=move || t_string!(i18n, recommendations.text_fr).to_string() value=text_fr />
                <TextAreaField form=form name="text.es" label=move || t_string!(i18n, recommendations.text_es).to_string() value=text_es />
                <InputField form=form name="presented_at.event" label=move || t_string!(i18n, recommendations.presented_event).to_string() value=event />
                <InputField form=form name="presented_at.date" input_type="date" label=move || t_string!(i18n, recommendations.presented_date).to_string() value=date />
            </div>
            <fieldset class="citations">
                <legend>{t!(i18n, recommendations.evidence)}</legend>
                <p class="hint">{t!(i18n, recommendations.evidence_hint)}</p>
                <Transition fallback=move || view! { <Loading>{t!(i18n, recommendations.loading)}</Loading> }>
                    {move || Suspend::new(async move {
                        match hubs.await {
                            Ok(hubs) => view! {
                                <ol class="citation-rows">
                                    <For each=move || rows.get().into_iter().enumerate() key=|(_, row)| row.key let:((index, row))>
                                        <CitationEditor form=form index=index row=row hubs=hubs.clone() on_remove=move |()| rows.update(|rows| rows.retain(|r| r.key != row.key)) />
                                    </For>
                                </ol>
                            }.into_any(),
                            Err(failure) => view! { <FetchFailed failure=failure retry=move |()| hubs.refetch() /> }.into_any(),
                        }
                    })}
                </Transition>
                <button type="button" class="button small add-citation" on:click=add_row>{t!(i18n, recommendations.add_citation)}</button>
            </fieldset>
            <FormActions form=form on_cancel=move |()| on_done.run(false) />
        </form>
    }
}

/// One citation: a hub, then the hub itself or one of its deliverables, indicators or approved
/// reports, then what it shows.
#[component]
fn CitationEditor(
    form: FormState,
    index: usize,
    row: CitationRow,
    hubs: Vec<(String, String)>,
    #[prop(into)] on_remove: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hub_choices: Vec<(String, Text)> =
        hubs.into_iter().map(|(id, name)| (id, Signal::derive(move || name.clone()))).collect();
    // What of the chosen hub may be cited: itself, its deliverables, its indicators, its approved reports.
    let evidence = LocalResource::new(move || {
        let hub = row.hub.get();
        async move {
            if hub.is_empty() {
                return Ok(Vec::new());
            }
            let deliverables = api::list_deliverables(&hub).await?;
            let indicators = api::list_indicators(&hub).await?;
            let reports = api::list_hub_reports(&hub).await?;
            let mut targets = vec![(EvidenceKind::Hub, hub.clone(), String::new())];
            targets.extend(deliverables.items.into_iter().map(|d| (EvidenceKind::Deliverable, d.id, d.title)));
            targets.extend(indicators.items.into_iter().map(|i| (EvidenceKind::Indicator, i.id, i.name)));
            targets.extend(
                reports
                    .items
                    .into_iter()
                    .filter(|r| r.state == ReportState::Approved)
                    .map(|r| (EvidenceKind::Report, r.id, format!("{} – {}", r.period_start, r.period_end))),
            );
            Ok::<_, api::ApiFailure>(targets)
        }
    });
    let targets = move || -> Vec<(String, Text)> {
        let loaded = evidence.get().and_then(Result::ok).unwrap_or_default();
        loaded
            .into_iter()
            .map(|(kind, id, name)| {
                let value = format!("{}:{id}", kind.as_str());
                let text = Signal::derive(move || match kind {
                    EvidenceKind::Hub => t_string!(i18n, recommendations.the_hub).to_string(),
                    _ => format!("{}: {name}", kind.text(i18n)),
                });
                (value, text)
            })
            .collect()
    };
    // A new hub empties the choice made under the old one.
    Effect::watch(move || row.hub.get(), move |_, _, _| row.target.set(String::new()), false);
    view! {
        <li class="citation-row">
            <RowSelect form=form name=format!("citations[{index}].hub") label=move || t_string!(i18n, recommendations.citation_hub).to_string()
                value=row.hub choices=std::iter::once((String::new(), Signal::derive(move || t_string!(i18n, recommendations.choose).to_string()))).chain(hub_choices).collect() />
            {move || view! {
                <RowSelect form=form name=format!("citations[{index}].id") label=move || t_string!(i18n, recommendations.citation_what).to_string()
                    value=row.target choices=std::iter::once((String::new(), Signal::derive(move || t_string!(i18n, recommendations.choose).to_string()))).chain(targets()).collect() />
            }}
            <RowInput form=form name=format!("citations[{index}].note") label=move || t_string!(i18n, recommendations.citation_note).to_string() value=row.note class="wide" />
            <button type="button" class="button small link remove-citation" on:click=move |_| on_remove.run(())>{t!(i18n, recommendations.remove_citation)}</button>
        </li>
    }
}
