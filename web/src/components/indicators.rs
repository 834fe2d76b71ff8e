//! A hub's impact indicators: a progress bar against the expected progress, the verdict, and a
//! chart of the measurements against the straight trajectory from baseline to target.

use std::collections::BTreeMap;

use l4a_shared::hub::Hub;
use l4a_shared::indicator::{
    Dimension, Direction, Disaggregations, Indicator, IndicatorPatch, Measurement, NewIndicator, NewMeasurement,
};
use l4a_shared::sdg::SdgTaxonomy;
use l4a_shared::validation::{HubPeriod, Invalid, Rule, ValidationErrors};
use leptos::prelude::*;

use crate::api::{self, Versioned};
use crate::components::edits::HubEdits;
use crate::components::feedback::{ErrorPanel, Loading};
use crate::components::form::{
    AddButton, CheckboxesField, DeleteButton, FormActions, FormState, FormSummary, InputField, ItemActions,
    SelectField, TextAreaField, choices, editor, read,
};
use crate::components::sdg::use_sdgs;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::{label, lang_of};

/// A value as people write it: no trailing zeros, at most two decimals.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A fraction as a whole percentage.
fn percent(fraction: f64) -> String {
    format!("{:.0}", fraction * 100.0)
}

/// The indicators section of a hub's page.
#[component]
pub fn IndicatorsSection(hub: Hub) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let hub_id = hub.id.clone();
    let indicators = LocalResource::new(move || {
        edits.version();
        let hub_id = hub_id.clone();
        async move { api::list_indicators(&hub_id).await }
    });
    let adding = RwSignal::new(false);
    let form_hub = hub.clone();
    view! {
        <section class="hub-section" aria-labelledby="indicators-heading">
            <div class="section-head">
                <h2 id="indicators-heading">{t!(i18n, indicators.title)}</h2>
                <AddButton open=adding controls="indicator-new">{t!(i18n, indicator_form.add)}</AddButton>
            </div>
            <Show when=move || adding.get()>
                <IndicatorForm hub=form_hub.clone() current=None on_done=move |()| adding.set(false) />
            </Show>
            <Transition fallback=move || view! { <Loading>{t!(i18n, indicators.loading)}</Loading> }>
                {
                    let hub = hub.clone();
                    move || {
                        let hub = hub.clone();
                        Suspend::new(async move {
                            match indicators.await {
                                Ok(page) if page.items.is_empty() => {
                                    view! { <p class="muted">{t!(i18n, indicators.empty)}</p> }.into_any()
                                }
                                Ok(page) => view! {
                                    <ul class="indicator-list">
                                        {page
                                            .items
                                            .into_iter()
                                            .map(|indicator| view! { <IndicatorItem hub=hub.clone() indicator=indicator /> })
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

/// One indicator: its card, or its edit form.
#[component]
fn IndicatorItem(hub: Hub, indicator: Indicator) -> impl IntoView {
    let editing = RwSignal::new(false);
    let id = indicator.id.clone();
    view! {
        <Show
            when=move || editing.get()
            fallback={
                let indicator = indicator.clone();
                move || view! { <IndicatorCard indicator=indicator.clone() editing=editing /> }
            }
        >
            <li class="indicator editing">
                {
                    let (id, hub) = (id.clone(), hub.clone());
                    let current = LocalResource::new(move || {
                        let id = id.clone();
                        async move { api::find_indicator(&id).await }
                    });
                    editor(current, move |current| {
                        view! { <IndicatorForm hub=hub.clone() current=Some(current) on_done=move |()| editing.set(false) /> }
                    })
                }
            </li>
        </Show>
    }
}

#[component]
fn IndicatorCard(indicator: Indicator, editing: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let recording = RwSignal::new(false);
    let measurement_form_id = format!("measurement-{}", indicator.id);
    let figures = indicator.figures.clone();
    let unit = indicator.unit.clone();
    let range = {
        let (baseline, target) = (number(indicator.baseline_value), number(indicator.target_value));
        let (baseline_date, target_date) = (indicator.baseline_date.to_string(), indicator.target_date.to_string());
        let unit = unit.clone();
        move || {
            t_string!(
                i18n,
                indicators.range,
                baseline = baseline.clone(),
                baseline_date = baseline_date.clone(),
                target = target.clone(),
                unit = unit.clone(),
                target_date = target_date.clone()
            )
            .to_string()
        }
    };
    let latest = figures.latest.clone().map(|latest| {
        let (value, date, unit) = (number(latest.value), latest.measured_on.to_string(), unit.clone());
        move || {
            t_string!(i18n, indicators.latest, value = value.clone(), unit = unit.clone(), date = date.clone())
                .to_string()
        }
    });
    let expected = percent(figures.expected_progress);
    let expected_label = {
        let expected = expected.clone();
        move || t_string!(i18n, indicators.expected, percent = expected.clone()).to_string()
    };
    let progress = figures.progress;
    let progress_label = move || match progress {
        Some(progress) => t_string!(i18n, indicators.progress, percent = percent(progress)).to_string(),
        None => t_string!(i18n, indicators.no_data).to_string(),
    };
    let (verdict_class, verdict) = match figures.on_track {
        Some(true) => ("tag tag-on-time", Some(true)),
        Some(false) => ("tag tag-late", Some(false)),
        None => ("tag", None),
    };
    let verdict_label = move || match verdict {
        Some(true) => t_string!(i18n, indicators.on_track).to_string(),
        Some(false) => t_string!(i18n, indicators.off_track).to_string(),
        None => t_string!(i18n, indicators.no_data).to_string(),
    };
    let agreed = indicator.agreed_on.map(|date| {
        let (count, date) = (indicator.agreed_by.len(), date.to_string());
        move || t_string!(i18n, indicators.agreed, count = count, date = date.clone()).to_string()
    });
    let sdg_target = indicator
        .sdg_target
        .clone()
        .map(|code| move || t_string!(i18n, indicators.sdg_target, code = code.clone()).to_string());
    let progress_percent = progress.map(percent).unwrap_or_else(|| "0".to_owned());
    view! {
        <li class="indicator">
            <div class="indicator-head">
                <h3>{indicator.name.clone()}</h3>
                <span class=verdict_class>{verdict_label}</span>
            </div>
            <p class="deliverable-meta">
                <span class="tag">{label(indicator.dimension)}</span>
                {sdg_target.map(|label| view! { <span class="tag">{label}</span> })}
                {agreed.map(|label| view! { <span class="muted">{label}</span> })}
            </p>
            <p class="muted">{range}</p>
            <div
                class="progress"
                role="progressbar"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=progress_percent.clone()
                aria-valuetext=progress_label
            >
                <span class="progress-fill" style:width=format!("{progress_percent}%")></span>
                <span class="progress-expected" style:left=format!("{expected}%") title=expected_label.clone()></span>
            </div>
            <p class="progress-legend">
                <span>{progress_label}</span>
                <span class="muted">{expected_label}</span>
            </p>
            {latest.map(|label| view! { <p>{label}</p> })}
            <MeasurementChart indicator=indicator.clone() />
            <div class="indicator-actions">
                <AddButton open=recording controls=measurement_form_id>{t!(i18n, measurement_form.add)}</AddButton>
                <ItemActions
                    name=indicator.name.clone()
                    on_edit=Callback::new(move |()| editing.set(true))
                    on_delete={
                        let (id, name) = (indicator.id.clone(), indicator.name.clone());
                        move |()| {
                            let (id, name) = (id.clone(), name.clone());
                            leptos::task::spawn_local(async move {
                                match api::delete_indicator(&id).await {
                                    Ok(()) => edits.changed(t_string!(i18n, form.deleted, name = name).to_string()),
                                    Err(failure) => edits.notify(failure.to_string()),
                                }
                            });
                        }
                    }
                />
            </div>
            <Show when=move || recording.get()>
                <MeasurementForm indicator=indicator.clone() on_done=move |()| recording.set(false) />
            </Show>
        </li>
    }
}

/// The chart: total measurements as a line and points, the planned trajectory as a dashed line.
#[component]
fn MeasurementChart(indicator: Indicator) -> impl IntoView {
    let i18n = use_i18n();
    let id = indicator.id.clone();
    let measurements = LocalResource::new(move || {
        let id = id.clone();
        async move { api::list_total_measurements(&id).await }
    });
    view! {
        <Transition fallback=|| ()>
            {
                let indicator = indicator.clone();
                move || {
                    let indicator = indicator.clone();
                    Suspend::new(async move {
                        match measurements.await {
                            Ok(page) => {
                                let name = indicator.name.clone();
                                let label = move || t_string!(i18n, indicators.chart, name = name.clone()).to_string();
                                view! {
                                    {chart(&indicator, &page.items, label)}
                                    <MeasurementTable unit=indicator.unit.clone() items=page.items.clone() />
                                }
                                .into_any()
                            }
                            Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                        }
                    })
                }
            }
        </Transition>
    }
}

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 180.0;
const PAD: f64 = 28.0;

fn chart(
    indicator: &Indicator,
    measurements: &[Measurement],
    label: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let first_day = measurements
        .iter()
        .map(|m| m.measured_on)
        .chain([indicator.baseline_date])
        .min()
        .unwrap_or(indicator.baseline_date);
    let last_day = measurements
        .iter()
        .map(|m| m.measured_on)
        .chain([indicator.target_date])
        .max()
        .unwrap_or(indicator.target_date);
    let values = measurements.iter().map(|m| m.value).chain([indicator.baseline_value, indicator.target_value]);
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span_days = (last_day - first_day).num_days().max(1) as f64;
    let span_values = if high > low { high - low } else { 1.0 };
    let x = move |day: chrono::NaiveDate| PAD + (day - first_day).num_days() as f64 / span_days * (WIDTH - 2.0 * PAD);
    let y = move |value: f64| HEIGHT - PAD - (value - low) / span_values * (HEIGHT - 2.0 * PAD);
    let points: Vec<(f64, f64, String)> = measurements
        .iter()
        .map(|m| (x(m.measured_on), y(m.value), format!("{} · {} {}", m.measured_on, number(m.value), indicator.unit)))
        .collect();
    let line: Vec<String> = points.iter().map(|(px, py, _)| format!("{px:.1},{py:.1}")).collect();
    let (tx1, ty1) = (x(indicator.baseline_date), y(indicator.baseline_value));
    let (tx2, ty2) = (x(indicator.target_date), y(indicator.target_value));
    view! {
        <figure class="indicator-chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=label>
                <line class="axis" x1=PAD y1=HEIGHT - PAD x2=WIDTH - PAD y2=HEIGHT - PAD></line>
                <line class="trajectory" x1=tx1 y1=ty1 x2=tx2 y2=ty2></line>
                <polyline class="measured" points=line.join(" ")></polyline>
                {points
                    .into_iter()
                    .map(|(cx, cy, title)| view! { <circle class="point" cx=cx cy=cy r="4"><title>{title}</title></circle> })
                    .collect_view()}
                <text class="axis-label" x=PAD y=HEIGHT - 8.0>{first_day.to_string()}</text>
                <text class="axis-label end" x=WIDTH - PAD y=HEIGHT - 8.0>{last_day.to_string()}</text>
                <text class="axis-label" x="2" y=y(high) + 4.0>{number(high)}</text>
                <text class="axis-label" x="2" y=y(low) + 4.0>{number(low)}</text>
            </svg>
            <figcaption class="chart-legend">
                <span class="legend-measured">{t!(i18n, indicators.measured)}</span>
                <span class="legend-trajectory">{t!(i18n, indicators.trajectory)}</span>
            </figcaption>
        </figure>
    }
}

/// The recorded totals as a table (what the chart shows, readable without it), each deletable.
#[component]
fn MeasurementTable(unit: String, items: Vec<Measurement>) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let count = items.len();
    let unit = StoredValue::new(unit);
    view! {
        <Show when=move || { count > 0 }>
            <details class="measurements">
                <summary>{move || t_string!(i18n, measurement_form.list, count = count).to_string()}</summary>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, measurement_form.date)}</th>
                            <th scope="col">{move || t_string!(i18n, measurement_form.value, unit = unit.get_value()).to_string()}</th>
                            <th scope="col">{t!(i18n, measurement_form.source)}</th>
                            <th scope="col"><span class="visually-hidden">{t!(i18n, form.delete)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {items
                            .clone()
                            .into_iter()
                            .rev()
                            .map(|measurement| {
                                let date = measurement.measured_on.to_string();
                                let name = t_string!(i18n, measurement_form.measurement, date = date.clone()).to_string();
                                let id = measurement.id.clone();
                                let deleted = name.clone();
                                let on_delete = move |()| {
                                    let (id, deleted) = (id.clone(), deleted.clone());
                                    leptos::task::spawn_local(async move {
                                        match api::delete_measurement(&id).await {
                                            Ok(()) => edits.changed(t_string!(i18n, form.deleted, name = deleted).to_string()),
                                            Err(failure) => edits.notify(failure.to_string()),
                                        }
                                    });
                                };
                                view! {
                                    <tr>
                                        <td>{date}</td>
                                        <td class="number">{number(measurement.value)}</td>
                                        <td>{measurement.source.clone()}</td>
                                        <td><DeleteButton name=name on_confirm=on_delete /></td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        </Show>
    }
}

/// Records a measurement of `indicator`: the total, or one breakdown of its declared dimensions.
#[component]
fn MeasurementForm(indicator: Indicator, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let prefix = format!("measurement-{}", indicator.id);
    let form = FormState::new(prefix.clone());
    let value = RwSignal::new(String::new());
    let measured_on = RwSignal::new(chrono::Utc::now().date_naive().to_string());
    let source = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let breakdown: Vec<(String, Vec<String>, RwSignal<String>)> = indicator
        .disaggregations
        .iter()
        .map(|(dimension, values)| (dimension.clone(), values.clone(), RwSignal::new(String::new())))
        .collect();
    let chosen: Vec<(String, RwSignal<String>)> =
        breakdown.iter().map(|(dimension, _, value)| (dimension.clone(), *value)).collect();
    let declared = indicator.disaggregations.clone();
    let indicator_id = indicator.id.clone();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = ValidationErrors::default();
        let parsed_value = read::number(&mut errors, "value", &value.get());
        let date = read::date(&mut errors, "measured_on", &measured_on.get());
        let today = chrono::Utc::now().date_naive();
        let disaggregation: BTreeMap<String, String> = chosen
            .iter()
            .filter_map(|(dimension, value)| read::optional_text(&value.get()).map(|value| (dimension.clone(), value)))
            .collect();
        let new = NewMeasurement {
            value: parsed_value.unwrap_or_default(),
            measured_on: date.unwrap_or(today),
            source: source.get(),
            note: note.get(),
            disaggregation: (!disaggregation.is_empty()).then_some(disaggregation),
        };
        read::rules(&mut errors, new.validate(&declared, today));
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        let indicator_id = indicator_id.clone();
        leptos::task::spawn_local(async move {
            if let Some(saved) = form.run(api::create_measurement(&indicator_id, &new)).await {
                let name = format!("{} ({})", number(saved.value), saved.measured_on);
                edits.changed(t_string!(i18n, form.saved, name = name).to_string());
                on_done.run(());
            }
        });
    };
    let name = StoredValue::new(indicator.name.clone());
    let unit = StoredValue::new(indicator.unit.clone());
    view! {
        <form class="edit-form" id=prefix novalidate on:submit=on_submit>
            <h4>{move || t_string!(i18n, measurement_form.heading_new, name = name.get_value()).to_string()}</h4>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField
                    form=form
                    name="value"
                    input_type="number"
                    label=move || t_string!(i18n, measurement_form.value, unit = unit.get_value()).to_string()
                    value=value
                    required=true
                />
                <InputField form=form name="measured_on" input_type="date" label=move || t_string!(i18n, measurement_form.measured_on).to_string() value=measured_on required=true />
                <InputField form=form name="source" label=move || t_string!(i18n, measurement_form.source).to_string() value=source />
                {breakdown
                    .into_iter()
                    .map(|(dimension, values, value)| {
                        let field = format!("disaggregation.{dimension}");
                        let label = move || t_string!(i18n, measurement_form.breakdown, dimension = dimension.clone()).to_string();
                        let choices = values.into_iter().map(|v| (v.clone(), Signal::stored(v))).collect();
                        view! {
                            <SelectField
                                form=form
                                name=field
                                label=label
                                value=value
                                choices=choices
                                empty=Signal::derive(move || t_string!(i18n, measurement_form.total).to_string())
                            />
                        }
                    })
                    .collect_view()}
                <TextAreaField form=form name="note" label=move || t_string!(i18n, measurement_form.note).to_string() value=note />
            </div>
            <FormActions form=form on_cancel=on_done />
        </form>
    }
}

/// Declared breakdowns as people type them: `sex: female, male; area: urban, rural`.
fn breakdowns_text(declared: &Disaggregations) -> String {
    declared
        .iter()
        .map(|(dimension, values)| format!("{dimension}: {}", values.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Reads `sex: female, male; area: urban, rural`; the `shared` rules then check each name.
fn read_breakdowns(errors: &mut ValidationErrors, text: &str) -> Disaggregations {
    let mut declared = Disaggregations::new();
    for part in text.split(';').map(str::trim).filter(|part| !part.is_empty()) {
        match part.split_once(':') {
            Some((dimension, values)) => {
                let values = values.split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect();
                declared.insert(dimension.trim().to_owned(), values);
            }
            None => errors.push(
                "disaggregations",
                Invalid::new(Rule::Format, format!("{part:?} has no values: write `name: value, value`")),
            ),
        }
    }
    declared
}

/// Adds an indicator to `hub`, or edits `current`.
#[component]
fn IndicatorForm(
    hub: Hub,
    current: Option<Versioned<Indicator>>,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let sdgs = use_sdgs();
    let prefix = current.as_ref().map_or_else(|| "indicator-new".to_owned(), |c| format!("indicator-{}", c.value.id));
    let form = FormState::new(prefix.clone());
    let existing = current.as_ref().map(|c| &c.value);
    let text = |value: Option<String>| RwSignal::new(value.unwrap_or_default());
    let name = text(existing.map(|i| i.name.clone()));
    let description = text(existing.map(|i| i.description.clone()));
    let dimension = RwSignal::new(existing.map_or(Dimension::Acceleration, |i| i.dimension).as_str().to_owned());
    let unit = text(existing.map(|i| i.unit.clone()));
    let direction = RwSignal::new(existing.map_or(Direction::Increase, |i| i.direction).as_str().to_owned());
    let baseline_value = text(existing.map(|i| number(i.baseline_value)));
    let baseline_date = text(existing.map(|i| i.baseline_date.to_string()));
    let target_value = text(existing.map(|i| number(i.target_value)));
    let target_date = text(existing.map(|i| i.target_date.to_string()));
    let sdg_target = text(existing.and_then(|i| i.sdg_target.clone()));
    let disaggregations = text(existing.map(|i| breakdowns_text(&i.disaggregations)));
    let agreed_by = RwSignal::new(existing.map(|i| i.agreed_by.clone()).unwrap_or_default());
    let agreed_on = text(existing.and_then(|i| i.agreed_on).map(|d| d.to_string()));
    let period = HubPeriod::new(hub.start_date, hub.end_date).ok();
    let hub_id = hub.id.clone();
    let hub_end = hub.end_date;
    let is_edit = current.is_some();
    let stakeholders = {
        let hub_id = hub.id.clone();
        LocalResource::new(move || {
            let hub_id = hub_id.clone();
            async move { api::list_stakeholders(&hub_id).await }
        })
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = ValidationErrors::default();
        let parsed_dimension = read::choice::<Dimension>(&mut errors, "dimension", &dimension.get());
        let parsed_direction = read::choice::<Direction>(&mut errors, "direction", &direction.get());
        let baseline = read::number(&mut errors, "baseline_value", &baseline_value.get());
        let baseline_on = read::date(&mut errors, "baseline_date", &baseline_date.get());
        let target = read::number(&mut errors, "target_value", &target_value.get());
        let target_on = read::date(&mut errors, "target_date", &target_date.get());
        let agreed = read::optional_date(&mut errors, "agreed_on", &agreed_on.get());
        let declared = read_breakdowns(&mut errors, &disaggregations.get());
        let (Some(dimension), Some(direction)) = (parsed_dimension, parsed_direction) else {
            return form.refuse(errors);
        };
        // Stand-ins for what could not be read, chosen so that the rules comparing two fields
        // blame only the field that was left empty.
        let target = target.or(baseline).unwrap_or_default();
        let baseline = baseline.unwrap_or(target);
        let target_on = target_on.unwrap_or(hub_end);
        let baseline_on = baseline_on.or_else(|| target_on.pred_opt()).unwrap_or(target_on);
        let new = NewIndicator {
            name: name.get(),
            description: description.get(),
            dimension,
            unit: unit.get(),
            direction,
            baseline_value: baseline,
            baseline_date: baseline_on,
            target_value: target,
            target_date: target_on,
            sdg_target: read::optional_text(&sdg_target.get()),
            disaggregations: declared,
            agreed_by: agreed_by.get(),
            agreed_on: agreed,
        };
        let taxonomy = sdgs.0.get().and_then(Result::ok).map(|goals| SdgTaxonomy {
            source: String::new(),
            licence: String::new(),
            goals,
        });
        if let (Some(period), Some(taxonomy)) = (&period, &taxonomy) {
            read::rules(&mut errors, new.validate(period, taxonomy, chrono::Utc::now().date_naive()));
        }
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        let (hub_id, current) = (hub_id.clone(), current.clone());
        leptos::task::spawn_local(async move {
            let saved = match &current {
                None => form.run(api::create_indicator(&hub_id, &new)).await,
                Some(current) => {
                    let patch = IndicatorPatch::from(new);
                    form.run(api::update_indicator(&current.value.id, &patch, current.etag.as_deref())).await
                }
            };
            if let Some(saved) = saved {
                edits.changed(t_string!(i18n, form.saved, name = saved.name).to_string());
                on_done.run(());
            }
        });
    };
    let dimensions = choices(Dimension::ALL, Dimension::as_str, |d| Signal::derive(label(d)));
    let directions = choices(Direction::ALL, Direction::as_str, |d| Signal::derive(label(d)));
    // The targets of the hub's goals come first in the suggestions; any target of the taxonomy is accepted.
    let target_list_id = format!("{prefix}-targets");
    let hub_goals = hub.sdgs.clone();
    let target_options = move || {
        let mut goals = sdgs.0.get().and_then(Result::ok).unwrap_or_default();
        goals.sort_by_key(|goal| !hub_goals.contains(&goal.number));
        let lang = lang_of(i18n.get_locale());
        goals
            .into_iter()
            .flat_map(|goal| goal.targets.into_iter())
            .map(|target| view! { <option value=target.code.clone()>{format!("{} {}", target.code, target.title.get(lang))}</option> })
            .collect_view()
    };
    view! {
        <form class="edit-form" id=prefix novalidate on:submit=on_submit>
            <h3>
                {move || if is_edit {
                    t_string!(i18n, indicator_form.heading_edit).to_string()
                } else {
                    t_string!(i18n, indicator_form.heading_new).to_string()
                }}
            </h3>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="name" label=move || t_string!(i18n, indicator_form.name).to_string() value=name required=true />
                <SelectField form=form name="dimension" label=move || t_string!(i18n, indicator_form.dimension).to_string() value=dimension choices=dimensions required=true />
                <InputField form=form name="unit" label=move || t_string!(i18n, indicator_form.unit).to_string() value=unit required=true />
                <SelectField form=form name="direction" label=move || t_string!(i18n, indicator_form.direction).to_string() value=direction choices=directions required=true />
                <InputField form=form name="baseline_value" input_type="number" label=move || t_string!(i18n, indicator_form.baseline_value).to_string() value=baseline_value required=true />
                <InputField form=form name="baseline_date" input_type="date" label=move || t_string!(i18n, indicator_form.baseline_date).to_string() value=baseline_date required=true />
                <InputField form=form name="target_value" input_type="number" label=move || t_string!(i18n, indicator_form.target_value).to_string() value=target_value required=true />
                <InputField
                    form=form
                    name="target_date"
                    input_type="date"
                    label=move || t_string!(i18n, indicator_form.target_date).to_string()
                    value=target_date
                    required=true
                    hint=Signal::derive(move || t_string!(i18n, indicator_form.target_hint).to_string())
                />
                <div class="field">
                    <InputField
                        form=form
                        name="sdg_target"
                        label=move || t_string!(i18n, indicator_form.sdg_target).to_string()
                        value=sdg_target
                        list=target_list_id.clone()
                    />
                    <datalist id=target_list_id.clone()>{target_options}</datalist>
                </div>
                <InputField
                    form=form
                    name="disaggregations"
                    label=move || t_string!(i18n, indicator_form.disaggregations).to_string()
                    value=disaggregations
                    hint=Signal::derive(move || t_string!(i18n, indicator_form.disaggregations_hint).to_string())
                />
                <TextAreaField form=form name="description" label=move || t_string!(i18n, indicator_form.description).to_string() value=description />
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let people: Vec<(String, String)> = stakeholders
                            .await
                            .map(|page| page.items.iter().map(|s| (s.public().id.clone(), s.public().name.clone())).collect())
                            .unwrap_or_default();
                        if people.is_empty() {
                            view! { <p class="hint field-wide">{t!(i18n, indicator_form.no_stakeholders)}</p> }.into_any()
                        } else {
                            view! {
                                <CheckboxesField
                                    form=form
                                    name="agreed_by"
                                    label=move || t_string!(i18n, indicator_form.agreed_by).to_string()
                                    value=agreed_by
                                    choices=people
                                />
                            }
                            .into_any()
                        }
                    })}
                </Suspense>
                <InputField form=form name="agreed_on" input_type="date" label=move || t_string!(i18n, indicator_form.agreed_on).to_string() value=agreed_on />
            </div>
            <FormActions form=form on_cancel=on_done />
        </form>
    }
}
