//! Charts drawn as SVG by the app itself (no chart library: a few shapes cost less than a crate),
//! each beside a table holding the same numbers, for screen readers and for copying.

use leptos::prelude::*;

/// One bar: its label, its value and its colour.
#[derive(Clone, PartialEq)]
pub struct Bar {
    /// What it counts, as the page names it.
    pub label: String,
    /// How many.
    pub value: f64,
    /// Its fill.
    pub colour: String,
}

/// A chart with its caption, the table of its numbers and a link to the same data as CSV.
#[component]
pub fn ChartFigure(
    /// The chart's id, unique on the page.
    id: &'static str,
    #[prop(into)] caption: Signal<String>,
    /// Where the same data is as CSV.
    #[prop(into)]
    csv: Signal<String>,
    #[prop(into)] csv_label: Signal<String>,
    #[prop(into)] table_label: Signal<String>,
    /// The header of the table's two columns.
    #[prop(into)]
    columns: Signal<(String, String)>,
    /// The rows of the table: a label and its value as shown.
    #[prop(into)]
    rows: Signal<Vec<(String, String)>>,
    children: Children,
) -> impl IntoView {
    view! {
        <figure class="chart" id=id aria-labelledby=format!("{id}-caption")>
            <figcaption id=format!("{id}-caption")>{caption}</figcaption>
            <div class="chart-drawing" aria-hidden="true">{children()}</div>
            <details class="chart-table">
                <summary>{table_label}</summary>
                <table>
                    <thead>
                        <tr><th scope="col">{move || columns.get().0}</th><th scope="col">{move || columns.get().1}</th></tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|row| row.clone() let((label, value))>
                            <tr><th scope="row">{label}</th><td>{value}</td></tr>
                        </For>
                    </tbody>
                </table>
            </details>
            <a class="csv-link" href=move || csv.get() download="">{csv_label}</a>
        </figure>
    }
}

/// Horizontal bars, longest scaled to the width; empty, it says so.
#[component]
pub fn BarChart(#[prop(into)] bars: Signal<Vec<Bar>>, #[prop(into)] empty: Signal<String>) -> impl IntoView {
    const ROW: f64 = 26.0;
    const LABEL: f64 = 200.0;
    const WIDTH: f64 = 460.0;
    move || {
        let bars = bars.get();
        if bars.is_empty() {
            return view! { <p class="muted">{empty.get()}</p> }.into_any();
        }
        let max = bars.iter().map(|bar| bar.value).fold(0.0_f64, f64::max).max(1.0);
        let rows = bars.len() as f64;
        let height = rows * ROW;
        view! {
            <svg class="bar-chart" viewBox=format!("0 0 {} {height}", LABEL + WIDTH + 40.0) role="presentation">
                {bars
                    .into_iter()
                    .enumerate()
                    .map(|(index, bar)| {
                        let y = index as f64 * ROW;
                        let width = (bar.value / max * WIDTH).max(if bar.value > 0.0 { 2.0 } else { 0.0 });
                        view! {
                            <g class="bar">
                                <text x=LABEL - 8.0 y=y + ROW * 0.65 text-anchor="end">{bar.label.clone()}</text>
                                <rect x=LABEL y=y + 4.0 width=width height=ROW - 8.0 rx="3" fill=bar.colour.clone()></rect>
                                <text x=LABEL + width + 6.0 y=y + ROW * 0.65>{format_number(bar.value)}</text>
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
        }
        .into_any()
    }
}

/// A share as a bar from 0 to 100 %, with its percentage; none says it is undefined.
#[component]
pub fn RateBar(#[prop(into)] rate: Signal<Option<f64>>, #[prop(into)] undefined: Signal<String>) -> impl IntoView {
    move || match rate.get() {
        None => view! { <p class="muted">{undefined.get()}</p> }.into_any(),
        Some(rate) => {
            let percent = (rate * 100.0).clamp(0.0, 100.0);
            view! {
                <svg class="rate-bar" viewBox="0 0 500 40" role="presentation">
                    <rect x="0" y="8" width="420" height="24" rx="4" class="rate-track"></rect>
                    <rect x="0" y="8" width=percent * 4.2 height="24" rx="4" class="rate-fill"></rect>
                    <text x="430" y="26">{format!("{percent:.0} %")}</text>
                </svg>
            }
            .into_any()
        }
    }
}

/// A line over periods: one point per period, labelled at the start and the end.
#[component]
pub fn LineChart(
    /// Each period's label and value.
    #[prop(into)]
    points: Signal<Vec<(String, f64)>>,
    #[prop(into)] empty: Signal<String>,
) -> impl IntoView {
    const WIDTH: f64 = 560.0;
    const HEIGHT: f64 = 180.0;
    move || {
        let points = points.get();
        if points.is_empty() {
            return view! { <p class="muted">{empty.get()}</p> }.into_any();
        }
        let max = points.iter().map(|(_, value)| *value).fold(0.0_f64, f64::max).max(1.0);
        let step = if points.len() > 1 { WIDTH / (points.len() - 1) as f64 } else { 0.0 };
        let xy: Vec<(f64, f64)> = points
            .iter()
            .enumerate()
            .map(|(index, (_, value))| (20.0 + index as f64 * step, 10.0 + HEIGHT - value / max * HEIGHT))
            .collect();
        let path: Vec<String> = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let (first, last) = (points[0].0.clone(), points[points.len() - 1].0.clone());
        view! {
            <svg class="line-chart" viewBox=format!("0 0 {} {}", WIDTH + 40.0, HEIGHT + 40.0) role="presentation">
                <line x1="20" y1=HEIGHT + 10.0 x2=WIDTH + 20.0 y2=HEIGHT + 10.0 class="axis"></line>
                <polyline points=path.join(" ") class="series"></polyline>
                {xy.into_iter().map(|(x, y)| view! { <circle cx=x cy=y r="3.5" class="series-point"></circle> }).collect_view()}
                <text x="20" y=HEIGHT + 30.0>{first}</text>
                <text x=WIDTH + 20.0 y=HEIGHT + 30.0 text-anchor="end">{last}</text>
                <text x="24" y="14">{format_number(max)}</text>
            </svg>
        }
        .into_any()
    }
}

/// Hubs on a circle, the connections between them as lines.
#[component]
pub fn NetworkChart(
    /// Each hub's id, name and colour.
    #[prop(into)]
    nodes: Signal<Vec<(String, String, String)>>,
    /// Each connection's two ends (ids).
    #[prop(into)]
    edges: Signal<Vec<(String, String)>>,
    /// The other nodes, drawn inside the ring of hubs: each one's id, name and kind (`policy_council`,
    /// `recommendation`, …, which is also its class).
    #[prop(into)]
    groups: Signal<Vec<(String, String, String)>>,
    /// The links to them: hub → group, recommendation → council (ids).
    #[prop(into)]
    links: Signal<Vec<(String, String)>>,
    #[prop(into)] empty: Signal<String>,
) -> impl IntoView {
    const SIZE: f64 = 420.0;
    move || {
        let nodes = nodes.get();
        if nodes.is_empty() {
            return view! { <p class="muted">{empty.get()}</p> }.into_any();
        }
        let groups = groups.get();
        let centre = SIZE / 2.0;
        let ring = |count: usize, radius: f64, index: usize| {
            let angle = index as f64 / count.max(1) as f64 * std::f64::consts::TAU;
            (centre + radius * angle.cos(), centre + radius * angle.sin())
        };
        let outer = SIZE / 2.0 - 40.0;
        let place = |index: usize| ring(nodes.len(), outer, index);
        // Councils on an inner ring, recommendations between them and the hubs.
        let place_group = |index: usize| {
            let kind = groups[index].2.as_str();
            let radius = if kind == "recommendation" { outer * 0.62 } else { outer * 0.3 };
            ring(groups.len(), radius, index)
        };
        let at = |id: &str| {
            nodes
                .iter()
                .position(|(node, _, _)| node == id)
                .map(place)
                .or_else(|| groups.iter().position(|(group, _, _)| group == id).map(place_group))
        };
        let lines: Vec<((f64, f64), (f64, f64))> =
            edges.get().iter().filter_map(|(a, b)| Some((at(a)?, at(b)?))).collect();
        let group_lines: Vec<((f64, f64), (f64, f64))> =
            links.get().iter().filter_map(|(a, b)| Some((at(a)?, at(b)?))).collect();
        view! {
            <svg class="network-chart" viewBox=format!("0 0 {SIZE} {SIZE}") role="presentation">
                {group_lines.into_iter().map(|((x1, y1), (x2, y2))| view! { <line x1=x1 y1=y1 x2=x2 y2=y2 class="link"></line> }).collect_view()}
                {lines.into_iter().map(|((x1, y1), (x2, y2))| view! { <line x1=x1 y1=y1 x2=x2 y2=y2 class="edge"></line> }).collect_view()}
                {groups.iter().enumerate().map(|(index, (_, name, kind))| {
                    let (x, y) = place_group(index);
                    view! {
                        <rect x=x - 6.0 y=y - 6.0 width="12" height="12" class=format!("group {kind}")
                            transform=(kind == "recommendation").then(|| format!("rotate(45 {x} {y})"))>
                            <title>{name.clone()}</title>
                        </rect>
                    }
                }).collect_view()}
                {nodes.iter().enumerate().map(|(index, (_, name, colour))| {
                    let (x, y) = place(index);
                    view! { <circle cx=x cy=y r="7" fill=colour.clone() class="node"><title>{name.clone()}</title></circle> }
                }).collect_view()}
            </svg>
        }
        .into_any()
    }
}

/// A number as a chart shows it: whole numbers without decimals, others with two.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.2}") }
}
