//! What every form is made of: fields bound to signals, the errors of each field (found in the
//! browser by the same `shared` rules the server runs, or read from the server's problem
//! document), a summary of them, and the busy state while a request runs.
//!
//! Forms are `novalidate`: the browser's own bubbles would speak another language than the page
//! and know none of the label's rules, so every message comes from here.

use std::future::Future;
use std::str::FromStr;

use chrono::NaiveDate;
use l4a_shared::validation::{FieldError, Invalid, Rule, ValidationErrors};
use leptos::prelude::*;

use crate::api::{ApiFailure, Versioned};
use crate::components::edits::HubEdits;
use crate::components::feedback::{ErrorPanel, Loading};
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::labels::label;

/// A translated text that follows the interface language.
pub type Text = Signal<String>;

/// The state of one form: its errors, a failure that belongs to no field, and whether it is busy.
#[derive(Clone, Copy)]
pub struct FormState {
    prefix: StoredValue<String>,
    errors: RwSignal<Vec<FieldError>>,
    failure: RwSignal<Option<ApiFailure>>,
    busy: RwSignal<bool>,
}

impl FormState {
    /// A form whose element ids start with `prefix`, unique on the page.
    pub fn new(prefix: impl Into<String>) -> Self {
        Self {
            prefix: StoredValue::new(prefix.into()),
            errors: RwSignal::new(Vec::new()),
            failure: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// The element id of `field`'s input.
    pub fn id(self, field: &str) -> String {
        let field: String = field.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        format!("{}-{field}", self.prefix.get_value())
    }

    /// The errors of `field` and of its parts (`agreed_by[2]`, `disaggregation.sex`).
    pub fn errors_of(self, field: &str) -> Vec<FieldError> {
        self.errors.with(|errors| {
            errors
                .iter()
                .filter(|error| {
                    error.field == field
                        || error.field.strip_prefix(field).is_some_and(|rest| rest.starts_with(['.', '[']))
                })
                .cloned()
                .collect()
        })
    }

    /// Whether a request is running.
    pub fn busy(self) -> bool {
        self.busy.get()
    }

    /// Shows the rules the input broke, found before sending anything.
    pub fn refuse(self, errors: ValidationErrors) {
        self.failure.set(None);
        self.errors.set(errors.0);
    }

    /// Forgets every error, e.g. when the form is reopened.
    pub fn clear(self) {
        self.failure.set(None);
        self.errors.set(Vec::new());
    }

    /// Runs a request while the form shows it is busy. On failure the form shows the server's
    /// problem (its field errors beside their fields) and `None` is returned.
    pub async fn run<T>(self, request: impl Future<Output = Result<T, ApiFailure>>) -> Option<T> {
        self.busy.set(true);
        let result = request.await;
        self.busy.set(false);
        match result {
            Ok(value) => {
                self.clear();
                Some(value)
            }
            Err(failure) => {
                let field_errors = match &failure {
                    ApiFailure::Problem(problem) => problem.errors.clone(),
                    ApiFailure::Network(_) | ApiFailure::Unexpected(_) => Vec::new(),
                };
                self.errors.set(field_errors);
                self.failure.set(Some(failure));
                None
            }
        }
    }
}

/// The text of one broken rule. In English the rule's own message says it best; in the other
/// languages the rule is named in the interface language, followed by the English detail.
#[component]
fn RuleMessage(error: FieldError) -> impl IntoView {
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
fn FieldMessages(form: FormState, name: StoredValue<String>) -> impl IntoView {
    let id = format!("{}-error", form.id(&name.get_value()));
    view! {
        <div class="field-error" id=id>
            <For each=move || name.with_value(|name| form.errors_of(name)) key=|error| (error.field.clone(), error.message.clone()) let(error)>
                <p><RuleMessage error=error /></p>
            </For>
        </div>
    }
}

fn described_by(form: FormState, name: &str, has_hint: bool) -> String {
    let mut ids = vec![format!("{}-error", form.id(name))];
    if has_hint {
        ids.push(format!("{}-hint", form.id(name)));
    }
    ids.join(" ")
}

/// The label of a field, marking optional ones.
#[component]
fn FieldLabel(form: FormState, name: StoredValue<String>, label: Text, required: bool) -> impl IntoView {
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
                {choices
                    .into_iter()
                    .map(|(wire, label)| {
                        let selected = {
                            let wire = wire.clone();
                            move || value.with(|v| *v == wire)
                        };
                        view! { <option value=wire selected=selected>{label}</option> }
                    })
                    .collect_view()}
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
                .enumerate()
                .map(|(index, (id, choice_name))| {
                    let input_id = format!("{id}-{index}");
                    let checked = {
                        let id = id.clone();
                        move || value.with(|ids| ids.contains(&id))
                    };
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
                            <input id=input_id.clone() type="checkbox" prop:checked=checked on:change=toggle />
                            <label for=input_id>{choice_name}</label>
                        </div>
                    }
                })
                .collect_view()}
            <FieldMessages form=form name=name />
        </fieldset>
    }
}

/// The errors that belong to no field on screen, and the server's detail when it refused.
#[component]
pub fn FormSummary(form: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let detail = move || {
        form.failure.get().map(|failure| match failure {
            ApiFailure::Problem(problem) if problem.status == 412 => {
                t_string!(i18n, form.changed_elsewhere).to_string()
            }
            ApiFailure::Problem(problem) => problem.detail,
            ApiFailure::Network(_) => t_string!(i18n, error.network).to_string(),
            ApiFailure::Unexpected(message) => message,
        })
    };
    let has_errors = move || form.failure.with(Option::is_some) || form.errors.with(|errors| !errors.is_empty());
    view! {
        <div class="form-summary" role="alert">
            <Show when=has_errors>
                <div class="error-panel">
                    <p><strong>{t!(i18n, form.errors_title)}</strong></p>
                    {move || detail().map(|detail| view! { <p class="error-detail">{detail}</p> })}
                    <ul>
                        <For
                            each=move || form.errors.get()
                            key=|error| (error.field.clone(), error.message.clone())
                            let(error)
                        >
                            <li>
                                <a href=format!("#{}", form.id(&error.field))>{error.field.clone()}</a>
                                ": "
                                <RuleMessage error=error />
                            </li>
                        </For>
                    </ul>
                </div>
            </Show>
        </div>
    }
}

/// Save and cancel.
#[component]
pub fn FormActions(form: FormState, #[prop(into)] on_cancel: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-actions">
            <button type="submit" class="button primary" disabled=move || form.busy() aria-busy=move || form.busy().to_string()>
                {move || if form.busy() { t_string!(i18n, form.saving) } else { t_string!(i18n, form.save) }}
            </button>
            <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                {t!(i18n, form.cancel)}
            </button>
        </div>
    }
}

/// A delete button that asks once more before deleting.
#[component]
pub fn DeleteButton(
    /// What is deleted, as the user knows it.
    name: String,
    #[prop(into)] on_confirm: Callback<()>,
    /// The button's word when it is not "Delete" (revoking a key).
    #[prop(optional)]
    verb: Option<Text>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let name = StoredValue::new(name);
    let question = move || t_string!(i18n, form.delete_question, name = name.get_value()).to_string();
    let label = move || t_string!(i18n, form.delete_label, name = name.get_value()).to_string();
    let allowed = editing_allowed();
    view! {
        <Show when=allowed>
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button type="button" class="button danger small" aria-label=label on:click=move |_| asking.set(true)>
                    {move || verb.map_or_else(|| t_string!(i18n, form.delete).to_string(), |verb| verb.get())}
                </button>
            }
        >
            <span class="confirm" role="group">
                <span>{question}</span>
                <button type="button" class="button danger small confirm-delete" on:click=move |_| {
                    asking.set(false);
                    on_confirm.run(());
                }>
                    {t!(i18n, form.confirm_delete)}
                </button>
                <button type="button" class="button small" on:click=move |_| asking.set(false)>
                    {t!(i18n, form.keep)}
                </button>
            </span>
        </Show>
        </Show>
    }
}

/// Readers of the raw text of inputs: each records why a value cannot be read.
pub mod read {
    use super::*;

    /// Trimmed text; `None` when empty.
    pub fn optional_text(text: &str) -> Option<String> {
        Some(text.trim()).filter(|t| !t.is_empty()).map(str::to_owned)
    }

    /// A required `YYYY-MM-DD` date.
    pub fn date(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<NaiveDate> {
        match text.trim() {
            "" => {
                errors.push(field, Invalid::new(Rule::Required, "a date is required"));
                None
            }
            text => optional_date(errors, field, text),
        }
    }

    /// An optional `YYYY-MM-DD` date.
    pub fn optional_date(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<NaiveDate> {
        let text = optional_text(text)?;
        let parsed = NaiveDate::parse_from_str(&text, "%Y-%m-%d");
        errors.check(field, parsed.map_err(|_| Invalid::new(Rule::Format, format!("{text} is not a YYYY-MM-DD date"))))
    }

    /// A required number; a decimal comma is read as a decimal point.
    pub fn number(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<f64> {
        let text = text.trim();
        if text.is_empty() {
            errors.push(field, Invalid::new(Rule::Required, "a number is required"));
            return None;
        }
        let normalised = if text.contains('.') { text.to_owned() } else { text.replace(',', ".") };
        let parsed = normalised.parse::<f64>().ok().filter(|v| v.is_finite());
        errors.check(field, parsed.ok_or_else(|| Invalid::new(Rule::Type, format!("{text} is not a number"))))
    }

    /// An optional whole number.
    pub fn optional_integer(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<i32> {
        let text = optional_text(text)?;
        let parsed = text.parse::<i32>().map_err(|_| Invalid::new(Rule::Type, format!("{text} is not a whole number")));
        errors.check(field, parsed)
    }

    /// One of a wire enum's values.
    pub fn choice<T: FromStr>(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<T> {
        let parsed = text.parse::<T>().map_err(|_| Invalid::new(Rule::Required, "choose one"));
        errors.check(field, parsed)
    }

    /// Merges the errors of the `shared` rules into those found while reading. A field that could
    /// not be read was checked with a stand-in value, so the rules say nothing more about it.
    pub fn rules<T>(errors: &mut ValidationErrors, result: Result<T, ValidationErrors>) {
        if let Err(broken) = result {
            let unread: Vec<String> = errors.0.iter().map(|error| error.field.clone()).collect();
            errors.0.extend(broken.0.into_iter().filter(|error| !unread.contains(&error.field)));
        }
    }
}

/// Whether editing controls belong on this page: always outside a hub's page, and on a hub's
/// page only for those who may change it.
fn editing_allowed() -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let edits = use_context::<HubEdits>();
    move || edits.is_none_or(HubEdits::can_edit)
}

/// The button that opens (and closes) a section's "add" form.
#[component]
pub fn AddButton(
    open: RwSignal<bool>,
    /// The id of the form it opens.
    #[prop(into)]
    controls: String,
    children: ChildrenFn,
) -> impl IntoView {
    let controls = StoredValue::new(controls);
    view! {
        <Show when=editing_allowed()>
            <button
                type="button"
                class="button add-button"
                aria-expanded=move || open.get().to_string()
                aria-controls=controls.get_value()
                on:click=move |_| open.update(|open| *open = !*open)
            >
                {children()}
            </button>
        </Show>
    }
}

/// Edit and delete buttons of one item of a listing.
#[component]
pub fn ItemActions(
    /// The item as the user knows it, for the buttons' accessible names.
    name: String,
    #[prop(into)] on_edit: Option<Callback<()>>,
    #[prop(into)] on_delete: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edit_label = {
        let name = name.clone();
        move || t_string!(i18n, form.edit_label, name = name.clone()).to_string()
    };
    let name = StoredValue::new(name);
    view! {
        <Show when=editing_allowed()>
            <div class="item-actions">
                {on_edit.map(|on_edit| view! {
                    <button type="button" class="button small edit-button" aria-label=edit_label.clone() on:click=move |_| on_edit.run(())>
                        {t!(i18n, form.edit)}
                    </button>
                })}
                <DeleteButton name=name.get_value() on_confirm=on_delete />
            </div>
        </Show>
    }
}

/// Loads the current version of a record, then shows its edit form.
pub fn editor<T, V>(
    current: LocalResource<Result<Versioned<T>, ApiFailure>>,
    form: impl Fn(Versioned<T>) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <Loading>{t!(i18n, form.loading)}</Loading> }>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    match current.await {
                        Ok(current) => form(current).into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
