//! The labelled inputs: text, long text, choice and checkboxes, each with its hint and its broken rules.

use super::*;

/// The text of one broken rule. In English the rule's own message says it best; in the other
/// languages the rule is named in the interface language, followed by the English detail.
#[component]
pub(crate) fn RuleMessage(error: FieldError) -> impl IntoView {
    let i18n = use_i18n();
    let rule = error.rule;
    let message = error.message;
    move || {
        if i18n.get_locale() == Locale::en {
            view! { <span>{message.clone()}</span> }.into_any()
        } else {
            view! { <span>{label(rule)} " (" <span lang="en">{message.clone()}</span> ")"</span> }.into_any()
        }
    }
}

/// The messages under one field, referenced by the input's `aria-describedby`.
#[component]
pub(crate) fn FieldMessages(form: FormState, name: StoredValue<String>) -> impl IntoView {
    let id = format!("{}-error", form.id(&name.get_value()));
    view! {
        <div class="field-error" id=id>
            <For each=move || name.with_value(|name| form.errors_of(name)) key=|error| (error.field.clone(), error.message.clone()) let(error)>
                <p><RuleMessage error=error /></p>
            </For>
        </div>
    }
}

pub(crate) fn described_by(form: FormState, name: &str, has_hint: bool) -> String {
    let mut ids = vec![format!("{}-error", form.id(name))];
    if has_hint {
        ids.push(format!("{}-hint", form.id(name)));
    }
    ids.join(" ")
}

/// The label of a field, marking optional ones.
#[component]
pub(crate) fn FieldLabel(form: FormState, name: StoredValue<String>, label: Text, required: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for=form.id(&name.get_value())>
            {label}
            <Show when=move || !required>
                <span class="optional">" (" {t!(i18n, form.optional)} ")"</span>
            </Show>
        </label>
    }
}

/// A one-line input: text, date, number, URL, email or phone.
#[component]
pub fn InputField(
    form: FormState,
    /// The field's name in the request body, which is also how the server names it in errors.
    #[prop(into)]
    name: String,
    #[prop(into)] label: Text,
    value: RwSignal<String>,
    /// The input's `type`.
    #[prop(default = "text")]
    input_type: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: Option<Text>,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional, into)]
    list: Option<String>,
) -> impl IntoView {
    let (id, hint_id) = (form.id(&name), format!("{}-hint", form.id(&name)));
    let described_by = described_by(form, &name, hint.is_some());
    let name = StoredValue::new(name);
    let invalid = move || name.with_value(|name| (!form.errors_of(name).is_empty()).to_string());
    let inputmode = (input_type == "number").then_some("decimal");
    let step = (input_type == "number").then_some("any");
    view! {
        <div class="field">
            <FieldLabel form=form name=name label=label required=required />
            <input
                id=id
                name=name.get_value()
                type=input_type
                step=step
                inputmode=inputmode
                list=list
                aria-required=required.to_string()
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <FieldMessages form=form name=name />
        </div>
    }
}

/// A multi-line text.
#[component]
pub fn TextAreaField(
    form: FormState,
    #[prop(into)] name: String,
    #[prop(into)] label: Text,
    value: RwSignal<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let (id, described_by) = (form.id(&name), described_by(form, &name, false));
    let name = StoredValue::new(name);
    let invalid = move || name.with_value(|name| (!form.errors_of(name).is_empty()).to_string());
    view! {
        <div class="field field-wide">
            <FieldLabel form=form name=name label=label required=required />
            <textarea
                id=id
                name=name.get_value()
                rows="3"
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            ></textarea>
            <FieldMessages form=form name=name />
        </div>
    }
}

/// One choice of a select: its wire value and its translated label.
pub type Choice = (String, Text);

/// The choices of a `shared` wire enum, labelled in the interface language.
pub fn choices<T: Copy>(all: &[T], wire: fn(T) -> &'static str, label: impl Fn(T) -> Text) -> Vec<Choice> {
    all.iter().map(|&item| (wire(item).to_owned(), label(item))).collect()
}

/// The interface languages as choices, each named in the interface language.
pub fn language_choices() -> Vec<Choice> {
    let i18n = use_i18n();
    vec![
        ("en".to_owned(), Signal::derive(move || t_string!(i18n, app.lang_en).to_string())),
        ("fr".to_owned(), Signal::derive(move || t_string!(i18n, app.lang_fr).to_string())),
        ("es".to_owned(), Signal::derive(move || t_string!(i18n, app.lang_es).to_string())),
    ]
}

/// The `<option>`s of a select bound to `value`.
pub(crate) fn options(choices: Vec<Choice>, value: RwSignal<String>) -> impl IntoView {
    choices
        .into_iter()
        .map(|(wire, label)| {
            let selected = {
                let wire = wire.clone();
                move || value.with(|v| *v == wire)
            };
            view! { <option value=wire selected=selected>{label}</option> }
        })
        .collect_view()
}

/// A select among fixed choices; `empty` adds a first choice meaning "none".
#[component]
pub fn SelectField(
    form: FormState,
    #[prop(into)] name: String,
    #[prop(into)] label: Text,
    value: RwSignal<String>,
    choices: Vec<Choice>,
    #[prop(optional, into)] empty: Option<Text>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let (id, described_by) = (form.id(&name), described_by(form, &name, false));
    let name = StoredValue::new(name);
    let invalid = move || name.with_value(|name| (!form.errors_of(name).is_empty()).to_string());
    view! {
        <div class="field">
            <FieldLabel form=form name=name label=label required=required />
            <select
                id=id
                name=name.get_value()
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:change=move |event| value.set(event_target_value(&event))
            >
                {empty.map(|empty| view! { <option value="">{empty}</option> })}
                {options(choices, value)}
            </select>
            <FieldMessages form=form name=name />
        </div>
    }
}

/// A yes/no question.
#[component]
pub fn CheckboxField(
    form: FormState,
    #[prop(into)] name: String,
    #[prop(into)] label: Text,
    value: RwSignal<bool>,
) -> impl IntoView {
    let (id, name) = (form.id(&name), StoredValue::new(name));
    view! {
        <div class="field field-check">
            <input
                id=id.clone()
                name=name.get_value()
                type="checkbox"
                prop:checked=move || value.get()
                on:change=move |event| value.set(event_target_checked(&event))
            />
            <label for=id>{label}</label>
            <FieldMessages form=form name=name />
        </div>
    }
}

/// Several of a list: ticked ids are kept in `value`.
#[component]
pub fn CheckboxesField(
    form: FormState,
    #[prop(into)] name: String,
    #[prop(into)] label: Text,
    value: RwSignal<Vec<String>>,
    /// Ids and their names.
    choices: Vec<(String, String)>,
) -> impl IntoView {
    let (id, described_by) = (form.id(&name), described_by(form, &name, false));
    let name = StoredValue::new(name);
    view! {
        <fieldset class="field field-wide checkboxes" id=id.clone() aria-describedby=described_by>
            <legend>{label}</legend>
            {choices
                .into_iter()
                .map(|(id, choice_name)| {
                    // `proposal-manifestos-ecology`: unique on the page, and stable for one choice.
                    let input_id = name.with_value(|name| form.id(&format!("{name}-{id}")));
                    let checked = {
                        let id = id.clone();
                        move || value.with(|ids| ids.contains(&id))
                    };
                    let wire = id.clone();
                    let toggle = move |event| {
                        let on = event_target_checked(&event);
                        value.update(|ids| {
                            ids.retain(|other| *other != id);
                            if on {
                                ids.push(id.clone());
                            }
                        });
                    };
                    view! {
                        <div class="field-check">
                            <input id=input_id.clone() type="checkbox" value=wire prop:checked=checked on:change=toggle />
                            <label for=input_id>{choice_name}</label>
                        </div>
                    }
                })
                .collect_view()}
            <FieldMessages form=form name=name />
        </fieldset>
    }
}
