//! Validation rules as types: input is parsed once into a value that is known to be valid,
//! and each refusal names the field and the rule it broke.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::country;
use crate::text::slugify;

/// A rule an input can break, with a stable snake_case code that clients match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A required value is missing or blank.
    Required,
    /// A text is shorter or longer than allowed.
    Length,
    /// A value does not have the expected shape (a slug, a date, a URL).
    Format,
    /// A value has the wrong JSON type.
    Type,
    /// A value is not one of the allowed choices.
    OneOf,
    /// A number is outside its allowed range.
    Range,
    /// A list holds the same value twice.
    Duplicate,
    /// A country code is not an assigned ISO 3166-1 alpha-2 code.
    CountryCode,
    /// An SDG goal number is not one of the 17 goals.
    SdgGoal,
    /// An end date is not after its start date.
    DateOrder,
    /// The label's timeline rule: a hub runs at least 1 and at most 3 years.
    HubPeriod,
    /// A field the resource does not have.
    UnknownField,
    /// The value is already taken by another resource.
    Unique,
    /// The id names no stored resource of the expected kind.
    Exists,
    /// The label's first rule: a hub is led by a local or regional government or an association of them.
    LedLocally,
    /// A date falls outside the hub's period (the label's timeline rule).
    WithinHubPeriod,
    /// A date that records something done lies in the future.
    NotInFuture,
    /// Two fields contradict each other (a delivery date on something not delivered).
    Consistent,
    /// One of the label's six rules is not met; the field names the rule (`eligibility.timeline`).
    Label,
}

impl Rule {
    /// The rule's stable code, as it appears on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::Length => "length",
            Rule::Format => "format",
            Rule::Type => "type",
            Rule::OneOf => "one_of",
            Rule::Range => "range",
            Rule::Duplicate => "duplicate",
            Rule::CountryCode => "country_code",
            Rule::SdgGoal => "sdg_goal",
            Rule::DateOrder => "date_order",
            Rule::HubPeriod => "hub_period",
            Rule::UnknownField => "unknown_field",
            Rule::Unique => "unique",
            Rule::Exists => "exists",
            Rule::LedLocally => "led_locally",
            Rule::WithinHubPeriod => "within_hub_period",
            Rule::NotInFuture => "not_in_future",
            Rule::Consistent => "consistent",
            Rule::Label => "label",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A broken rule, before it is attached to a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The rule that was broken.
    pub rule: Rule,
    /// What is wrong, in English, for a person to read.
    pub message: String,
}

impl Invalid {
    /// A broken rule with its explanation.
    pub fn new(rule: Rule, message: impl Into<String>) -> Self {
        Self { rule, message: message.into() }
    }
}

/// One field that broke one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's path in the request, e.g. `name`, `sdgs[2]`, `lead_organisation.country`.
    pub field: String,
    /// The rule the field broke.
    pub rule: Rule,
    /// What is wrong, in English; the SPA shows its own translation keyed by `rule`.
    pub message: String,
}

/// Every rule an input broke, collected so that a client can fix them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<FieldError>);

/// The most items one list of ids, keys or names in a body may hold: more than any hub needs,
/// and few enough that a lookup of them all stays one cheap query.
pub const MAX_LIST_ITEMS: usize = 100;

impl ValidationErrors {
    /// Refuses a list longer than `max`, naming it; returns whether it fits.
    pub fn check_list_length(&mut self, field: &str, len: usize, max: usize) -> bool {
        if len <= max {
            return true;
        }
        self.push(field, Invalid::new(Rule::Length, format!("a list of at most {max} items (got {len})")));
        false
    }

    /// Records that `field` broke a rule.
    pub fn push(&mut self, field: impl Into<String>, invalid: Invalid) {
        self.0.push(FieldError { field: field.into(), rule: invalid.rule, message: invalid.message });
    }

    /// Keeps the parsed value, or records why `field` was refused and returns `None`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Invalid>) -> Option<T> {
        result.map_err(|invalid| self.push(field, invalid)).ok()
    }

    /// Whether no rule was broken.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The errors of one field.
    pub fn for_field<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a FieldError> + 'a {
        self.0.iter().filter(move |error| error.field == field)
    }

    /// `Ok(value)` when no rule was broken, the errors otherwise.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, ValidationErrors> {
        match (self.is_empty(), value()) {
            (true, Some(value)) => Ok(value),
            // A missing value without a recorded error would be a bug in a parser; refuse anyway.
            _ => Err(self),
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields: Vec<String> = self.0.iter().map(|e| format!("{} ({})", e.field, e.rule)).collect();
        write!(f, "invalid input: {}", fields.join(", "))
    }
}

/// Refuses control characters: none at all on one line, only line breaks and tabs in a long text.
/// (PostgreSQL cannot store NUL in text, and a stray control character is never meant.)
pub fn no_control_characters(value: &str, multiline: bool) -> Result<(), Invalid> {
    let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
    match value.chars().find(|&c| c.is_control() && !allowed(c)) {
        Some(c) => {
            Err(Invalid::new(Rule::Format, format!("control character U+{:04X} is not allowed here", u32::from(c))))
        }
        None => Ok(()),
    }
}

fn text_length(value: &str, field_label: &str, min: usize, max: usize, multiline: bool) -> Result<String, Invalid> {
    no_control_characters(value, multiline)?;
    let value = value.trim();
    let length = value.chars().count();
    if length == 0 && min > 0 {
        return Err(Invalid::new(Rule::Required, format!("{field_label} is required")));
    }
    if length < min || length > max {
        return Err(Invalid::new(
            Rule::Length,
            format!("{field_label} must be {min} to {max} characters long (got {length})"),
        ));
    }
    Ok(value.to_owned())
}

macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident, $label:literal, $min:literal, $max:literal, $multiline:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// The shortest accepted length, in characters.
            pub const MIN: usize = $min;
            /// The longest accepted length, in characters.
            pub const MAX: usize = $max;

            /// Trims `value` and checks its length.
            pub fn parse(value: &str) -> Result<Self, Invalid> {
                text_length(value, $label, $min, $max, $multiline).map(Self)
            }

            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Gives the validated text back.
            pub fn into_inner(self) -> String {
                self.0
            }
        }
    };
}

text_newtype!(
    /// A hub's name: 3 to 200 characters.
    HubName, "the name", 3, 200, false
);
text_newtype!(
    /// A hub's one-paragraph summary: 10 to 500 characters.
    Summary, "the summary", 10, 500, true
);
text_newtype!(
    /// A hub's long description: up to 20,000 characters, may be empty.
    Description, "the description", 0, 20_000, true
);
text_newtype!(
    /// A title (of a deliverable, an activity): 3 to 200 characters.
    Title, "the title", 3, 200, false
);
text_newtype!(
    /// A short long text (of a deliverable, an indicator): up to 5,000 characters, may be empty.
    Notes, "the text", 0, 5_000, true
);
text_newtype!(
    /// An organisation's name: 2 to 200 characters.
    OrganisationName, "the organisation's name", 2, 200, false
);
text_newtype!(
    /// A place name (a city or a region): 1 to 120 characters.
    PlaceName, "the place name", 1, 120, false
);

text_newtype!(
    /// The unit of an indicator's values ("%", "people", "t CO2e"): up to 40 characters (the
    /// indicator's rules ask for at least one).
    Unit, "the unit", 0, 40, false
);
text_newtype!(
    /// Where a measurement comes from: up to 200 characters on one line, may be empty.
    Source, "the source", 0, 200, false
);

/// A web address: `http` or `https`, with a host, at most 2,000 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    /// The longest accepted address.
    pub const MAX: usize = 2000;

    /// Checks the scheme, the host and the length.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let value = value.trim();
        let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
        let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default()).unwrap_or_default();
        let well_formed = rest.is_some()
            && !host.is_empty()
            && !host.starts_with(['.', '-', ':', '@'])
            && value.len() <= Self::MAX
            && !value.chars().any(|c| c.is_whitespace() || c.is_control());
        if well_formed {
            Ok(Self(value.to_owned()))
        } else {
            Err(Invalid::new(
                Rule::Format,
                "a web address starts with https:// or http://, names a host and has no spaces",
            ))
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An email address: one `@`, a local part, a domain with a dot, no spaces, at most 254 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Checks the shape (deliverability is the mail server's to say).
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let value = value.trim();
        let well_formed = value.len() <= 254
            && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            && value.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if well_formed {
            Ok(Self(value.to_owned()))
        } else {
            Err(Invalid::new(Rule::Format, "an email address looks like name@example.org"))
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number: digits with optional `+`, spaces, dots, dashes and brackets; 5 to 30 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Checks the characters and the length.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let value = value.trim();
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let allowed = value.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '.' | '-' | '(' | ')'));
        if allowed && digits >= 5 && value.len() <= 30 {
            Ok(Self(value.to_owned()))
        } else {
            Err(Invalid::new(
                Rule::Format,
                "a phone number has 5 or more digits, with optional +, spaces, dots, dashes and brackets",
            ))
        }
    }

    /// The number as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A URL slug: 3 to 80 lower-case letters and digits in hyphen-separated words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    /// The longest accepted slug.
    pub const MAX: usize = 80;

    /// Checks that `value` is already a well-formed slug that cannot be mistaken for an id.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let well_formed = value.len() >= 3
            && value.len() <= Self::MAX
            && value
                .split('-')
                .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        if !well_formed {
            return Err(Invalid::new(
                Rule::Format,
                "a slug is 3 to 80 lower-case letters and digits, in words joined by single hyphens",
            ));
        }
        if looks_like_uuid(value) {
            // A path segment names a hub by id or by slug: a slug shaped like an id could answer
            // for another hub's id.
            return Err(Invalid::new(
                Rule::Format,
                "a slug may not be shaped like a UUID: that is how ids are written",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// Derives a slug from a name, falling back to `hub` when the name has no Latin letters or
    /// digits, and prefixing `hub-` when the name would make a slug shaped like an id.
    pub fn from_name(name: &HubName) -> Self {
        let mut slug = slugify(name.as_str());
        slug.truncate(Self::MAX - 8);
        let slug = slug.trim_end_matches('-').to_owned();
        if slug.len() < 3 || looks_like_uuid(&slug) {
            Self(format!("hub-{slug}").trim_end_matches('-').to_owned())
        } else {
            Self(slug)
        }
    }

    /// The same slug with `-n` appended, for when the derived one is taken.
    pub fn with_suffix(&self, n: u32) -> Self {
        Self(format!("{}-{n}", self.0))
    }

    /// The slug's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `value` is written like a UUID (8-4-4-4-12 hexadecimal digits, in any case): the
/// shape of every stored id, which a slug must never take.
pub fn looks_like_uuid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An assigned ISO 3166-1 alpha-2 country code, upper case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryCode(&'static str);

impl CountryCode {
    /// Accepts a known code in any case.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        country::find(value).map(|c| Self(c.code)).ok_or_else(|| {
            Invalid::new(Rule::CountryCode, format!("{value:?} is not an ISO 3166-1 alpha-2 country code"))
        })
    }

    /// The upper-case code.
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

/// The SDG goals a hub serves: at least one, each from 1 to 17, no duplicates; kept sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdgGoals(Vec<u8>);

impl SdgGoals {
    /// Checks every goal number and reports each broken rule with the index of the offending item.
    pub fn parse(goals: &[i64], field: &str, errors: &mut ValidationErrors) -> Option<Self> {
        if goals.is_empty() {
            errors.push(field, Invalid::new(Rule::Required, "a hub serves at least one SDG goal"));
            return None;
        }
        let before = errors.0.len();
        let mut seen = BTreeSet::new();
        for (index, &goal) in goals.iter().enumerate() {
            let item = format!("{field}[{index}]");
            match u8::try_from(goal).ok().filter(|g| (1..=17).contains(g)) {
                None => errors.push(item, Invalid::new(Rule::SdgGoal, format!("{goal} is not an SDG goal (1 to 17)"))),
                Some(goal) if !seen.insert(goal) => {
                    errors.push(item, Invalid::new(Rule::Duplicate, format!("SDG {goal} is listed twice")));
                }
                Some(_) => {}
            }
        }
        (errors.0.len() == before).then(|| Self(seen.into_iter().collect()))
    }

    /// The goal numbers, ascending.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }
}

/// A hub's period under the label's timeline rule: it ends at least 1 and at most 3 years after it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HubPeriod {
    start: NaiveDate,
    end: NaiveDate,
}

impl HubPeriod {
    /// The shortest period, in months.
    pub const MIN_MONTHS: u32 = 12;
    /// The longest period, in months.
    pub const MAX_MONTHS: u32 = 36;

    /// Checks the timeline rule; the error belongs to the end date.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self, Invalid> {
        if end <= start {
            return Err(Invalid::new(Rule::DateOrder, "the end date must be after the start date"));
        }
        let earliest = start.checked_add_months(Months::new(Self::MIN_MONTHS));
        let latest = start.checked_add_months(Months::new(Self::MAX_MONTHS));
        match (earliest, latest) {
            (Some(earliest), Some(latest)) if end >= earliest && end <= latest => Ok(Self { start, end }),
            (Some(earliest), Some(latest)) => Err(Invalid::new(
                Rule::HubPeriod,
                format!(
                    "a hub runs at least 1 and at most 3 years: with this start date it must end between {earliest} and {latest}"
                ),
            )),
            _ => Err(Invalid::new(Rule::Range, "the start date is out of range")),
        }
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day.
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// Whether `date` falls inside the period, both ends included.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Checks that `date` falls inside the period (the label's timeline rule).
    pub fn check_contains(&self, date: NaiveDate, what: &str) -> Result<(), Invalid> {
        if self.contains(date) {
            Ok(())
        } else {
            Err(Invalid::new(
                Rule::WithinHubPeriod,
                format!("{what} {date} falls outside the hub's period, {} to {}", self.start, self.end),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn hub_names_are_trimmed_and_between_3_and_200_characters() {
        assert_eq!(HubName::parse("  Eko-Bil ").map(HubName::into_inner), Ok("Eko-Bil".to_owned()));
        assert_eq!(HubName::parse("ab").map_err(|e| e.rule), Err(Rule::Length));
        assert_eq!(HubName::parse("   ").map_err(|e| e.rule), Err(Rule::Required));
        assert!(HubName::parse(&"é".repeat(200)).is_ok(), "length counts characters, not bytes");
        assert_eq!(HubName::parse(&"a".repeat(201)).map_err(|e| e.rule), Err(Rule::Length));
    }

    #[test]
    fn control_characters_are_refused_except_line_breaks_in_long_texts() {
        assert_eq!(HubName::parse("Eko\u{0}Bil").map_err(|e| e.rule), Err(Rule::Format));
        assert_eq!(HubName::parse("Eko\nBil").map_err(|e| e.rule), Err(Rule::Format));
        assert!(Description::parse("First line.\n\tSecond line.").is_ok());
        assert_eq!(Description::parse("nul \u{0} inside").map_err(|e| e.rule), Err(Rule::Format));
    }

    #[test]
    fn a_period_of_exactly_one_or_three_years_is_accepted() {
        assert!(HubPeriod::new(date(2025, 1, 1), date(2026, 1, 1)).is_ok());
        assert!(HubPeriod::new(date(2025, 1, 1), date(2028, 1, 1)).is_ok());
    }

    #[test]
    fn a_period_shorter_than_a_year_or_longer_than_three_is_refused() {
        assert_eq!(HubPeriod::new(date(2025, 1, 1), date(2025, 12, 31)).map_err(|e| e.rule), Err(Rule::HubPeriod));
        assert_eq!(HubPeriod::new(date(2025, 1, 1), date(2028, 1, 2)).map_err(|e| e.rule), Err(Rule::HubPeriod));
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_refused_as_out_of_order() {
        assert_eq!(HubPeriod::new(date(2025, 1, 1), date(2024, 1, 1)).map_err(|e| e.rule), Err(Rule::DateOrder));
        assert_eq!(HubPeriod::new(date(2025, 1, 1), date(2025, 1, 1)).map_err(|e| e.rule), Err(Rule::DateOrder));
    }

    #[test]
    fn a_period_starting_on_29_february_may_end_on_28_february() {
        assert!(HubPeriod::new(date(2024, 2, 29), date(2025, 2, 28)).is_ok());
        assert!(HubPeriod::new(date(2024, 2, 29), date(2025, 2, 27)).is_err());
    }

    #[test]
    fn sdg_goals_are_1_to_17_without_duplicates_and_each_error_names_its_item() {
        let mut errors = ValidationErrors::default();
        assert_eq!(SdgGoals::parse(&[17, 11], "sdgs", &mut errors).map(|g| g.as_slice().to_vec()), Some(vec![11, 17]));
        assert!(errors.is_empty());

        let goals = SdgGoals::parse(&[0, 11, 18, 11, -3], "sdgs", &mut errors);
        assert!(goals.is_none());
        let found: Vec<(&str, Rule)> = errors.0.iter().map(|e| (e.field.as_str(), e.rule)).collect();
        assert_eq!(
            found,
            vec![
                ("sdgs[0]", Rule::SdgGoal),
                ("sdgs[2]", Rule::SdgGoal),
                ("sdgs[3]", Rule::Duplicate),
                ("sdgs[4]", Rule::SdgGoal)
            ]
        );
    }

    #[test]
    fn a_hub_without_sdg_goals_is_refused() {
        let mut errors = ValidationErrors::default();
        assert!(SdgGoals::parse(&[], "sdgs", &mut errors).is_none());
        assert_eq!(errors.0[0].rule, Rule::Required);
    }

    #[test]
    fn country_codes_must_be_assigned() {
        assert_eq!(CountryCode::parse("it").map(|c| c.as_str()), Ok("IT"));
        assert_eq!(CountryCode::parse("ZZ").map_err(|e| e.rule), Err(Rule::CountryCode));
        assert_eq!(CountryCode::parse("ITA").map_err(|e| e.rule), Err(Rule::CountryCode));
    }

    #[test]
    fn web_addresses_need_a_scheme_and_a_host() {
        assert!(WebUrl::parse("https://www.uclg.org/en/local4action").is_ok());
        assert!(WebUrl::parse(" http://venice.it ").is_ok());
        for bad in
            ["www.uclg.org", "ftp://uclg.org", "https://", "https:///path", "javascript:alert(1)", "https://a b.org"]
        {
            assert_eq!(WebUrl::parse(bad).map_err(|e| e.rule), Err(Rule::Format), "{bad} should be refused");
        }
        assert!(WebUrl::parse(&format!("https://x.org/{}", "a".repeat(2000))).is_err());
    }

    #[test]
    fn emails_and_phones_are_checked_for_shape() {
        assert!(Email::parse("ana.lopez@bogota.gov.co").is_ok());
        for bad in ["ana", "ana@", "@bogota.gov.co", "ana@bogota", "ana lopez@x.org", "a@b@c.org", "ana@.org"] {
            assert_eq!(Email::parse(bad).map_err(|e| e.rule), Err(Rule::Format), "{bad}");
        }
        assert!(Phone::parse("+57 (601) 381-3000").is_ok());
        for bad in ["1234", "call me", "+33 1 23 45 67 89 00 00 00 00 00 00 00"] {
            assert_eq!(Phone::parse(bad).map_err(|e| e.rule), Err(Rule::Format), "{bad}");
        }
    }

    #[test]
    fn slugs_must_be_well_formed() {
        assert!(Slug::parse("venice-2030").is_ok());
        for bad in ["ab", "Venice", "venice--2030", "-venice", "venice-", "venise_2030", "café-x"] {
            assert_eq!(Slug::parse(bad).map_err(|e| e.rule), Err(Rule::Format), "{bad} should be refused");
        }
        assert!(Slug::parse(&"a".repeat(81)).is_err());
    }

    #[test]
    fn a_slug_can_never_be_mistaken_for_an_id() {
        let id = "01927c3e-5b2a-7d41-8f00-0123456789ab";
        assert!(looks_like_uuid(id));
        assert!(looks_like_uuid(&id.to_uppercase()));
        assert!(!looks_like_uuid("01927c3e-5b2a-7d41-8f00-0123456789ab-2"));
        assert!(!looks_like_uuid("venice-2030-city-solutions-hub"));
        assert_eq!(Slug::parse(id).map_err(|e| e.rule), Err(Rule::Format), "an explicit slug shaped like an id");
        for name in [id.to_owned(), id.to_uppercase(), format!("  {id} ")] {
            let name = HubName::parse(&name).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let slug = Slug::from_name(&name);
            assert!(!looks_like_uuid(slug.as_str()), "{slug:?} derived from {name:?}");
            assert!(Slug::parse(slug.as_str()).is_ok(), "{slug:?} derived from {name:?}");
        }
    }

    #[test]
    fn derived_slugs_are_always_valid_even_from_names_without_latin_letters() {
        for name in ["西安青年", "Eko-Bil Avcılar", &"word ".repeat(40)] {
            let name = HubName::parse(name).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let slug = Slug::from_name(&name);
            assert!(Slug::parse(slug.as_str()).is_ok(), "{slug:?} derived from {name:?}");
            assert!(Slug::parse(slug.with_suffix(12).as_str()).is_ok());
        }
    }
}
