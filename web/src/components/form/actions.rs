//! What surrounds the fields: the summary of what went wrong, the save and delete buttons, and the editing toggles.

use super::*;

/// The errors that belong to no field on screen, and the server's detail when it refused.
#[component]
pub fn FormSummary(form: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let detail = move || {
        form.failure.get().map(|failure| match failure {
            ApiFailure::Problem(problem) if problem.status == 412 => {
                t_string!(i18n, form.changed_elsewhere).to_string()
            }
            other => other.detail().map_or_else(|| t_string!(i18n, error.network).to_string(), str::to_owned),
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
pub(crate) fn editing_allowed() -> impl Fn() -> bool + Copy + Send + Sync + 'static {
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
