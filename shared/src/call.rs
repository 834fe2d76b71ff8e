//! Calls for proposals: the Secretariat invites members to propose hubs between two dates,
//! optionally around some SDGs and UCLG manifestos. A call's state follows from its dates.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::hub::present;
use crate::sdg::Localized;
use crate::validation::{Invalid, MAX_LIST_ITEMS, Rule, SdgGoals, ValidationErrors, no_control_characters};

wire_enum!(
    /// Where a call stands, by its dates.
    CallState {
        /// It opens later.
        Upcoming => "upcoming",
        /// Proposals may be submitted.
        Open => "open",
        /// Its closing date is past.
        Closed => "closed",
    }
);

/// The state of a call open from `opens_on` to `closes_on` (both days included) on `today`.
pub fn call_state(opens_on: NaiveDate, closes_on: NaiveDate, today: NaiveDate) -> CallState {
    if today < opens_on {
        CallState::Upcoming
    } else if today <= closes_on {
        CallState::Open
    } else {
        CallState::Closed
    }
}

/// A call for proposals as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Call {
    /// The public id, a UUIDv7.
    pub id: String,
    /// Its title in the three languages (French and Spanish may be empty: English stands in).
    pub title: Localized,
    /// What it asks for, in the three languages.
    pub description: Localized,
    /// The first day proposals may be submitted.
    pub opens_on: NaiveDate,
    /// The last day proposals may be submitted.
    pub closes_on: NaiveDate,
    /// Derived from the dates, on the day it was read.
    pub state: CallState,
    /// The SDG goals it focuses on; none means any.
    pub sdgs: Vec<u8>,
    /// The UCLG manifestos (themes) it focuses on; none means any.
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub manifestos: Vec<String>,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /api/v1/calls`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCall {
    /// English 3 to 200 characters; French and Spanish up to 200 (empty: English stands in).
    pub title: Localized,
    /// English required, up to 20,000 characters in each language.
    pub description: Localized,
    /// The first day proposals may be submitted.
    pub opens_on: NaiveDate,
    /// The last day; on or after `opens_on`.
    pub closes_on: NaiveDate,
    /// SDG goals it focuses on (1 to 17, no repeats).
    #[serde(default)]
    pub sdgs: Vec<i64>,
    /// UCLG manifesto keys it focuses on.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub manifestos: Vec<String>,
}

/// The body of `PATCH /api/v1/calls/{id}`: a JSON merge patch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CallPatch {
    /// A new title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Localized>,
    /// A new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Localized>,
    /// A new opening day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_on: Option<NaiveDate>,
    /// A new closing day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_on: Option<NaiveDate>,
    /// New focus goals (replace the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdgs: Option<Vec<i64>>,
    /// New focus manifestos (replace the old ones).
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<String>>))]
    pub manifestos: Option<Option<Vec<String>>>,
}

/// A call that passed every rule `shared` can check (that the manifestos exist is the database's).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCall {
    /// The title, trimmed.
    pub title: Localized,
    /// The description, trimmed.
    pub description: Localized,
    /// The opening day.
    pub opens_on: NaiveDate,
    /// The closing day.
    pub closes_on: NaiveDate,
    /// The focus goals.
    pub sdgs: Vec<u8>,
    /// The focus manifestos, without repeats.
    pub manifestos: Vec<String>,
}

/// Checks a text in three languages: English within `min..=max`, the others within `0..=max`.
pub(crate) fn localized(
    text: &Localized,
    field: &str,
    min: usize,
    max: usize,
    multiline: bool,
    errors: &mut ValidationErrors,
) -> Localized {
    let mut check = |value: &str, lang: &str, min: usize| {
        let path = format!("{field}.{lang}");
        if let Err(invalid) = no_control_characters(value, multiline) {
            errors.push(path, invalid);
            return String::new();
        }
        let value = value.trim();
        let length = value.chars().count();
        if length == 0 && min > 0 {
            errors.push(path, Invalid::new(Rule::Required, "the English text is required"));
        } else if length < min || length > max {
            errors.push(path, Invalid::new(Rule::Length, format!("{min} to {max} characters (got {length})")));
        }
        value.to_owned()
    };
    Localized { en: check(&text.en, "en", min), fr: check(&text.fr, "fr", 0), es: check(&text.es, "es", 0) }
}

impl NewCall {
    /// Checks every rule at once.
    pub fn validate(&self) -> Result<ValidCall, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let title = localized(&self.title, "title", 3, 200, false, &mut errors);
        let description = localized(&self.description, "description", 1, 20_000, true, &mut errors);
        if self.closes_on < self.opens_on {
            errors.push("closes_on", Invalid::new(Rule::DateOrder, "a call closes on or after the day it opens"));
        }
        let sdgs = if self.sdgs.is_empty() {
            Some(Vec::new())
        } else {
            SdgGoals::parse(&self.sdgs, "sdgs", &mut errors).map(|goals| goals.as_slice().to_vec())
        };
        let mut manifestos: Vec<String> = Vec::new();
        errors.check_list_length("manifestos", self.manifestos.len(), MAX_LIST_ITEMS);
        for (index, key) in self.manifestos.iter().enumerate().take(MAX_LIST_ITEMS) {
            if manifestos.contains(key) {
                errors.push(
                    format!("manifestos[{index}]"),
                    Invalid::new(Rule::Duplicate, format!("{key} is listed twice")),
                );
            } else {
                manifestos.push(key.clone());
            }
        }
        errors.finish(|| {
            Some(ValidCall {
                title,
                description,
                opens_on: self.opens_on,
                closes_on: self.closes_on,
                sdgs: sdgs?,
                manifestos,
            })
        })
    }
}

impl CallPatch {
    /// The whole call as it would be after this patch.
    pub fn apply_to(self, current: &Call) -> NewCall {
        NewCall {
            title: self.title.unwrap_or_else(|| current.title.clone()),
            description: self.description.unwrap_or_else(|| current.description.clone()),
            opens_on: self.opens_on.unwrap_or(current.opens_on),
            closes_on: self.closes_on.unwrap_or(current.closes_on),
            sdgs: self.sdgs.unwrap_or_else(|| current.sdgs.iter().map(|&g| i64::from(g)).collect()),
            manifestos: self.manifestos.map(Option::unwrap_or_default).unwrap_or_else(|| current.manifestos.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_call_is_open_from_its_first_to_its_last_day_included() {
        let (opens, closes) = (day(2026, 3, 1), day(2026, 5, 31));
        assert_eq!(call_state(opens, closes, day(2026, 2, 28)), CallState::Upcoming);
        assert_eq!(call_state(opens, closes, opens), CallState::Open);
        assert_eq!(call_state(opens, closes, closes), CallState::Open);
        assert_eq!(call_state(opens, closes, day(2026, 6, 1)), CallState::Closed);
    }

    #[test]
    fn a_new_call_reports_every_broken_rule() {
        let text = |en: &str| Localized { en: en.into(), fr: String::new(), es: String::new() };
        let new = NewCall {
            title: text("No"),
            description: text(""),
            opens_on: day(2026, 5, 1),
            closes_on: day(2026, 4, 1),
            sdgs: vec![18],
            manifestos: vec!["ecology".into(), "ecology".into()],
        };
        let fields: Vec<String> = new.validate().err().unwrap_or_default().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title.en", "description.en", "closes_on", "sdgs[0]", "manifestos[1]"]);
    }
}
