//! A hub in the network: the hubs it is connected to, and its activities.

mod activities;
mod connections;

pub use activities::*;
pub use connections::*;

use l4a_shared::activity::{Activity, ActivityKind, ActivityPatch, NewActivity};
use l4a_shared::connection::{
    Connection, ConnectionDecision, ConnectionKind, ConnectionOutcome, ConnectionState, NewConnection,
};
use l4a_shared::page::MAX_PER_PAGE;
use l4a_shared::query::{HubQuery, HubSort};
use l4a_shared::validation::ValidationErrors;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, Versioned};
use crate::components::edits::HubEdits;
use crate::components::feedback::{ErrorPanel, FetchFailed, Loading};
use crate::components::form::{
    AddButton, Choice, FormActions, FormState, FormSummary, InputField, ItemActions, SelectField, TextAreaField,
    choices, editor, read,
};
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::label;
