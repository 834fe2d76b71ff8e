//! Fields inside a row of a list (a planned deliverable, an indicator): named by their
//! `aria-label`, each with the rules it broke under it.

use super::*;

/// A one-line input inside a row of a list (a planned deliverable, an indicator), named by its
/// `aria-label` rather than a visible label, with the rules it broke under it.
#[component]
pub fn RowInput(
    form: FormState,
    /// The field's full name as the server reports it, e.g. `planned_deliverables[0].title`.
    #[prop(into)]
    name: String,
    #[prop(into)] label: Text,
    value: RwSignal<String>,
    /// The input's class, which also sizes it.
    class: &'static str,
    #[prop(default = "text")] input_type: &'static str,
) -> impl IntoView {
    let (id, described_by) = (form.id(&name), described_by(form, &name, false));
    let name = StoredValue::new(name);
    let invalid = move || name.with_value(|name| (!form.errors_of(name).is_empty()).to_string());
    let inputmode = (input_type == "number").then_some("decimal");
    let input_type = if input_type == "number" { "text" } else { input_type };
    view! {
        <span class="row-field">
            <input
                id=id
                class=class
                type=input_type
                inputmode=inputmode
                aria-label=label
                placeholder=label
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            />
            <FieldMessages form=form name=name />
        </span>
    }
}

/// A select inside a row of a list, among translated choices.
#[component]
pub fn RowSelect(
    form: FormState,
    #[prop(into)] name: String,
    #[prop(into)] label: Text,
    value: RwSignal<String>,
    choices: Vec<Choice>,
) -> impl IntoView {
    let (id, described_by) = (form.id(&name), described_by(form, &name, false));
    let name = StoredValue::new(name);
    let invalid = move || name.with_value(|name| (!form.errors_of(name).is_empty()).to_string());
    view! {
        <span class="row-field">
            <select
                id=id
                aria-label=label
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:change=move |event| value.set(event_target_value(&event))
            >
                {options(choices, value)}
            </select>
            <FieldMessages form=form name=name />
        </span>
    }
}
