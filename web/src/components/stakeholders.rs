//! A hub's stakeholders: who is involved, in what role, and who helped set the success criteria.

use l4a_shared::stakeholder::{
    NewStakeholder, Stakeholder, StakeholderKind, StakeholderPatch, StakeholderRole, StakeholderView,
};
use l4a_shared::validation::ValidationErrors;
use leptos::prelude::*;

use crate::api::{self, Versioned};
use crate::components::edits::HubEdits;
use crate::components::feedback::{ErrorPanel, Loading};
use crate::components::form::{
    AddButton, CheckboxField, FormActions, FormState, FormSummary, InputField, ItemActions, SelectField, choices,
    editor, read,
};
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::label;

/// The stakeholders section of a hub's page.
#[component]
pub fn StakeholdersSection(hub_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let stakeholders = {
        let hub_id = hub_id.clone();
        LocalResource::new(move || {
            edits.version();
            let hub_id = hub_id.clone();
            async move { api::list_stakeholders(&hub_id).await }
        })
    };
    let adding = RwSignal::new(false);
    let form_hub = hub_id.clone();
    view! {
        <section class="hub-section" aria-labelledby="stakeholders-heading">
            <div class="section-head">
                <h2 id="stakeholders-heading">{t!(i18n, stakeholders.title)}</h2>
                <AddButton open=adding controls="stakeholder-new">{t!(i18n, stakeholder_form.add)}</AddButton>
            </div>
            <Show when=move || adding.get()>
                <StakeholderForm hub_id=form_hub.clone() current=None on_done=move |()| adding.set(false) />
            </Show>
            <Transition fallback=move || view! { <Loading>{t!(i18n, stakeholders.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match stakeholders.await {
                        Ok(page) if page.items.is_empty() => {
                            view! { <p class="muted">{t!(i18n, stakeholders.empty)}</p> }.into_any()
                        }
                        Ok(page) => view! { <Stakeholders items=page.items /> }.into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Stakeholders(items: Vec<StakeholderView>) -> impl IntoView {
    let i18n = use_i18n();
    let total = items.len();
    let criteria = items.iter().filter(|s| s.public().took_part_in_criteria).count();
    let summary = move || t_string!(i18n, stakeholders.summary, criteria = criteria, total = total).to_string();
    view! {
        <p class="section-summary">{summary}</p>
        <ul class="stakeholder-list">
            {items.into_iter().map(|stakeholder| view! { <StakeholderItem stakeholder=stakeholder /> }).collect_view()}
        </ul>
    }
}

/// One stakeholder: its card, or its edit form.
#[component]
fn StakeholderItem(stakeholder: StakeholderView) -> impl IntoView {
    let editing = RwSignal::new(false);
    let public = stakeholder.public().clone();
    view! {
        <Show
            when=move || editing.get()
            fallback={
                let public = public.clone();
                move || view! { <StakeholderCard stakeholder=public.clone() editing=editing /> }
            }
        >
            <li class="stakeholder editing">
                {
                    let (id, hub_id) = (public.id.clone(), public.hub_id.clone());
                    let current = LocalResource::new(move || {
                        let id = id.clone();
                        async move { api::find_stakeholder(&id).await }
                    });
                    editor(current, move |current| {
                        view! { <StakeholderForm hub_id=hub_id.clone() current=Some(current) on_done=move |()| editing.set(false) /> }
                    })
                }
            </li>
        </Show>
    }
}

#[component]
fn StakeholderCard(stakeholder: Stakeholder, editing: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let took_part = stakeholder.took_part_in_criteria;
    let (id, name) = (stakeholder.id.clone(), stakeholder.name.clone());
    let on_delete = move |()| {
        let (id, name) = (id.clone(), name.clone());
        edits.send(
            async move { api::delete_stakeholder(&id).await },
            t_string!(i18n, form.deleted, name = name).to_string(),
        );
    };
    view! {
        <li class="stakeholder">
            <h3>{stakeholder.name.clone()}</h3>
            <p class="deliverable-meta">
                <span class="tag">{label(stakeholder.role)}</span>
                <span class="tag">{label(stakeholder.kind)}</span>
                <Show when=move || took_part>
                    <span class="tag tag-on-time">{t!(i18n, stakeholders.criteria)}</span>
                </Show>
            </p>
            <ItemActions name=stakeholder.name.clone() on_edit=Callback::new(move |()| editing.set(true)) on_delete=on_delete />
        </li>
    }
}

/// Adds a stakeholder to the hub, or edits `current`. Contact details are private: they are shown
/// and sent only when the caller could read them, so that an edit never erases what it did not see.
#[component]
fn StakeholderForm(
    hub_id: String,
    current: Option<Versioned<StakeholderView>>,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let existing = current.as_ref().map(|c| c.value.public());
    let prefix = existing.map_or_else(|| "stakeholder-new".to_owned(), |s| format!("stakeholder-{}", s.id));
    let form = FormState::new(prefix.clone());
    let contact = match current.as_ref().map(|c| &c.value) {
        None => Some((None, None)),
        Some(StakeholderView::Private(private)) => Some((private.contact_email.clone(), private.contact_phone.clone())),
        Some(StakeholderView::Public(_)) => None,
    };
    let shows_contact = contact.is_some();
    let (email, phone) = contact.unwrap_or_default();
    let name = RwSignal::new(existing.map(|s| s.name.clone()).unwrap_or_default());
    let kind = RwSignal::new(existing.map_or(StakeholderKind::CivilSociety, |s| s.kind).as_str().to_owned());
    let role = RwSignal::new(existing.map_or(StakeholderRole::Partner, |s| s.role).as_str().to_owned());
    let took_part = RwSignal::new(existing.is_some_and(|s| s.took_part_in_criteria));
    let contact_email = RwSignal::new(email.unwrap_or_default());
    let contact_phone = RwSignal::new(phone.unwrap_or_default());
    let is_edit = current.is_some();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = ValidationErrors::default();
        let kind = read::choice::<StakeholderKind>(&mut errors, "kind", &kind.get());
        let role = read::choice::<StakeholderRole>(&mut errors, "role", &role.get());
        let (Some(kind), Some(role)) = (kind, role) else {
            return form.refuse(errors);
        };
        let new = NewStakeholder {
            name: name.get(),
            kind,
            role,
            took_part_in_criteria: took_part.get(),
            contact_email: read::optional_text(&contact_email.get()),
            contact_phone: read::optional_text(&contact_phone.get()),
        };
        read::rules(&mut errors, new.validate());
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        let (hub_id, current) = (hub_id.clone(), current.clone());
        form.write(async move {
            let saved = match &current {
                None => form.run(api::create_stakeholder(&hub_id, &new)).await,
                Some(current) => {
                    let mut patch = StakeholderPatch::from(new);
                    if !shows_contact {
                        (patch.contact_email, patch.contact_phone) = (None, None);
                    }
                    let id = current.value.public().id.clone();
                    form.run(api::update_stakeholder(&id, &patch, current.etag.as_deref())).await
                }
            };
            if let Some(saved) = saved {
                edits.changed(t_string!(i18n, form.saved, name = saved.public().name.clone()).to_string());
                on_done.run(());
            }
        });
    };
    let kinds = choices(StakeholderKind::ALL, StakeholderKind::as_str, |k| Signal::derive(label(k)));
    let roles = choices(StakeholderRole::ALL, StakeholderRole::as_str, |r| Signal::derive(label(r)));
    view! {
        <form class="edit-form" id=prefix novalidate on:submit=on_submit>
            <h3>
                {move || if is_edit {
                    t_string!(i18n, stakeholder_form.heading_edit).to_string()
                } else {
                    t_string!(i18n, stakeholder_form.heading_new).to_string()
                }}
            </h3>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="name" label=move || t_string!(i18n, stakeholder_form.name).to_string() value=name required=true />
                <SelectField form=form name="kind" label=move || t_string!(i18n, stakeholder_form.kind).to_string() value=kind choices=kinds required=true />
                <SelectField form=form name="role" label=move || t_string!(i18n, stakeholder_form.role).to_string() value=role choices=roles required=true />
                <CheckboxField form=form name="took_part_in_criteria" label=move || t_string!(i18n, stakeholder_form.took_part).to_string() value=took_part />
                <Show when=move || shows_contact>
                    <InputField
                        form=form
                        name="contact_email"
                        input_type="email"
                        label=move || t_string!(i18n, stakeholder_form.contact_email).to_string()
                        value=contact_email
                        hint=Signal::derive(move || t_string!(i18n, stakeholder_form.private_hint).to_string())
                    />
                    <InputField form=form name="contact_phone" input_type="tel" label=move || t_string!(i18n, stakeholder_form.contact_phone).to_string() value=contact_phone />
                </Show>
            </div>
            <FormActions form=form on_cancel=on_done />
        </form>
    }
}
