//! A hub's impact indicators: a progress bar against the expected progress, the verdict, and a
//! chart of the measurements against the straight trajectory from baseline to target.

use l4a_shared::indicator::{Dimension, Indicator, Measurement};
use leptos::prelude::*;

use crate::api;
use crate::components::feedback::{ErrorPanel, Loading};
use crate::i18n::{t, t_string, use_i18n};

fn dimension_label(dimension: Dimension) -> impl Fn() -> String + Copy + 'static {
    let i18n = use_i18n();
    move || {
        match dimension {
            Dimension::Acceleration => t_string!(i18n, dimension.acceleration),
            Dimension::Synchronization => t_string!(i18n, dimension.synchronization),
            Dimension::LocalGlobal => t_string!(i18n, dimension.local_global),
        }
        .to_string()
    }
}

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
pub fn IndicatorsSection(hub_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let indicators = LocalResource::new(move || {
        let hub_id = hub_id.clone();
        async move { api::list_indicators(&hub_id).await }
    });
    view! {
        <section class="hub-section" aria-labelledby="indicators-heading">
            <h2 id="indicators-heading">{t!(i18n, indicators.title)}</h2>
            <Transition fallback=move || view! { <Loading>{t!(i18n, indicators.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match indicators.await {
                        Ok(page) if page.items.is_empty() => {
                            view! { <p class="muted">{t!(i18n, indicators.empty)}</p> }.into_any()
                        }
                        Ok(page) => view! {
                            <ul class="indicator-list">
                                {page.items.into_iter().map(|indicator| view! { <IndicatorCard indicator=indicator /> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn IndicatorCard(indicator: Indicator) -> impl IntoView {
    let i18n = use_i18n();
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
                <span class="tag">{dimension_label(indicator.dimension)}</span>
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
            <MeasurementChart indicator=indicator />
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
                                chart(&indicator, &page.items, label).into_any()
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
