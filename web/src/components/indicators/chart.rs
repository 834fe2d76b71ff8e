//! An indicator's measurements: the trajectory chart against the expected line, and the table.

use super::*;

/// The chart: total measurements as a line and points, the planned trajectory as a dashed line.
#[component]
pub(crate) fn MeasurementChart(indicator: Indicator) -> impl IntoView {
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

pub(crate) fn chart(
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
pub(crate) fn MeasurementTable(unit: String, items: Vec<Measurement>) -> impl IntoView {
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
                                    edits.send(async move { api::delete_measurement(&id).await }, t_string!(i18n, form.deleted, name = deleted).to_string());
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
