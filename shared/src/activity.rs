//! Activities: the events and publications of a hub, including its presentations at the
//! yearly Venice City Solutions 2030 forum.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::hub::present;
use crate::validation::{Invalid, Notes, PlaceName, Rule, Title, ValidationErrors, WebUrl};

wire_enum!(
    /// What an activity is.
    ActivityKind {
        /// A meeting, a forum, a workshop.
        Event => "event",
        /// A report, an article, a video.
        Publication => "publication",
    }
);

/// The first edition of Venice City Solutions 2030.
pub const FIRST_VENICE_EDITION: i32 = 2017;

/// An activity as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    /// The public id, a UUIDv7.
    pub id: String,
    /// The hub it belongs to.
    pub hub_id: String,
    /// An event or a publication.
    pub kind: ActivityKind,
    /// Its title.
    pub title: String,
    /// What it was about.
    pub description: String,
    /// When it took place or was published.
    pub date: NaiveDate,
    /// Where it took place.
    pub place: Option<String>,
    /// Where it can be seen.
    pub url: Option<String>,
    /// The Venice City Solutions 2030 edition (year) where it was presented.
    pub venice_edition: Option<i32>,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /api/v1/hubs/{hub}/activities`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewActivity {
    /// An event or a publication.
    pub kind: ActivityKind,
    /// 3 to 200 characters.
    pub title: String,
    /// Up to 5,000 characters.
    #[serde(default)]
    pub description: String,
    /// When it took place or was published.
    pub date: NaiveDate,
    /// Where it took place; a place or a URL is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Where it can be seen; a place or a URL is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A Venice City Solutions 2030 edition, from 2017 to next year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venice_edition: Option<i32>,
}

/// The body of `PATCH /api/v1/activities/{id}`: a JSON merge patch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivityPatch {
    /// A new kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActivityKind>,
    /// A new title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A new date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// A new place; `null` removes it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub place: Option<Option<String>>,
    /// A new URL; `null` removes it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub url: Option<Option<String>>,
    /// A new Venice edition; `null` removes it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i32>))]
    pub venice_edition: Option<Option<i32>>,
}

/// An activity that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidActivity {
    /// The kind.
    pub kind: ActivityKind,
    /// The title.
    pub title: Title,
    /// The description.
    pub description: Notes,
    /// The date.
    pub date: NaiveDate,
    /// The place.
    pub place: Option<PlaceName>,
    /// The URL.
    pub url: Option<WebUrl>,
    /// The Venice edition.
    pub venice_edition: Option<i32>,
}

impl NewActivity {
    /// Checks every rule at once; `today` bounds the Venice edition.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidActivity, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let title = errors.check("title", Title::parse(&self.title));
        let description = errors.check("description", Notes::parse(&self.description));
        let place = match self.place.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            Some(place) => errors.check("place", PlaceName::parse(place)).map(Some),
            None => Some(None),
        };
        let url = match self.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => errors.check("url", WebUrl::parse(url)).map(Some),
            None => Some(None),
        };
        if matches!((&place, &url), (Some(None), Some(None))) {
            errors.push("place", Invalid::new(Rule::Required, "say where it took place, or give a link to it"));
        }
        let latest = today.year() + 1;
        if let Some(edition) = self.venice_edition
            && !(FIRST_VENICE_EDITION..=latest).contains(&edition)
        {
            let message = format!("Venice City Solutions 2030 editions run from {FIRST_VENICE_EDITION} to {latest}");
            errors.push("venice_edition", Invalid::new(Rule::Range, message));
        }
        errors.finish(|| {
            Some(ValidActivity {
                kind: self.kind,
                title: title?,
                description: description?,
                date: self.date,
                place: place?,
                url: url?,
                venice_edition: self.venice_edition,
            })
        })
    }
}

impl From<NewActivity> for ActivityPatch {
    /// The patch that sets every field to the given activity's (what an edit form sends).
    fn from(new: NewActivity) -> Self {
        Self {
            kind: Some(new.kind),
            title: Some(new.title),
            description: Some(new.description),
            date: Some(new.date),
            place: Some(new.place),
            url: Some(new.url),
            venice_edition: Some(new.venice_edition),
        }
    }
}

impl ActivityPatch {
    /// The whole activity as it would be after this patch.
    pub fn apply_to(self, current: &Activity) -> NewActivity {
        NewActivity {
            kind: self.kind.unwrap_or(current.kind),
            title: self.title.unwrap_or_else(|| current.title.clone()),
            description: self.description.unwrap_or_else(|| current.description.clone()),
            date: self.date.unwrap_or(current.date),
            place: self.place.unwrap_or_else(|| current.place.clone()),
            url: self.url.unwrap_or_else(|| current.url.clone()),
            venice_edition: self.venice_edition.unwrap_or(current.venice_edition),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new() -> NewActivity {
        NewActivity {
            kind: ActivityKind::Event,
            title: "Presentation at the forum".into(),
            description: String::new(),
            date: NaiveDate::from_ymd_opt(2025, 11, 21).unwrap_or_default(),
            place: Some("Venice".into()),
            url: None,
            venice_edition: Some(2025),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
    }

    #[test]
    fn an_activity_has_a_place_or_a_link() {
        assert!(new().validate(today()).is_ok());
        let online = NewActivity { place: None, url: Some("https://example.org/video".into()), ..new() };
        assert!(online.validate(today()).is_ok());
        let nowhere = NewActivity { place: None, url: None, ..new() };
        assert_eq!(nowhere.validate(today()).err().unwrap_or_default().0[0].field, "place");
    }

    #[test]
    fn venice_editions_run_from_2017_to_next_year() {
        for (edition, ok) in [(2016, false), (2017, true), (2027, true), (2028, false)] {
            let activity = NewActivity { venice_edition: Some(edition), ..new() };
            assert_eq!(activity.validate(today()).is_ok(), ok, "{edition}");
        }
    }
}
