//! `/calls` and `/calls/:id`: the calls for proposals, public, and where a manager starts a proposal.

use l4a_shared::account::Role;
use l4a_shared::call::{Call, CallState, NewCall};
use l4a_shared::proposal::NewProposal;
use l4a_shared::sdg::Localized;
use l4a_shared::validation::ValidationErrors;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api;
use crate::components::feedback::{ErrorPanel, Loading};
use crate::components::form::{
    AddButton, FormActions, FormState, FormSummary, InputField, TextAreaField, Writes, read,
};
use crate::components::layout::set_page_title;
use crate::components::sdg::SdgBadge;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::{label, lang_of};
use crate::session::Session;

/// A text in the interface language, English standing in for a missing translation.
pub fn localized(text: &Localized) -> impl Fn() -> String + Send + Sync + 'static + use<> {
    let i18n = use_i18n();
    let text = text.clone();
    move || {
        let wanted = text.get(lang_of(i18n.get_locale()));
        if wanted.trim().is_empty() { text.en.clone() } else { wanted.to_owned() }
    }
}

fn dates(call: &Call) -> impl Fn() -> String + Send + Sync + 'static + use<> {
    let i18n = use_i18n();
    let (opens, closes) = (call.opens_on.to_string(), call.closes_on.to_string());
    move || t_string!(i18n, calls.dates, opens = opens.clone(), closes = closes.clone()).to_string()
}

/// Where a manager starts a proposal under an open call, for one of their organisations.
#[component]
fn ProposeButton(call_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let navigate = use_navigate();
    let organisations = move || session.me().map(|me| me.organisations).unwrap_or_default();
    let chosen = RwSignal::new(organisations().first().map(|o| o.id.clone()).unwrap_or_default());
    let failure = RwSignal::new(None);
    let writes = Writes::new();
    let propose = move |_| {
        let (call_id, navigate) = (call_id.clone(), navigate.clone());
        let new = NewProposal {
            organisation_id: chosen.get(),
            title: String::new(),
            summary: String::new(),
            description: String::new(),
            partner_organisation_ids: Vec::new(),
            sdgs: Vec::new(),
            sdg_targets: Vec::new(),
            manifestos: Vec::new(),
            modality: None,
            planned_start: None,
            planned_end: None,
            planned_deliverables: Vec::new(),
            planned_stakeholders: Vec::new(),
            planned_indicators: Vec::new(),
            participatory_process: String::new(),
            communication_strategy: String::new(),
            brand_commitment: false,
        };
        writes.send(async move {
            match api::create_proposal(&call_id, &new).await {
                Ok(created) => navigate(&format!("/proposals/{}/edit", created.id), Default::default()),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    if !session.has(Role::Manager) || organisations().is_empty() {
        return view! { <p class="muted">{t!(i18n, calls.sign_in_to_propose)}</p> }.into_any();
    }
    view! {
        {move || failure.get().map(|failure| view! { <ErrorPanel failure=failure /> })}
        <div class="propose">
            <label for="propose-organisation">{t!(i18n, calls.organisation)}</label>
            <select id="propose-organisation" on:change=move |e| chosen.set(event_target_value(&e)) prop:value=move || chosen.get()>
                {organisations().into_iter().map(|o| view! { <option value=o.id.clone()>{o.name}</option> }).collect_view()}
            </select>
            <button type="button" class="button primary propose-button" disabled=move || writes.pending() on:click=propose>{t!(i18n, calls.propose)}</button>
        </div>
    }
    .into_any()
}

/// The Secretariat's form to open a call.
#[component]
fn CallForm(#[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("call-new");
    let (title_en, title_fr, title_es) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (description_en, description_fr, description_es) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (opens_on, closes_on, sdgs) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let on_submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let mut errors = ValidationErrors::default();
        let opens = read::date(&mut errors, "opens_on", &opens_on.get());
        let closes = read::date(&mut errors, "closes_on", &closes_on.get());
        let today = chrono::Utc::now().date_naive();
        let new = NewCall {
            title: Localized { en: title_en.get(), fr: title_fr.get(), es: title_es.get() },
            description: Localized { en: description_en.get(), fr: description_fr.get(), es: description_es.get() },
            opens_on: opens.unwrap_or(today),
            closes_on: closes.or(opens).unwrap_or(today),
            sdgs: sdgs.get().split(',').filter_map(|g| g.trim().parse().ok()).collect(),
            manifestos: Vec::new(),
        };
        read::rules(&mut errors, new.validate());
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        form.write(async move {
            if form.run(api::create_call(&new)).await.is_some() {
                on_done.run(());
            }
        });
    };
    let text = move |key: &'static str| match key {
        "title" => t_string!(i18n, calls.form_title).to_string(),
        "description" => t_string!(i18n, calls.form_description).to_string(),
        _ => String::new(),
    };
    view! {
        <form class="edit-form" id="call-new" novalidate on:submit=on_submit>
            <h2>{t!(i18n, calls.open_a_call)}</h2>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="title.en" label=move || format!("{} (English)", text("title")) value=title_en required=true />
                <InputField form=form name="title.fr" label=move || format!("{} (français)", text("title")) value=title_fr />
                <InputField form=form name="title.es" label=move || format!("{} (español)", text("title")) value=title_es />
                <InputField form=form name="opens_on" input_type="date" label=move || t_string!(i18n, calls.form_opens).to_string() value=opens_on required=true />
                <InputField form=form name="closes_on" input_type="date" label=move || t_string!(i18n, calls.form_closes).to_string() value=closes_on required=true />
                <InputField form=form name="sdgs" label=move || t_string!(i18n, proposals.sdgs).to_string() value=sdgs />
                <TextAreaField form=form name="description.en" label=move || format!("{} (English)", text("description")) value=description_en required=true />
                <TextAreaField form=form name="description.fr" label=move || format!("{} (français)", text("description")) value=description_fr />
                <TextAreaField form=form name="description.es" label=move || format!("{} (español)", text("description")) value=description_es />
            </div>
            <FormActions form=form on_cancel=on_done />
        </form>
    }
}

/// `/calls`.
#[component]
pub fn Calls() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    set_page_title(move || t_string!(i18n, calls.title).to_string());
    let version = RwSignal::new(0u32);
    let calls = LocalResource::new(move || {
        version.get();
        api::list_calls(None)
    });
    let adding = RwSignal::new(false);
    view! {
        <div class="container">
            <div class="section-head">
                <h1>{t!(i18n, calls.title)}</h1>
                <Show when=move || session.has(Role::Admin)>
                    <AddButton open=adding controls="call-new">{t!(i18n, calls.open_a_call)}</AddButton>
                </Show>
            </div>
            <p class="muted">{t!(i18n, calls.intro)}</p>
            <Show when=move || adding.get()>
                <CallForm on_done=move |()| {
                    adding.set(false);
                    version.update(|v| *v += 1);
                } />
            </Show>
            <Transition fallback=move || view! { <Loading>{t!(i18n, calls.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match calls.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="empty-state">{t!(i18n, calls.empty)}</p> }.into_any(),
                        Ok(page) => view! {
                            <ul class="call-list">
                                {page.items.into_iter().map(|call| {
                                    let title = localized(&call.title);
                                    view! {
                                        <li class="call-card">
                                            <span class=format!("tag call-{}", call.state.as_str())>{label(call.state)}</span>
                                            <h2><A href=format!("/calls/{}", call.id)>{title}</A></h2>
                                            <p class="muted">{dates(&call)}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// `/calls/:id`.
#[component]
pub fn CallPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let call = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::find_call(&id).await }
    });
    view! {
        <div class="container narrow">
            <p class="breadcrumb"><A href="/calls">{t!(i18n, calls.title)}</A></p>
            <Transition fallback=move || view! { <Loading>{t!(i18n, calls.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match call.await {
                        Ok(call) => view! { <CallDetails call=call /> }.into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn CallDetails(call: Call) -> impl IntoView {
    let i18n = use_i18n();
    let title = localized(&call.title);
    let description = localized(&call.description);
    set_page_title(localized(&call.title));
    let open = call.state == CallState::Open;
    let call_id = call.id.clone();
    view! {
        <article class="call-page">
            <span class=format!("tag call-{}", call.state.as_str())>{label(call.state)}</span>
            <h1>{title}</h1>
            <p class="muted">{dates(&call)}</p>
            {description().split("\n\n").map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}
            <Show when={
                let empty = call.sdgs.is_empty() && call.manifestos.is_empty();
                move || !empty
            }>
                <h2>{t!(i18n, calls.focus)}</h2>
                <ul class="sdg-list">{call.sdgs.iter().map(|&goal| view! { <li><SdgBadge number=goal named=true /></li> }).collect_view()}</ul>
            </Show>
            <Show when=move || open>
                <ProposeButton call_id=call_id.clone() />
            </Show>
        </article>
    }
}
