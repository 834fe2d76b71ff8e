//! Adding or editing an indicator: its dimension, baseline, target, SDG target and agreement.

use super::*;

/// Declared breakdowns as people type them: `sex: female, male; area: urban, rural`.
pub(crate) fn breakdowns_text(declared: &Disaggregations) -> String {
    declared
        .iter()
        .map(|(dimension, values)| format!("{dimension}: {}", values.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Reads `sex: female, male; area: urban, rural`; the `shared` rules then check each name.
pub(crate) fn read_breakdowns(errors: &mut ValidationErrors, text: &str) -> Disaggregations {
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
pub(crate) fn IndicatorForm(
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
        form.write(async move {
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
