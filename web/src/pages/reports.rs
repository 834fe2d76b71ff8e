//! Progress reports: the Secretariat's list, one report's page (the figures frozen at its
//! submission, the manager's edits and submission, the Secretariat's decision), the manager's
//! form prefilled with the hub's figures, and the section of the hub page listing them.

use l4a_shared::account::Role;
use l4a_shared::figures::HubFigures;
use l4a_shared::hub::Hub;
use l4a_shared::report::{NewReport, Report, ReportAction, ReportDecision, ReportPatch, ReportState};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{self, Versioned};
use crate::components::feedback::{ErrorPanel, FetchFailed, Loading};
use crate::components::form::{CheckboxesField, FormState, FormSummary, InputField, TextAreaField};
use crate::components::labels::ReportingBadge;
use crate::components::layout::set_page_title;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::label;
use crate::session::Session;

fn period_of(report: &Report) -> String {
    format!("{} – {}", report.period_start, report.period_end)
}

/// `/reports`: every hub's reports for the Secretariat and the board, the queue of submitted
/// ones first.
#[component]
pub fn Reports() -> impl IntoView {
    let i18n = use_i18n();
    set_page_title(move || t_string!(i18n, reports.title).to_string());
    let state = RwSignal::new(ReportState::Submitted.as_str().to_owned());
    let reports = LocalResource::new(move || {
        let state = state.get().parse::<ReportState>().ok();
        async move { api::list_reports(state).await }
    });
    view! {
        <div class="container">
            <h1>{t!(i18n, reports.title)}</h1>
            <div class="field narrow-field">
                <label for="report-state">{t!(i18n, reports.state)}</label>
                <select id="report-state" on:change=move |e| state.set(event_target_value(&e))>
                    <option value="">{t!(i18n, reports.all_states)}</option>
                    {ReportState::ALL.iter().map(|s| view! {
                        <option value=s.as_str() selected=*s == ReportState::Submitted>{label(*s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <Transition fallback=move || view! { <Loading>{t!(i18n, reports.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match reports.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="empty-state">{t!(i18n, reports.empty)}</p> }.into_any(),
                        Ok(page) => view! { <ReportTable reports=page.items with_hub=true /> }.into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Reports as rows: period, state, submission day, and the hub when several hubs are listed.
#[component]
fn ReportTable(reports: Vec<Report>, with_hub: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="data-table report-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, reports.period)}</th>
                    <th scope="col">{t!(i18n, reports.state)}</th>
                    <th scope="col">{t!(i18n, reports.submitted)}</th>
                    {with_hub.then(|| view! { <th scope="col">{t!(i18n, reports.hub)}</th> })}
                </tr>
            </thead>
            <tbody>
                {reports.into_iter().map(|report| {
                    let submitted = report.submitted_at.map(|at| at.format("%Y-%m-%d").to_string()).unwrap_or_default();
                    let hub = format!("/hubs/{}", report.hub_id);
                    let (href, period, state) = (format!("/reports/{}", report.id), period_of(&report), report.state);
                    view! {
                        <tr>
                            <td><A href=href>{period}</A></td>
                            <td><span class=format!("tag report-state report-{}", state.as_str())>{label(state)}</span></td>
                            <td class="muted">{submitted}</td>
                            {with_hub.then(|| view! { <td><A href=hub>{t!(i18n, reports.open_hub)}</A></td> })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The hub page's section: the reports its reader may see, and for its managers the way to
/// write one.
#[component]
pub fn ReportsSection(hub: Hub) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let manages = {
        let hub = hub.clone();
        move || session.may_manage(&hub)
    };
    let hub_id = StoredValue::new(hub.id.clone());
    let reports = LocalResource::new(move || async move { api::list_hub_reports(&hub_id.get_value()).await });
    let new_href = format!("/hubs/{}/reports/new", hub.slug);
    view! {
        <section class="hub-section reports-section" aria-labelledby="reports-heading">
            <h2 id="reports-heading">{t!(i18n, reports.section)}</h2>
            <Show when=manages.clone()>
                <p><A href=new_href.clone() attr:class="button primary new-report">{t!(i18n, reports.write)}</A></p>
            </Show>
            <Transition fallback=move || view! { <Loading>{t!(i18n, reports.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match reports.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="empty-state">{t!(i18n, reports.none_yet)}</p> }.into_any(),
                        Ok(page) => view! { <ReportTable reports=page.items with_hub=false /> }.into_any(),
                        Err(failure) => view! { <FetchFailed failure=failure retry=move |()| reports.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The figures a report freezes: the hub's counts and its reporting light.
#[component]
fn FiguresList(figures: HubFigures) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="report-figures">
            <dt>{t!(i18n, figures.reporting)}</dt>
            <dd><ReportingBadge status=figures.reporting_status /></dd>
            <dt>{t!(i18n, reports.deliverables)}</dt>
            <dd>{t_string!(i18n, figures.deliverables, delivered = figures.deliverables_delivered, total = figures.deliverables_total, late = figures.deliverables_late).to_string()}</dd>
            <dt>{t!(i18n, reports.indicators)}</dt>
            <dd>{t_string!(i18n, figures.indicators, on_track = figures.indicators_on_track, total = figures.indicators_total).to_string()}</dd>
            <dt>{t!(i18n, reports.connections)}</dt>
            <dd>{t_string!(i18n, figures.connections, count = figures.synchronization_degree).to_string()}</dd>
        </dl>
    }
}

/// `/hubs/:slug/reports/new`: a manager drafts a report, the hub's figures now beside the form.
#[component]
pub fn NewReportPage() -> impl IntoView {
    let i18n = use_i18n();
    set_page_title(move || t_string!(i18n, reports.new_title).to_string());
    let params = use_params_map();
    let hub = LocalResource::new(move || {
        let slug = params.read().get("slug").unwrap_or_default();
        async move { api::find_hub(&slug).await }
    });
    view! {
        <div class="container">
            <Transition fallback=move || view! { <Loading>{t!(i18n, hub.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match hub.await {
                        Ok(hub) => {
                            let navigate = use_navigate();
                            let back = format!("/hubs/{}", hub.slug);
                            view! {
                                <p class="breadcrumb"><A href=back>{hub.name.clone()}</A></p>
                                <h1>{t!(i18n, reports.new_title)}</h1>
                                <section class="hub-section">
                                    <h2>{t!(i18n, reports.figures_now)}</h2>
                                    <p class="hint">{t!(i18n, reports.figures_hint)}</p>
                                    <FiguresList figures=hub.figures.clone() />
                                </section>
                                <ReportForm hub_id=hub.id.clone() current=None on_saved=move |saved: Report| {
                                    navigate(&format!("/reports/{}", saved.id), Default::default());
                                } />
                            }.into_any()
                        }
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// A report's content: drafted for `hub_id`, or edited when `current` is given.
#[component]
fn ReportForm(
    hub_id: String,
    current: Option<Versioned<Report>>,
    #[prop(into)] on_saved: Callback<Report>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("report");
    let today = chrono::Utc::now().date_naive();
    let content = current.as_ref().map(|c| c.value.content());
    let text =
        |pick: fn(&NewReport) -> String, default: String| RwSignal::new(content.as_ref().map(pick).unwrap_or(default));
    let year_ago = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today);
    let period_start = text(|c| c.period_start.to_string(), year_ago.to_string());
    let period_end = text(|c| c.period_end.to_string(), today.to_string());
    let achievements = text(|c| c.achievements.clone(), String::new());
    let challenges = text(|c| c.challenges.clone(), String::new());
    let next_steps = text(|c| c.next_steps.clone(), String::new());
    let links = text(|c| c.links.join("\n"), String::new());
    let deliverable_ids = RwSignal::new(content.as_ref().map(|c| c.deliverable_ids.clone()).unwrap_or_default());
    let activity_ids = RwSignal::new(content.as_ref().map(|c| c.activity_ids.clone()).unwrap_or_default());
    let editing = current.as_ref().map(|c| (c.value.id.clone(), c.etag.clone()));
    let hub = StoredValue::new(hub_id.clone());
    let evidence = LocalResource::new(move || {
        let hub = hub.get_value();
        async move {
            let deliverables = api::list_deliverables(&hub).await?;
            let activities = api::list_activities(&hub).await?;
            Ok::<_, api::ApiFailure>((
                deliverables.items.into_iter().map(|d| (d.id, d.title)).collect::<Vec<_>>(),
                activities.items.into_iter().map(|a| (a.id, a.title)).collect::<Vec<_>>(),
            ))
        }
    });
    let editing = StoredValue::new(editing);
    let on_submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let mut errors = l4a_shared::validation::ValidationErrors::default();
        let date = |field: &str, value: String, errors: &mut l4a_shared::validation::ValidationErrors| {
            value
                .parse::<chrono::NaiveDate>()
                .map_err(|_| {
                    errors.push(
                        field,
                        l4a_shared::validation::Invalid::new(
                            l4a_shared::validation::Rule::Format,
                            "a date, as YYYY-MM-DD",
                        ),
                    );
                })
                .ok()
        };
        let (start, end) =
            (date("period_start", period_start.get(), &mut errors), date("period_end", period_end.get(), &mut errors));
        let (Some(start), Some(end)) = (start, end) else { return form.refuse(errors) };
        let new = NewReport {
            period_start: start,
            period_end: end,
            achievements: achievements.get(),
            challenges: challenges.get(),
            next_steps: next_steps.get(),
            deliverable_ids: deliverable_ids.get(),
            activity_ids: activity_ids.get(),
            links: links.get().lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
        };
        if let Err(errors) = new.validate(chrono::Utc::now().date_naive()) {
            return form.refuse(errors);
        }
        form.write(async move {
            let saved = match editing.get_value() {
                Some((id, etag)) => form.run(api::update_report(&id, &ReportPatch::from(new), etag.as_deref())).await,
                None => form.run(api::create_report(&hub.get_value(), &new)).await,
            };
            if let Some(saved) = saved {
                on_saved.run(saved);
            }
        });
    };
    view! {
        <form class="edit-form report-form" id="report" novalidate on:submit=on_submit>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="period_start" label=move || t_string!(i18n, reports.period_start).to_string() value=period_start input_type="date" required=true />
                <InputField form=form name="period_end" label=move || t_string!(i18n, reports.period_end).to_string() value=period_end input_type="date" required=true />
                <TextAreaField form=form name="achievements" label=move || t_string!(i18n, reports.achievements).to_string() value=achievements />
                <TextAreaField form=form name="challenges" label=move || t_string!(i18n, reports.challenges).to_string() value=challenges />
                <TextAreaField form=form name="next_steps" label=move || t_string!(i18n, reports.next_steps).to_string() value=next_steps />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match evidence.await {
                            Ok((deliverables, activities)) => view! {
                                <CheckboxesField form=form name="deliverable_ids" label=move || t_string!(i18n, reports.cite_deliverables).to_string() value=deliverable_ids choices=deliverables />
                                <CheckboxesField form=form name="activity_ids" label=move || t_string!(i18n, reports.cite_activities).to_string() value=activity_ids choices=activities />
                            }.into_any(),
                            Err(failure) => view! { <FetchFailed failure=failure retry=move |()| evidence.refetch() /> }.into_any(),
                        }
                    })}
                </Transition>
                <TextAreaField form=form name="links" label=move || t_string!(i18n, reports.links).to_string() value=links />
            </div>
            <div class="form-actions">
                <button type="submit" class="button primary save-report" disabled=move || form.busy()>{t!(i18n, reports.save)}</button>
            </div>
        </form>
    }
}

/// `/reports/:id`.
#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let report = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::find_report(&id).await }
    });
    view! {
        <div class="container">
            <Transition fallback=move || view! { <Loading>{t!(i18n, reports.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(current) => view! { <ReportView current=current on_change=move |()| report.refetch() /> }.into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn ReportView(current: Versioned<Report>, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let report = current.value.clone();
    set_page_title(move || t_string!(i18n, reports.page_title).to_string());
    let id = StoredValue::new(report.id.clone());
    let hub_href = format!("/hubs/{}", report.hub_id);
    // The hub's managers read drafts; only they may change and submit one.
    let editable = report.state.is_editable() && (session.has(Role::Manager) || session.has(Role::Admin));
    let decides = session.has(Role::Admin) && report.state == ReportState::Submitted;
    let editing = RwSignal::new(false);
    let form = FormState::new("report-actions");
    let comments = RwSignal::new(String::new());
    let act = move |action: ReportAction| {
        let decision = ReportDecision { comments: comments.get() };
        if let Err(errors) = decision.validate(action) {
            return form.refuse(errors);
        }
        form.write(async move {
            if form.run(api::move_report(&id.get_value(), action, &decision)).await.is_some() {
                on_change.run(());
            }
        });
    };
    let decided = report.decided_at.map(|at| {
        let (date, by) = (at.format("%Y-%m-%d").to_string(), report.decided_by.clone().unwrap_or_default());
        move || t_string!(i18n, reports.decided, date = date.clone(), by = by.clone()).to_string()
    });
    let parts = [
        (t_string!(i18n, reports.achievements).to_string(), report.achievements.clone()),
        (t_string!(i18n, reports.challenges).to_string(), report.challenges.clone()),
        (t_string!(i18n, reports.next_steps).to_string(), report.next_steps.clone()),
    ];
    let hub_id = report.hub_id.clone();
    view! {
        <article class="report-page">
            <p class="breadcrumb"><A href=hub_href>{t!(i18n, reports.back_to_hub)}</A></p>
            <span class=format!("tag report-state report-{}", report.state.as_str())>{label(report.state)}</span>
            <h1>{t!(i18n, reports.page_title)} " " {period_of(&report)}</h1>
            {decided.map(|text| view! { <p class="decision">{text}</p> })}
            {report.comments.clone().map(|comments| view! {
                <div class="notice report-comments"><strong>{t!(i18n, reports.comments)}</strong><p>{comments}</p></div>
            })}
            <FormSummary form=form />
            <Show when=move || editable>
                <div class="row-actions">
                    <button type="button" class="button edit-report" on:click=move |_| editing.update(|open| *open = !*open)>{t!(i18n, reports.edit)}</button>
                    <button type="button" class="button primary submit-report" disabled=move || form.busy() on:click=move |_| act(ReportAction::Submit)>{t!(i18n, reports.submit)}</button>
                </div>
            </Show>
            <Show when=move || editing.get()>
                <ReportForm hub_id=hub_id.clone() current=Some(current.clone()) on_saved=move |_| {
                    editing.set(false);
                    on_change.run(());
                } />
            </Show>
            {parts.into_iter().map(|(heading, text)| view! {
                <section class="hub-section">
                    <h2>{heading}</h2>
                    {if text.is_empty() { view! { <p class="muted">{t!(i18n, reports.not_written)}</p> }.into_any() } else { view! { <p>{text}</p> }.into_any() }}
                </section>
            }).collect_view()}
            <section class="hub-section">
                <h2>{t!(i18n, reports.evidence)}</h2>
                <p>{t_string!(i18n, reports.evidence_counts, deliverables = report.deliverable_ids.len(), activities = report.activity_ids.len()).to_string()}</p>
                <ul class="report-links">
                    {report.links.iter().map(|link| view! { <li><a href=link.clone() rel="noopener noreferrer">{link.clone()}</a></li> }).collect_view()}
                </ul>
            </section>
            {report.snapshot.clone().map(|snapshot| view! {
                <section class="hub-section report-snapshot">
                    <h2>{t!(i18n, reports.frozen)}</h2>
                    <p class="hint">{t_string!(i18n, reports.frozen_on, date = snapshot.taken_at.format("%Y-%m-%d").to_string()).to_string()}</p>
                    <FiguresList figures=snapshot.figures.clone() />
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{t!(i18n, reports.indicator)}</th>
                            <th scope="col">{t!(i18n, reports.latest)}</th>
                            <th scope="col">{t!(i18n, reports.target)}</th>
                            <th scope="col">{t!(i18n, reports.on_track)}</th>
                        </tr></thead>
                        <tbody>
                            {snapshot.indicators.into_iter().map(|indicator| view! {
                                <tr>
                                    <td>{indicator.name}</td>
                                    <td>{indicator.latest_value.map(|v| format!("{v} {}", indicator.unit)).unwrap_or_else(|| "—".into())}</td>
                                    <td>{format!("{} ({})", indicator.target_value, indicator.target_date)}</td>
                                    <td>{if indicator.on_track { "✓" } else { "—" }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            })}
            <Show when=move || decides>
                <section class="hub-section decision-form" aria-labelledby="report-decision">
                    <h2 id="report-decision">{t!(i18n, reports.decision)}</h2>
                    <TextAreaField form=form name="comments" label=move || t_string!(i18n, reports.comments).to_string() value=comments />
                    <div class="form-actions">
                        <button type="button" class="button primary approve-report" disabled=move || form.busy() on:click=move |_| act(ReportAction::Approve)>{t!(i18n, reports.approve)}</button>
                        <button type="button" class="button return-report" disabled=move || form.busy() on:click=move |_| act(ReportAction::Return)>{t!(i18n, reports.return_it)}</button>
                    </div>
                </section>
            </Show>
        </article>
    }
}
