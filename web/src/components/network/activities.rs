//! A hub's activities: events and publications, added and edited by its managers.

use super::*;

/// The hub's events and publications, newest first.
#[component]
pub fn ActivitiesSection(hub_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let form_hub = hub_id.clone();
    let activities = LocalResource::new(move || {
        edits.version();
        let hub_id = hub_id.clone();
        async move { api::list_activities(&hub_id).await }
    });
    let adding = RwSignal::new(false);
    view! {
        <section class="hub-section" aria-labelledby="activities-heading">
            <div class="section-head">
                <h2 id="activities-heading">{t!(i18n, activities.title)}</h2>
                <AddButton open=adding controls="activity-new">{t!(i18n, activity_form.add)}</AddButton>
            </div>
            <Show when=move || adding.get()>
                <ActivityForm hub_id=form_hub.clone() current=None on_done=move |()| adding.set(false) />
            </Show>
            <Transition fallback=move || view! { <Loading>{t!(i18n, activities.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match activities.await {
                        Ok(page) if page.items.is_empty() => {
                            view! { <p class="muted">{t!(i18n, activities.empty)}</p> }.into_any()
                        }
                        Ok(page) => view! {
                            <ol class="deliverable-list">
                                {page.items.into_iter().map(|activity| view! { <ActivityItem activity=activity /> }).collect_view()}
                            </ol>
                        }
                        .into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One activity: its card, or its edit form.
#[component]
pub(crate) fn ActivityItem(activity: Activity) -> impl IntoView {
    let editing = RwSignal::new(false);
    let (id, hub_id) = (activity.id.clone(), activity.hub_id.clone());
    view! {
        <Show
            when=move || editing.get()
            fallback={
                let activity = activity.clone();
                move || view! { <ActivityCard activity=activity.clone() editing=editing /> }
            }
        >
            <li class="deliverable editing">
                {
                    let (id, hub_id) = (id.clone(), hub_id.clone());
                    let current = LocalResource::new(move || {
                        let id = id.clone();
                        async move { api::find_activity(&id).await }
                    });
                    editor(current, move |current| {
                        view! { <ActivityForm hub_id=hub_id.clone() current=Some(current) on_done=move |()| editing.set(false) /> }
                    })
                }
            </li>
        </Show>
    }
}

#[component]
pub(crate) fn ActivityCard(activity: Activity, editing: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let (id, title) = (activity.id.clone(), activity.title.clone());
    let on_delete = move |()| {
        let (id, title) = (id.clone(), title.clone());
        edits.send(
            async move { api::delete_activity(&id).await },
            t_string!(i18n, form.deleted, name = title).to_string(),
        );
    };
    let venice =
        activity.venice_edition.map(|year| move || t_string!(i18n, activities.venice, year = year).to_string());
    view! {
        <li class="deliverable">
            <div class="deliverable-when">{activity.date.to_string()}</div>
            <div class="deliverable-body">
                <h3>{activity.title.clone()}</h3>
                <p class="deliverable-meta">
                    <span class="tag">{label(activity.kind)}</span>
                    {activity.place.clone().map(|place| view! { <span class="muted">{place}</span> })}
                    {venice.map(|label| view! { <span class="tag tag-on-time">{label}</span> })}
                    {activity.url.clone().map(|url| view! { <a href=url rel="external noopener">{t!(i18n, activities.link)}</a> })}
                </p>
                {(!activity.description.is_empty()).then(|| view! { <p>{activity.description.clone()}</p> })}
                <ItemActions name=activity.title.clone() on_edit=Callback::new(move |()| editing.set(true)) on_delete=on_delete />
            </div>
        </li>
    }
}

/// Adds an activity to the hub, or edits `current`.
#[component]
pub(crate) fn ActivityForm(
    hub_id: String,
    current: Option<Versioned<Activity>>,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let existing = current.as_ref().map(|c| &c.value);
    let prefix = existing.map_or_else(|| "activity-new".to_owned(), |a| format!("activity-{}", a.id));
    let form = FormState::new(prefix.clone());
    let kind = RwSignal::new(existing.map_or(ActivityKind::Event, |a| a.kind).as_str().to_owned());
    let title = RwSignal::new(existing.map(|a| a.title.clone()).unwrap_or_default());
    let description = RwSignal::new(existing.map(|a| a.description.clone()).unwrap_or_default());
    let date = RwSignal::new(existing.map(|a| a.date.to_string()).unwrap_or_default());
    let place = RwSignal::new(existing.and_then(|a| a.place.clone()).unwrap_or_default());
    let url = RwSignal::new(existing.and_then(|a| a.url.clone()).unwrap_or_default());
    let venice_edition =
        RwSignal::new(existing.and_then(|a| a.venice_edition).map(|y| y.to_string()).unwrap_or_default());
    let is_edit = current.is_some();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = ValidationErrors::default();
        let kind = read::choice::<ActivityKind>(&mut errors, "kind", &kind.get());
        let date = read::date(&mut errors, "date", &date.get());
        let venice = read::optional_integer(&mut errors, "venice_edition", &venice_edition.get());
        let Some(kind) = kind else {
            return form.refuse(errors);
        };
        let today = chrono::Utc::now().date_naive();
        let new = NewActivity {
            kind,
            title: title.get(),
            description: description.get(),
            date: date.unwrap_or(today),
            place: read::optional_text(&place.get()),
            url: read::optional_text(&url.get()),
            venice_edition: venice,
        };
        read::rules(&mut errors, new.validate(today));
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        let (hub_id, current) = (hub_id.clone(), current.clone());
        form.write(async move {
            let saved = match &current {
                None => form.run(api::create_activity(&hub_id, &new)).await,
                Some(current) => {
                    let patch = ActivityPatch::from(new);
                    form.run(api::update_activity(&current.value.id, &patch, current.etag.as_deref())).await
                }
            };
            if let Some(saved) = saved {
                edits.changed(t_string!(i18n, form.saved, name = saved.title).to_string());
                on_done.run(());
            }
        });
    };
    let kinds = choices(ActivityKind::ALL, ActivityKind::as_str, |k| Signal::derive(label(k)));
    view! {
        <form class="edit-form" id=prefix novalidate on:submit=on_submit>
            <h3>
                {move || if is_edit {
                    t_string!(i18n, activity_form.heading_edit).to_string()
                } else {
                    t_string!(i18n, activity_form.heading_new).to_string()
                }}
            </h3>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="title" label=move || t_string!(i18n, activity_form.title).to_string() value=title required=true />
                <SelectField form=form name="kind" label=move || t_string!(i18n, activity_form.kind).to_string() value=kind choices=kinds required=true />
                <InputField form=form name="date" input_type="date" label=move || t_string!(i18n, activity_form.date).to_string() value=date required=true />
                <InputField
                    form=form
                    name="place"
                    label=move || t_string!(i18n, activity_form.place).to_string()
                    value=place
                    hint=Signal::derive(move || t_string!(i18n, activity_form.place_hint).to_string())
                />
                <InputField form=form name="url" input_type="url" label=move || t_string!(i18n, activity_form.url).to_string() value=url />
                <InputField form=form name="venice_edition" input_type="number" label=move || t_string!(i18n, activity_form.venice_edition).to_string() value=venice_edition />
                <TextAreaField form=form name="description" label=move || t_string!(i18n, activity_form.description).to_string() value=description />
            </div>
            <FormActions form=form on_cancel=on_done />
        </form>
    }
}
