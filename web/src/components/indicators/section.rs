//! A hub's indicators: each with its figures, and the section its managers edit.

use super::*;

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
pub(crate) fn IndicatorItem(hub: Hub, indicator: Indicator) -> impl IntoView {
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
pub(crate) fn IndicatorCard(indicator: Indicator, editing: RwSignal<bool>) -> impl IntoView {
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
                            edits.send(async move { api::delete_indicator(&id).await }, t_string!(i18n, form.deleted, name = name).to_string());
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
