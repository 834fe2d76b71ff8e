//! What every form is made of: fields bound to signals, the errors of each field (found in the
//! browser by the same `shared` rules the server runs, or read from the server's problem
//! document), a summary of them, and the busy state while a request runs.
//!
//! Forms are `novalidate`: the browser's own bubbles would speak another language than the page
//! and know none of the label's rules, so every message comes from here.

mod actions;
mod fields;
mod rows;

pub use actions::*;
pub use fields::*;
pub use rows::*;

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

/// One piece of work a write sends: the request and what follows it (closing the form, going to
/// the new page). Taken once by the action, which runs it.
type Work = std::rc::Rc<std::cell::RefCell<Option<std::pin::Pin<Box<dyn Future<Output = ()>>>>>>;

/// Where writes go: one Leptos [`Action`] whose `pending` state says a write is on its way.
#[derive(Clone, Copy)]
pub struct Writes(Action<Work, ()>);

impl Writes {
    pub fn new() -> Self {
        Self(Action::new_local(|work: &Work| {
            let work = work.borrow_mut().take();
            async move {
                if let Some(work) = work {
                    work.await;
                }
            }
        }))
    }

    /// Whether a write is on its way; reading it subscribes to changes.
    pub fn pending(self) -> bool {
        self.0.pending().get()
    }

    /// Sends `work`, unless a write is already on its way: a second click while the first
    /// request travels is ignored rather than sent twice.
    pub fn send(self, work: impl Future<Output = ()> + 'static) {
        if !self.0.pending().get_untracked() {
            self.0.dispatch_local(std::rc::Rc::new(std::cell::RefCell::new(Some(Box::pin(work)))));
        }
    }
}

impl Default for Writes {
    fn default() -> Self {
        Self::new()
    }
}

/// The state of one form: its errors, a failure that belongs to no field, and its writes.
///
/// Every write goes through one Leptos [`Action`]: its `pending` state is the form's busy state,
/// which disables the form's buttons (so a double click sends once) and marks the form busy for
/// assistive technology.
#[derive(Clone, Copy)]
pub struct FormState {
    prefix: StoredValue<String>,
    errors: RwSignal<Vec<FieldError>>,
    failure: RwSignal<Option<ApiFailure>>,
    writes: Writes,
}

impl FormState {
    /// A form whose element ids start with `prefix`, unique on the page.
    pub fn new(prefix: impl Into<String>) -> Self {
        Self {
            prefix: StoredValue::new(prefix.into()),
            errors: RwSignal::new(Vec::new()),
            failure: RwSignal::new(None),
            writes: Writes::new(),
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

    /// Whether a write is running.
    pub fn busy(self) -> bool {
        self.writes.pending()
    }

    /// Sends a write (its request and what follows) through the form's action.
    pub fn write(self, work: impl Future<Output = ()> + 'static) {
        self.writes.send(work);
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

    /// Awaits a request of a write. On failure the form shows the server's problem (its field
    /// errors beside their fields) and `None` is returned.
    pub async fn run<T>(self, request: impl Future<Output = Result<T, ApiFailure>>) -> Option<T> {
        match request.await {
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
