//! What every form is made of: fields bound to signals, the errors of each field (found in the
//! browser by the same `shared` rules the server runs, or read from the server's problem
//! document), a summary of them, and the busy state while a request runs.
//!
//! Forms are `novalidate`: the browser's own bubbles would speak another language than the page
//! and know none of the label's rules, so every message comes from here.

mod actions;
mod fields;

pub use actions::*;
pub use fields::*;

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
