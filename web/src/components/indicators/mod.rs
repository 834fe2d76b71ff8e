//! A hub's impact indicators: a progress bar against the expected progress, the verdict, and a
//! chart of the measurements against the straight trajectory from baseline to target.

mod chart;
mod indicator_form;
mod measurement_form;
mod section;

pub use chart::*;
pub use indicator_form::*;
pub use measurement_form::*;
pub use section::*;

use std::collections::BTreeMap;

use l4a_shared::hub::Hub;
use l4a_shared::indicator::{
    Dimension, Direction, Disaggregations, Indicator, IndicatorPatch, Measurement, NewIndicator, NewMeasurement,
};
use l4a_shared::sdg::SdgTaxonomy;
use l4a_shared::validation::{HubPeriod, Invalid, Rule, ValidationErrors};
use leptos::prelude::*;

use crate::api::{self, Versioned};
use crate::components::edits::HubEdits;
use crate::components::feedback::{ErrorPanel, Loading};
use crate::components::form::{
    AddButton, CheckboxesField, DeleteButton, FormActions, FormState, FormSummary, InputField, ItemActions,
    SelectField, TextAreaField, choices, editor, read,
};
use crate::components::sdg::use_sdgs;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::{label, lang_of};

/// A value as people write it: no trailing zeros, at most two decimals.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A fraction as a whole percentage.
fn percent(fraction: f64) -> String {
    format!("{:.0}", fraction * 100.0)
}
