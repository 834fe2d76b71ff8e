//! A hub's page: what it does, who leads it, where, when, and the goals it serves.

use l4a_shared::hub::{Hub, HubPatch, Modality};
use l4a_shared::sdg::SdgTaxonomy;
use l4a_shared::validation::ValidationErrors;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, Versioned};
use crate::components::deliverables::DeliverablesSection;
use crate::components::edits::{EditNotice, HubEdits};
use crate::components::feedback::{ErrorPanel, FetchFailed, Loading};
use crate::components::form::{
    AddButton, FormActions, FormState, FormSummary, InputField, SelectField, TextAreaField, choices, editor, read,
};
use crate::components::indicators::IndicatorsSection;
use crate::components::labels::{ReportingBadge, StatusBadge};
use crate::components::layout::set_page_title;
use crate::components::network::{ActivitiesSection, ConnectionsSection};
use crate::components::open_data::OpenDataLinks;
use crate::components::recommendations::RecommendationsSection;
use crate::components::sdg::SdgBadge;
use crate::components::sdg::use_sdgs;
use crate::components::stakeholders::StakeholdersSection;
use crate::components::tags::HubTags;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::{country_name, label};
use crate::pages::reports::ReportsSection;
use crate::session::Session;

/// `/hubs/:slug`.
#[component]
pub fn HubPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let resource = LocalResource::new(move || {
        let slug = slug();
        async move { api::find_hub(&slug).await }
    });
    view! {
        <div class="container">
            <p class="breadcrumb">
                <A href="/">{t!(i18n, hub.back)}</A>
            </p>
            <Transition fallback=move || view! { <Loading>{t!(i18n, hub.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match resource.await {
                        Ok(hub) => view! { <HubDetails hub=hub on_change=move |()| resource.refetch() /> }.into_any(),
                        Err(failure) if failure.is_not_found() => view! { <HubNotFound /> }.into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn HubDetails(hub: Hub, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let (start, end) = (hub.start_date.to_string(), hub.end_date.to_string());
    let period = move || {
        let (start, end) = (start.clone(), end.clone());
        t!(i18n, hub.from_to, start = move || start.clone(), end = move || end.clone())
    };
    let lead_country = country_name(hub.lead_organisation.country.clone());
    let where_ = {
        let country = country_name(hub.country.clone());
        let city = hub.city.clone();
        move || match &city {
            Some(city) => format!("{city}, {}", country()),
            None => country(),
        }
    };
    let editing = RwSignal::new(false);
    let hub_id = StoredValue::new(hub.id.clone());
    let session = Session::get();
    let can_edit = {
        let hub = hub.clone();
        Signal::derive(move || session.may_manage(&hub))
    };
    let edits = HubEdits::provide(can_edit);
    // The figures shown first come with the hub; after an edit they are read again.
    let refreshed = {
        let hub_id = hub.id.clone();
        LocalResource::new(move || {
            let (version, hub_id) = (edits.version(), hub_id.clone());
            async move { if version == 0 { None } else { Some(api::find_hub(&hub_id).await.map(|hub| hub.figures)) } }
        })
    };
    let initial = StoredValue::new(hub.figures.clone());
    // A failed refresh keeps the figures last read, and says so.
    let figures = move || refreshed.get().flatten().and_then(Result::ok).unwrap_or_else(|| initial.get_value());
    let refresh_failed = move || refreshed.get().flatten().and_then(Result::err);
    let deliverables_figure = move || {
        let figures = figures();
        t_string!(
            i18n,
            figures.deliverables,
            delivered = figures.deliverables_delivered,
            total = figures.deliverables_total,
            late = figures.deliverables_late
        )
        .to_string()
    };
    let indicators_figure = move || {
        let figures = figures();
        t_string!(i18n, figures.indicators, on_track = figures.indicators_on_track, total = figures.indicators_total)
            .to_string()
    };
    let connections_figure =
        move || t_string!(i18n, figures.connections, count = figures().synchronization_degree).to_string();
    let reporting_status = move || figures().reporting_status;
    let partners = hub.partner_organisations.clone();
    let has_partners = !partners.is_empty();
    let name = hub.name.clone();
    set_page_title(move || name.clone());
    let resources = (!hub.resources.trim().is_empty()).then(|| hub.resources.clone());
    let paragraphs: Vec<String> =
        hub.description.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect();
    view! {
        <article class="hub-page">
            <header class="hub-header">
                <StatusBadge status=hub.status />
                <h1>{hub.name.clone()}</h1>
                <p class="lead">{hub.summary.clone()}</p>
                <AddButton open=editing controls="hub-edit">{t!(i18n, hub_form.edit)}</AddButton>
            </header>
            <Show when=move || editing.get()>
                {
                    let id = hub_id.get_value();
                    let current = LocalResource::new(move || {
                        let id = id.clone();
                        async move { api::find_hub_versioned(&id).await }
                    });
                    editor(current, move |current| view! {
                        <HubForm current=current on_done=move |saved: bool| {
                            editing.set(false);
                            if saved {
                                on_change.run(());
                            }
                        } />
                    })
                }
            </Show>
            <div class="hub-layout">
                <section class="hub-about" aria-labelledby="about-heading">
                    <h2 id="about-heading">{t!(i18n, hub.about)}</h2>
                    {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                    <h2>{t!(i18n, hub.sdgs)}</h2>
                    <ul class="sdg-list">
                        {hub.sdgs.iter().map(|&goal| view! { <li><SdgBadge number=goal named=true /></li> }).collect_view()}
                    </ul>
                    <HubTags hub=hub.clone() />
                </section>
                <aside class="hub-facts">
                    <dl>
                        <dt>{t!(i18n, hub.lead)}</dt>
                        <dd>
                            {hub.lead_organisation.name.clone()}
                            <br />
                            <span class="muted">
                                {label(hub.lead_organisation.kind)} " · " {lead_country} " · " {label(hub.lead_organisation.region)}
                            </span>
                        </dd>
                        <Show when=move || has_partners>
                            <dt>{t!(i18n, hub.partners)}</dt>
                            <dd>
                                <ul class="partner-list">
                                    {partners.clone().into_iter().map(|partner| view! {
                                        <li>{partner.name}" "<span class="muted">"(" {label(partner.kind)} ")"</span></li>
                                    }).collect_view()}
                                </ul>
                            </dd>
                        </Show>
                        <dt>{t!(i18n, hub.location)}</dt>
                        <dd>{where_}</dd>
                        <dt>{t!(i18n, hub.period)}</dt>
                        <dd>{period}</dd>
                        <dt>{t!(i18n, hub.modality)}</dt>
                        <dd>{label(hub.modality)}</dd>
                        {resources.map(|resources| view! {
                            <dt>{t!(i18n, hub.resources)}</dt>
                            <dd class="hub-resources">{resources}</dd>
                        })}
                        <dt>{t!(i18n, figures.reporting)}</dt>
                        <dd class="hub-figures">
                            {move || view! { <ReportingBadge status=reporting_status() /> }}
                            <span>{deliverables_figure}</span>
                            <span>{indicators_figure}</span>
                            <span>{connections_figure}</span>
                            {move || refresh_failed().map(|failure| view! { <FetchFailed failure=failure retry=move |()| refreshed.refetch() /> })}
                        </dd>
                    </dl>
                </aside>
            </div>
            <IndicatorsSection hub=hub.clone() />
            <DeliverablesSection hub=hub.clone() />
            <StakeholdersSection hub_id=hub.id.clone() />
            <ConnectionsSection hub_id=hub.id.clone() />
            <ActivitiesSection hub_id=hub.id.clone() />
            <ReportsSection hub=hub.clone() />
            <RecommendationsSection hub_id=hub.id.clone() />
            <OpenDataLinks hub_id=hub.id.clone() />
            <EditNotice />
        </article>
    }
}

#[component]
fn HubNotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="empty-state">
            <h1>{t!(i18n, hub.not_found_title)}</h1>
            <p>{t!(i18n, hub.not_found_body)}</p>
            <A href="/" attr:class="button">{t!(i18n, not_found.home)}</A>
        </section>
    }
}

/// Edits a hub's own fields (its managers and the Secretariat; the status and the lead stay
/// the Secretariat's, so the form leaves them out).
#[component]
fn HubForm(current: Versioned<Hub>, #[prop(into)] on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let sdgs = use_sdgs();
    let form = FormState::new("hub-edit");
    let hub = current.value.clone();
    let name = RwSignal::new(hub.name.clone());
    let summary = RwSignal::new(hub.summary.clone());
    let description = RwSignal::new(hub.description.clone());
    let resources = RwSignal::new(hub.resources.clone());
    let city = RwSignal::new(hub.city.clone().unwrap_or_default());
    let modality = RwSignal::new(hub.modality.as_str().to_owned());
    let goals = RwSignal::new(hub.sdgs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "));
    let start = RwSignal::new(hub.start_date.to_string());
    let end = RwSignal::new(hub.end_date.to_string());
    let current = StoredValue::new(current);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = ValidationErrors::default();
        let start_date = read::date(&mut errors, "start_date", &start.get());
        let end_date = read::date(&mut errors, "end_date", &end.get());
        let patch = HubPatch {
            name: Some(name.get()),
            summary: Some(summary.get()),
            description: Some(description.get()),
            resources: Some(resources.get()),
            city: Some(read::optional_text(&city.get())),
            modality: modality.get().parse().ok(),
            sdgs: Some(goals.get().split(',').filter_map(|g| g.trim().parse().ok()).collect()),
            start_date,
            end_date,
            ..HubPatch::default()
        };
        let taxonomy = sdgs.0.get().and_then(Result::ok).map(|goals| SdgTaxonomy {
            source: String::new(),
            licence: String::new(),
            goals,
        });
        if let Some(taxonomy) = &taxonomy {
            read::rules(&mut errors, patch.clone().apply_to(&current.get_value().value).validate(taxonomy));
        }
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        form.write(async move {
            let current = current.get_value();
            if form.run(api::update_hub(&current.value.id, &patch, current.etag.as_deref())).await.is_some() {
                on_done.run(true);
            }
        });
    };
    let modalities = choices(Modality::ALL, Modality::as_str, |m| Signal::derive(label(m)));
    view! {
        <form class="edit-form" id="hub-edit" novalidate on:submit=on_submit>
            <h2>{t!(i18n, hub_form.edit)}</h2>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="name" label=move || t_string!(i18n, hub_form.name).to_string() value=name required=true />
                <InputField form=form name="city" label=move || t_string!(i18n, hub_form.city).to_string() value=city />
                <SelectField form=form name="modality" label=move || t_string!(i18n, hub.modality).to_string() value=modality choices=modalities required=true />
                <InputField form=form name="sdgs" label=move || t_string!(i18n, proposals.sdgs).to_string() value=goals required=true />
                <InputField form=form name="start_date" input_type="date" label=move || t_string!(i18n, hub_form.start).to_string() value=start required=true />
                <InputField form=form name="end_date" input_type="date" label=move || t_string!(i18n, hub_form.end).to_string() value=end required=true />
                <TextAreaField form=form name="summary" label=move || t_string!(i18n, proposals.summary).to_string() value=summary required=true />
                <TextAreaField form=form name="description" label=move || t_string!(i18n, proposals.description).to_string() value=description />
                <TextAreaField form=form name="resources" label=move || t_string!(i18n, hub_form.resources).to_string() value=resources />
            </div>
            <FormActions form=form on_cancel=move |()| on_done.run(false) />
        </form>
    }
}
