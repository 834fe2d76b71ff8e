//! `/dashboard`: the network's figures for everyone. Every chart follows the filters, which live
//! in the URL so a view can be shared, and has a table of its numbers and a CSV of the same data.

use l4a_shared::hub::HubStatus;
use l4a_shared::indicator::Dimension;
use l4a_shared::metrics::{MetricsSummary, NetworkGraph, Timeseries};
use l4a_shared::organisation::WorldRegion;
use l4a_shared::query::MetricsQuery;
use l4a_shared::sdg::sdg_colour;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, metrics_url};
use crate::components::charts::{Bar, BarChart, ChartFigure, LineChart, NetworkChart, RateBar, format_number};
use crate::components::feedback::{FetchFailed, Loading};
use crate::components::layout::set_page_title;
use crate::components::open_data::OpenDataLinks;
use crate::components::references::use_references;
use crate::components::sdg::use_sdgs;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::{label, lang_of};

const FILTER_KEYS: [&str; 4] = ["region", "sdg", "manifesto", "status"];

/// `/dashboard`.
#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let url_query = use_query_map();
    // A parameter the rules refuse (edited by hand) is dropped rather than failing the page.
    let query = Memo::new(move |_| {
        let map = url_query.read();
        let pairs: Vec<(&str, String)> = FILTER_KEYS
            .iter()
            .filter_map(|key| map.get(key).map(|value| (*key, value)))
            .filter(|(key, value)| MetricsQuery::parse([(*key, value.as_str())]).is_ok())
            .collect();
        MetricsQuery::parse(pairs.iter().map(|(k, v)| (*k, v.as_str()))).unwrap_or_default()
    });
    let summary = LocalResource::new(move || {
        let query = query.get();
        async move { api::metrics_summary(&query).await }
    });
    let series = LocalResource::new(move || {
        let query = query.get();
        async move { api::metrics_timeseries(&query).await }
    });
    let graph = LocalResource::new(move || {
        let query = query.get();
        async move { api::metrics_network(&query).await }
    });
    set_page_title(move || t_string!(i18n, dashboard.title).to_string());
    // The CSV of an endpoint with the page's filters, labels in the interface language.
    let csv = move |endpoint: &'static str| {
        Signal::derive(move || {
            let lang = Some(lang_of(i18n.get_locale()));
            let format = Some(l4a_shared::metrics::MetricsFormat::Csv);
            metrics_url(endpoint, &MetricsQuery { format, lang, ..query.get() })
        })
    };
    view! {
        <div class="container dashboard">
            <section class="intro">
                <h1>{t!(i18n, dashboard.title)}</h1>
                <p>{t!(i18n, dashboard.intro)}</p>
            </section>
            <Filters query=query />
            <Transition fallback=move || view! { <Loading>{t!(i18n, dashboard.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(figures) => view! { <SummaryCharts summary=figures csv=csv("summary") /> }.into_any(),
                        Err(failure) => view! { <FetchFailed failure=failure retry=move |()| summary.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
            <div class="chart-grid">
                <Transition fallback=move || view! { <Loading>{t!(i18n, dashboard.loading)}</Loading> }>
                    {move || Suspend::new(async move {
                        match series.await {
                            Ok(points) => view! { <SeriesChart series=points csv=csv("timeseries") /> }.into_any(),
                            Err(failure) => view! { <FetchFailed failure=failure retry=move |()| series.refetch() /> }.into_any(),
                        }
                    })}
                </Transition>
                <Transition fallback=move || view! { <Loading>{t!(i18n, dashboard.loading)}</Loading> }>
                    {move || Suspend::new(async move {
                        match graph.await {
                            Ok(network) => view! { <NetworkView graph=network csv=csv("network") /> }.into_any(),
                            Err(failure) => view! { <FetchFailed failure=failure retry=move |()| graph.refetch() /> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
            <OpenDataLinks />
        </div>
    }
}

/// The region, goal, manifesto and status filters; each change is a navigation.
#[component]
fn Filters(query: Memo<MetricsQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let sdgs = use_sdgs();
    let references = use_references();
    let navigate = use_navigate();
    let go = move |next: MetricsQuery| {
        let text = next.to_query_string();
        navigate(
            &if text.is_empty() { "/dashboard".to_owned() } else { format!("/dashboard?{text}") },
            Default::default(),
        );
    };
    let chosen = |event: &leptos::ev::Event| Some(event_target_value(event)).filter(|value| !value.is_empty());
    let on_region = {
        let go = go.clone();
        move |event| go(MetricsQuery { region: chosen(&event).and_then(|v| v.parse().ok()), ..query.get_untracked() })
    };
    let on_sdg = {
        let go = go.clone();
        move |event| go(MetricsQuery { sdg: chosen(&event).and_then(|v| v.parse().ok()), ..query.get_untracked() })
    };
    let on_manifesto = {
        let go = go.clone();
        move |event| go(MetricsQuery { manifesto: chosen(&event), ..query.get_untracked() })
    };
    let on_status =
        move |event| go(MetricsQuery { status: chosen(&event).and_then(|v| v.parse().ok()), ..query.get_untracked() });
    let manifesto_value = move || {
        let _ = references.get();
        query.get().manifesto.unwrap_or_default()
    };
    view! {
        <form class="filters" aria-label=move || t_string!(i18n, dashboard.filters) on:submit=|event| event.prevent_default()>
            <div class="field">
                <label for="dashboard-region">{t!(i18n, dashboard.region)}</label>
                <select id="dashboard-region" on:change=on_region prop:value=move || query.get().region.map(|r| r.as_str()).unwrap_or_default()>
                    <option value="">{t!(i18n, dashboard.region_any)}</option>
                    {WorldRegion::ALL.iter().map(|&region| view! { <option value=region.as_str()>{label(region)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="dashboard-sdg">{t!(i18n, catalogue.sdg_label)}</label>
                <select id="dashboard-sdg" on:change=on_sdg prop:value=move || query.get().sdg.map(|n| n.to_string()).unwrap_or_default()>
                    <option value="">{t!(i18n, catalogue.sdg_any)}</option>
                    {(1..=17u8).map(|number| {
                        let name = move || format!("{number}. {}", sdgs.short_name(number).unwrap_or_default());
                        view! { <option value=number.to_string()>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="dashboard-manifesto">{t!(i18n, catalogue.manifesto_label)}</label>
                <select id="dashboard-manifesto" on:change=on_manifesto prop:value=manifesto_value>
                    <option value="">{t!(i18n, catalogue.manifesto_any)}</option>
                    {move || {
                        let lang = lang_of(i18n.get_locale());
                        let manifestos = references.get().and_then(Result::ok).map(|(m, _)| m).unwrap_or_default();
                        manifestos.into_iter().map(|m| view! { <option value=m.key.clone()>{m.name.get(lang).to_owned()}</option> }).collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="dashboard-status">{t!(i18n, catalogue.status_label)}</label>
                <select id="dashboard-status" on:change=on_status prop:value=move || query.get().status.map(|s| s.as_str()).unwrap_or_default()>
                    <option value="">{t!(i18n, dashboard.status_any)}</option>
                    {HubStatus::ALL.iter().map(|&status| view! { <option value=status.as_str()>{label(status)}</option> }).collect_view()}
                </select>
            </div>
        </form>
    }
}

/// The rows of a chart's table from its bars.
fn rows_of(bars: &[Bar]) -> Vec<(String, String)> {
    bars.iter().map(|bar| (bar.label.clone(), format_number(bar.value))).collect()
}

/// Hubs per region and per goal, deliverables on time, indicators on track.
#[component]
fn SummaryCharts(summary: MetricsSummary, csv: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let summary = StoredValue::new(summary);
    let text = move |key: fn(crate::labels::I18n) -> String| Signal::derive(move || key(i18n));
    let regions = Signal::derive(move || {
        let counts = summary.with_value(|s| s.hubs.by_region.clone());
        counts
            .into_iter()
            .filter_map(|c| {
                let region: WorldRegion = c.key.parse().ok()?;
                Some(Bar { label: label(region)(), value: f64::from(c.count), colour: "#0b3b66".to_owned() })
            })
            .collect::<Vec<_>>()
    });
    let goals = Signal::derive(move || {
        summary
            .with_value(|s| s.hubs.by_sdg.clone())
            .into_iter()
            .filter_map(|c| {
                let number: u8 = c.key.parse().ok()?;
                Some(Bar {
                    label: format!("SDG {number}"),
                    value: f64::from(c.count),
                    colour: sdg_colour(number).to_owned(),
                })
            })
            .collect::<Vec<_>>()
    });
    let dimensions = Signal::derive(move || {
        summary.with_value(|s| {
            let i = &s.indicators;
            [
                (Dimension::Acceleration, i.on_track.acceleration),
                (Dimension::Synchronization, i.on_track.synchronization),
                (Dimension::LocalGlobal, i.on_track.local_global),
            ]
            .into_iter()
            .map(|(dimension, on_track)| Bar {
                label: label(dimension)(),
                value: f64::from(on_track),
                colour: "#3f7e44".to_owned(),
            })
            .collect::<Vec<_>>()
        })
    });
    let (total, delivered, on_time, late, rate) = summary.with_value(|s| {
        let d = &s.deliverables;
        (d.total, d.delivered, d.delivered_on_time, d.late, d.on_time_rate)
    });
    let deliverable_rows = Signal::derive(move || {
        vec![
            (t_string!(i18n, dashboard.deliverables_total).to_string(), total.to_string()),
            (t_string!(i18n, dashboard.delivered).to_string(), delivered.to_string()),
            (t_string!(i18n, dashboard.delivered_on_time).to_string(), on_time.to_string()),
            (t_string!(i18n, dashboard.late).to_string(), late.to_string()),
        ]
    });
    let hubs_total = summary.with_value(|s| s.hubs.total);
    let columns = |first: fn(crate::labels::I18n) -> String| {
        Signal::derive(move || (first(i18n), t_string!(i18n, dashboard.count).to_string()))
    };
    let no_hub = text(|i18n| t_string!(i18n, dashboard.no_hub).to_string());
    view! {
        <p class="result-count" aria-live="polite">{t!(i18n, dashboard.hubs_counted, count = move || hubs_total.to_string())}</p>
        <div class="chart-grid">
            <ChartFigure id="chart-regions" caption=text(|i18n| t_string!(i18n, dashboard.by_region).to_string()) csv=csv
                csv_label=text(|i18n| t_string!(i18n, dashboard.download_csv).to_string()) table_label=text(|i18n| t_string!(i18n, dashboard.show_table).to_string())
                columns=columns(|i18n| t_string!(i18n, dashboard.region).to_string()) rows=Signal::derive(move || rows_of(&regions.get()))>
                <BarChart bars=regions empty=no_hub />
            </ChartFigure>
            <ChartFigure id="chart-goals" caption=text(|i18n| t_string!(i18n, dashboard.by_sdg).to_string()) csv=csv
                csv_label=text(|i18n| t_string!(i18n, dashboard.download_csv).to_string()) table_label=text(|i18n| t_string!(i18n, dashboard.show_table).to_string())
                columns=columns(|i18n| t_string!(i18n, catalogue.sdg_label).to_string()) rows=Signal::derive(move || rows_of(&goals.get()))>
                <BarChart bars=goals empty=no_hub />
            </ChartFigure>
            <ChartFigure id="chart-deliverables" caption=text(|i18n| t_string!(i18n, dashboard.on_time).to_string()) csv=csv
                csv_label=text(|i18n| t_string!(i18n, dashboard.download_csv).to_string()) table_label=text(|i18n| t_string!(i18n, dashboard.show_table).to_string())
                columns=columns(|i18n| t_string!(i18n, dashboard.figure).to_string()) rows=deliverable_rows>
                <RateBar rate=Signal::derive(move || rate) undefined=text(|i18n| t_string!(i18n, dashboard.nothing_delivered).to_string()) />
            </ChartFigure>
            <ChartFigure id="chart-indicators" caption=text(|i18n| t_string!(i18n, dashboard.on_track).to_string()) csv=csv
                csv_label=text(|i18n| t_string!(i18n, dashboard.download_csv).to_string()) table_label=text(|i18n| t_string!(i18n, dashboard.show_table).to_string())
                columns=columns(|i18n| t_string!(i18n, dashboard.dimension).to_string()) rows=Signal::derive(move || rows_of(&dimensions.get()))>
                <BarChart bars=dimensions empty=no_hub />
            </ChartFigure>
        </div>
    }
}

/// Indicators on track at the end of each of the last twelve months.
#[component]
fn SeriesChart(series: Timeseries, csv: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let points: Vec<(String, f64)> = series
        .points
        .iter()
        .map(|p| (p.period_start.format("%Y-%m").to_string(), f64::from(p.indicators_on_track)))
        .collect();
    let rows: Vec<(String, String)> =
        points.iter().map(|(period, value)| (period.clone(), format_number(*value))).collect();
    let text = move |key: fn(crate::labels::I18n) -> String| Signal::derive(move || key(i18n));
    view! {
        <ChartFigure id="chart-series" caption=text(|i18n| t_string!(i18n, dashboard.series).to_string()) csv=csv
            csv_label=text(|i18n| t_string!(i18n, dashboard.download_csv).to_string()) table_label=text(|i18n| t_string!(i18n, dashboard.show_table).to_string())
            columns=Signal::derive(move || (t_string!(i18n, dashboard.month).to_string(), t_string!(i18n, dashboard.count).to_string()))
            rows=Signal::derive(move || rows.clone())>
            <LineChart points=Signal::derive(move || points.clone()) empty=text(|i18n| t_string!(i18n, dashboard.no_hub).to_string()) />
        </ChartFigure>
    }
}

/// The hubs and their connections.
#[component]
fn NetworkView(graph: NetworkGraph, csv: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let nodes: Vec<(String, String, String)> = graph
        .nodes
        .iter()
        .map(|n| (n.id.clone(), n.name.clone(), sdg_colour(n.sdgs.first().copied().unwrap_or(17)).to_owned()))
        .collect();
    let edges: Vec<(String, String)> = graph.edges.iter().map(|e| (e.source.clone(), e.target.clone())).collect();
    let groups: Vec<(String, String, String)> = graph
        .groups
        .iter()
        .map(|g| (g.id.clone(), g.name.clone(), g.kind.as_str().trim_end_matches('s').to_owned()))
        .collect();
    // Hub → group, and each recommendation → the council it is written for.
    let links: Vec<(String, String)> = graph
        .memberships
        .iter()
        .map(|m| (m.hub.clone(), m.group.clone()))
        .chain(graph.groups.iter().filter_map(|g| {
            g.policy_council_id.as_ref().map(|council| (g.id.clone(), format!("policy_council:{council}")))
        }))
        .collect();
    let rows: Vec<(String, String)> =
        graph.nodes.iter().map(|n| (n.name.clone(), n.synchronization_degree.to_string())).collect();
    let text = move |key: fn(crate::labels::I18n) -> String| Signal::derive(move || key(i18n));
    view! {
        <ChartFigure id="chart-network" caption=text(|i18n| t_string!(i18n, dashboard.network).to_string()) csv=csv
            csv_label=text(|i18n| t_string!(i18n, dashboard.download_csv).to_string()) table_label=text(|i18n| t_string!(i18n, dashboard.show_table).to_string())
            columns=Signal::derive(move || (t_string!(i18n, dashboard.hub).to_string(), t_string!(i18n, dashboard.degree).to_string()))
            rows=Signal::derive(move || rows.clone())>
            <NetworkChart nodes=Signal::derive(move || nodes.clone()) edges=Signal::derive(move || edges.clone())
                groups=Signal::derive(move || groups.clone()) links=Signal::derive(move || links.clone())
                empty=text(|i18n| t_string!(i18n, dashboard.no_hub).to_string()) />
        </ChartFigure>
    }
}
