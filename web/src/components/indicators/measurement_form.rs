//! Recording one measurement of an indicator, with its breakdown.

use super::*;

/// Records a measurement of `indicator`: the total, or one breakdown of its declared dimensions.
#[component]
pub(crate) fn MeasurementForm(indicator: Indicator, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
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
        form.write(async move {
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
