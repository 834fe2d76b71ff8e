//! RFC 9457 problem details: the one shape of every error the API returns.

use serde::{Deserialize, Serialize};

use crate::validation::FieldError;

/// The media type of every error response.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem: what went wrong, with a stable `code` and, for invalid input,
/// every field that broke a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem (`urn:l4a:problem:<code>`).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem, the same for every occurrence.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence, for a person to read.
    pub detail: String,
    /// A stable snake_case code that clients can match on.
    pub code: String,
    /// For invalid input: the fields that broke a rule, the first [`Problem::MAX_ERRORS`] of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub errors: Vec<FieldError>,
    /// How many fields broke a rule in all, when `errors` lists only the first of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors_total: Option<usize>,
}

impl Problem {
    /// Builds a problem whose `type` is derived from its `code`.
    pub fn new(status: u16, code: &str, title: &str, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("urn:l4a:problem:{code}"),
            title: title.to_owned(),
            status,
            detail: detail.into(),
            code: code.to_owned(),
            errors: Vec::new(),
            errors_total: None,
        }
    }

    /// The most field errors a problem lists; a body with more gets their count in `errors_total`.
    pub const MAX_ERRORS: usize = 100;

    /// Attaches the list of broken field rules, the first [`Problem::MAX_ERRORS`] of them.
    pub fn with_errors(mut self, mut errors: Vec<FieldError>) -> Self {
        if errors.len() > Self::MAX_ERRORS {
            self.errors_total = Some(errors.len());
            errors.truncate(Self::MAX_ERRORS);
        }
        self.errors = errors;
        self
    }
}
