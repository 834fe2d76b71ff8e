//! A hub's connections with other hubs: listed, requested, answered and removed.

use super::*;

/// The hubs this hub is connected to, whichever end recorded the link.
#[component]
pub fn ConnectionsSection(hub_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let this_hub = hub_id.clone();
    let form_hub = hub_id.clone();
    let connections = LocalResource::new(move || {
        edits.version();
        let hub_id = hub_id.clone();
        async move { api::list_connections(&hub_id).await }
    });
    let adding = RwSignal::new(false);
    view! {
        <section class="hub-section" aria-labelledby="connections-heading">
            <div class="section-head">
                <h2 id="connections-heading">{t!(i18n, connections.title)}</h2>
                <AddButton open=adding controls="connection-new">{t!(i18n, connection_form.add)}</AddButton>
            </div>
            <Show when=move || adding.get()>
                <ConnectionForm hub_id=form_hub.clone() on_done=move |()| adding.set(false) />
            </Show>
            <Transition fallback=move || view! { <Loading>{t!(i18n, connections.loading)}</Loading> }>
                {
                    let this_hub = this_hub.clone();
                    move || {
                        let this_hub = this_hub.clone();
                        Suspend::new(async move {
                            match connections.await {
                                Ok(page) if page.items.is_empty() => {
                                    view! { <p class="muted">{t!(i18n, connections.empty)}</p> }.into_any()
                                }
                                Ok(page) => view! {
                                    <ul class="connection-list">
                                        {page
                                            .items
                                            .into_iter()
                                            .map(|connection| view! { <ConnectionItem connection=connection this_hub=this_hub.clone() /> })
                                            .collect_view()}
                                    </ul>
                                }
                                .into_any(),
                                Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                            }
                        })
                    }
                }
            </Transition>
        </section>
    }
}

#[component]
pub(crate) fn ConnectionItem(connection: Connection, this_hub: String) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let other = if connection.hub.id == this_hub { connection.other_hub.clone() } else { connection.hub.clone() };
    let (id, name, link_text) = (connection.id.clone(), other.name.clone(), other.name.clone());
    let on_delete = move |()| {
        let (id, name) = (id.clone(), name.clone());
        edits.send(
            async move { api::delete_connection(&id).await },
            t_string!(i18n, form.deleted, name = name).to_string(),
        );
    };
    // A request is answered by the hub that was asked, on its own page.
    let asked_here = connection.state == ConnectionState::Requested && connection.other_hub_id == this_hub;
    let state_note = match connection.state {
        ConnectionState::Accepted => None,
        ConnectionState::Requested if asked_here => Some(t_string!(i18n, connections.asks_us).to_string()),
        ConnectionState::Requested => Some(t_string!(i18n, connections.awaiting).to_string()),
        ConnectionState::Declined => Some(t_string!(i18n, connections.declined).to_string()),
    };
    let answer = {
        let (id, name) = (connection.id.clone(), other.name.clone());
        move |outcome: ConnectionOutcome| {
            let (id, name) = (id.clone(), name.clone());
            edits.send(
                async move { api::decide_connection(&id, &ConnectionDecision { outcome }).await },
                t_string!(i18n, form.saved, name = name).to_string(),
            );
        }
    };
    let decline = answer.clone();
    view! {
        <li class="connection" class:connection-pending=move || state_note.is_some()>
            <span class="tag">{label(connection.kind)}</span>
            <A href=format!("/hubs/{}", other.slug)>{link_text}</A>
            {state_note.clone().map(|note| view! { <span class="tag tag-muted connection-state">{note}</span> })}
            <ItemActions name=other.name on_edit=None on_delete=on_delete />
            {(asked_here && edits.can_edit()).then(|| view! {
                <div class="item-actions connection-answer">
                    <button type="button" class="button small accept-connection" on:click=move |_| answer(ConnectionOutcome::Accept)>
                        {t!(i18n, connections.accept)}
                    </button>
                    <button type="button" class="button small secondary decline-connection" on:click=move |_| decline(ConnectionOutcome::Decline)>
                        {t!(i18n, connections.decline)}
                    </button>
                </div>
            })}
            {(!connection.description.is_empty()).then(|| view! { <p class="muted">{connection.description.clone()}</p> })}
        </li>
    }
}

/// Connects the hub to another one of the catalogue.
#[component]
pub(crate) fn ConnectionForm(hub_id: String, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let form = FormState::new("connection-new");
    let other_hub_id = RwSignal::new(String::new());
    let kind = RwSignal::new(ConnectionKind::PeerLearning.as_str().to_owned());
    let description = RwSignal::new(String::new());
    let hubs = LocalResource::new(|| async {
        api::list_hubs(&HubQuery { per_page: MAX_PER_PAGE, sort: HubSort::Name, ..HubQuery::default() }).await
    });
    let this_hub = hub_id.clone();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = ValidationErrors::default();
        let Some(kind) = read::choice::<ConnectionKind>(&mut errors, "kind", &kind.get()) else {
            return form.refuse(errors);
        };
        let new = NewConnection { other_hub_id: other_hub_id.get(), kind, description: description.get() };
        read::rules(&mut errors, new.validate());
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        let hub_id = hub_id.clone();
        form.write(async move {
            if let Some(saved) = form.run(api::create_connection(&hub_id, &new)).await {
                edits.changed(t_string!(i18n, form.saved, name = saved.other_hub.name).to_string());
                on_done.run(());
            }
        });
    };
    let kinds = choices(ConnectionKind::ALL, ConnectionKind::as_str, |k| Signal::derive(label(k)));
    view! {
        <form class="edit-form" id="connection-new" novalidate on:submit=on_submit>
            <h3>{t!(i18n, connection_form.heading_new)}</h3>
            <FormSummary form=form />
            <div class="form-grid">
                <Suspense fallback=move || view! { <Loading>{t!(i18n, form.loading)}</Loading> }>
                    {
                        let this_hub = this_hub.clone();
                        move || {
                            let this_hub = this_hub.clone();
                            Suspend::new(async move {
                                let found = match hubs.await {
                                    Ok(page) => page.items,
                                    Err(failure) => {
                                        return view! { <FetchFailed failure=failure retry=move |()| hubs.refetch() /> }.into_any();
                                    }
                                };
                                let others: Vec<Choice> = found
                                    .into_iter()
                                    .filter(|hub| hub.id != this_hub)
                                    .map(|hub| (hub.id, Signal::stored(hub.name)))
                                    .collect();
                                view! {
                                    <SelectField
                                        form=form
                                        name="other_hub_id"
                                        label=move || t_string!(i18n, connection_form.other_hub).to_string()
                                        value=other_hub_id
                                        choices=others
                                        empty=Signal::derive(move || t_string!(i18n, connection_form.choose_hub).to_string())
                                        required=true
                                    />
                                }
                                .into_any()
                            })
                        }
                    }
                </Suspense>
                <SelectField form=form name="kind" label=move || t_string!(i18n, connection_form.kind).to_string() value=kind choices=kinds required=true />
                <TextAreaField form=form name="description" label=move || t_string!(i18n, connection_form.description).to_string() value=description />
            </div>
            <FormActions form=form on_cancel=on_done />
        </form>
    }
}
