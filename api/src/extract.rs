//! Request extractors whose every refusal is a problem document naming the field and the rule:
//! JSON bodies, listing queries, `If-Match`, and the acting principal.

use std::future::{Ready, ready};
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt as _;
use l4a_shared::query::{
    AuditQuery, BreakdownQuery, CallQuery, DeliverableQuery, DeliveryQuery, EventQuery, HubQuery, MetricsPage,
    MetricsQuery, NetworkQuery, ObservationQuery, OrganisationQuery, PageQuery, ProposalQuery, RecommendationQuery,
    ReportQuery, StakeholderQuery, TimeseriesQuery, UserQuery,
};
use l4a_shared::validation::{FieldError, Invalid, Rule, ValidationErrors};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The largest accepted body, set once from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// How long a body may take to arrive whole, set once from the configuration: a client that
/// trickles a byte at a time must not hold a connection and a worker's attention for ever.
#[derive(Debug, Clone, Copy)]
pub struct BodyDeadline(pub std::time::Duration);

/// A JSON body parsed into `T`, refusing with 400 (malformed JSON), 413 (too large),
/// 415 (not JSON) or 422 (a field of the wrong type, missing or unknown).
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = RawBody::from_request(req, payload);
        Box::pin(async move {
            let body = body.await?;
            check_json_media_type(Some(&body.media_type))?;
            parse_json_object(&body.bytes).map(JsonBody)
        })
    }
}

/// A body read whole, up to the configured limit (413 beyond), with its media type's essence
/// (`text/csv`, lower case, without parameters; empty when the request named none).
#[derive(Debug)]
pub struct RawBody {
    /// The media type, e.g. `application/json`.
    pub media_type: String,
    /// The bytes.
    pub bytes: web::Bytes,
}

impl FromRequest for RawBody {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req.app_data::<BodyLimit>().map_or(256 * 1024, |l| l.0);
        let media_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .unwrap_or_default();
        let declared_length = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let deadline = req.app_data::<BodyDeadline>().map_or(std::time::Duration::from_secs(15), |d| d.0);
        let mut payload = payload.take();
        Box::pin(async move {
            if declared_length.is_some_and(|length| length > limit) {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            let read = async {
                let mut body = web::BytesMut::new();
                while let Some(chunk) = payload.next().await {
                    let chunk = chunk.map_err(|e| ApiError::BadRequest {
                        code: "unreadable_body",
                        detail: format!("the request body could not be read: {e}"),
                        errors: Vec::new(),
                    })?;
                    if body.len() + chunk.len() > limit {
                        return Err(ApiError::PayloadTooLarge { limit });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(body.freeze())
            };
            let bytes = tokio::time::timeout(deadline, read)
                .await
                .map_err(|_| ApiError::RequestTimeout { seconds: deadline.as_secs() })??;
            Ok(RawBody { media_type, bytes })
        })
    }
}

/// Accepts `application/json` and any `application/…+json` (such as `merge-patch+json`).
fn check_json_media_type(content_type: Option<&str>) -> Result<(), ApiError> {
    let expected = "application/json";
    let essence = content_type.unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let is_json = essence == expected || (essence.starts_with("application/") && essence.ends_with("+json"));
    if is_json {
        Ok(())
    } else {
        let got = if essence.is_empty() { "no Content-Type".to_owned() } else { essence };
        Err(ApiError::UnsupportedMediaType { got, expected })
    }
}

/// Parses a JSON body that must be an object, as every resource's body is: serde would also take
/// a list with the fields by position, which the API does not document and which would skip the
/// unknown-field guard.
fn parse_json_object<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let starts_as_object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if !starts_as_object && serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
        let mut errors = ValidationErrors::default();
        errors.push("body", Invalid::new(Rule::Type, "the body is a JSON object"));
        return Err(ApiError::Validation(errors));
    }
    parse_json(body)
}

/// Parses a JSON body, telling malformed JSON (400) from a well-formed body with a bad field (422).
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    // Well-formedness first, so that a truncated document is never reported as a bad field.
    let document: serde_json::Value = serde_json::from_slice(body).map_err(|e| ApiError::BadRequest {
        code: "malformed_json",
        detail: format!("the body is not well-formed JSON: {e}"),
        errors: Vec::new(),
    })?;
    refuse_control_characters(&document)?;
    serde_path_to_error::deserialize(document).map_err(|error| {
        let path = error.path().to_string();
        let mut errors = ValidationErrors::default();
        let (field, invalid) = describe_serde_error(&path, &error.into_inner().to_string());
        errors.push(field, invalid);
        ApiError::Validation(errors)
    })
}

/// The longest list any field of a body may hold; the lists of ids have their own, shorter limits
/// in `shared`, and a batch (a body that is a list) its own count of rows.
pub const MAX_BODY_LIST_ITEMS: usize = 1_000;

/// Refuses a body with a control character in any string or member name, or a list longer than
/// [`MAX_BODY_LIST_ITEMS`], naming each place. The
/// text rules in `shared` check the fields they know; this guard also covers every list of ids
/// and every field a rule might forget (PostgreSQL cannot store a NUL in text at all). Line
/// breaks and tabs pass here: whether a field may hold them is its own rule's business.
fn refuse_control_characters(document: &serde_json::Value) -> Result<(), ApiError> {
    fn visit(value: &serde_json::Value, path: &str, errors: &mut ValidationErrors) {
        let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
        match value {
            serde_json::Value::String(text) => {
                if let Err(invalid) = l4a_shared::validation::no_control_characters(text, true) {
                    errors.push(if path.is_empty() { "body".to_owned() } else { path.to_owned() }, invalid);
                }
            }
            serde_json::Value::Array(items) => {
                // A whole body that is a list is a batch, which counts its own rows.
                if !path.is_empty() && !errors.check_list_length(path, items.len(), MAX_BODY_LIST_ITEMS) {
                    return;
                }
                for (index, item) in items.iter().enumerate() {
                    visit(item, &format!("{path}[{index}]"), errors);
                }
            }
            serde_json::Value::Object(members) => {
                for (key, member) in members {
                    if let Err(invalid) = l4a_shared::validation::no_control_characters(key, false) {
                        errors.push(join(&key.escape_default().to_string()), invalid);
                    } else {
                        visit(member, &join(key), errors);
                    }
                }
            }
            serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {}
        }
    }
    let mut errors = ValidationErrors::default();
    visit(document, "", &mut errors);
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// Turns serde's message into a field path and a rule. serde names a missing or unknown field
/// only in its message, so the name is read from between the backticks.
fn describe_serde_error(path: &str, message: &str) -> (String, Invalid) {
    let message = message.split(" at line ").next().unwrap_or(message).to_owned();
    let quoted = message.split('`').nth(1).map(str::to_owned);
    let join = |name: &str| {
        if path == "." || path.is_empty() {
            name.to_owned()
        } else if path.ends_with(name) {
            path.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    let here = if path == "." { String::new() } else { path.to_owned() };
    if message.starts_with("unknown field") {
        let field = join(quoted.as_deref().unwrap_or("?"));
        let text = format!("{field} is not a field of this resource");
        (field, Invalid::new(Rule::UnknownField, text))
    } else if message.starts_with("missing field") {
        let field = join(quoted.as_deref().unwrap_or("?"));
        let text = format!("{field} is required");
        (field, Invalid::new(Rule::Required, text))
    } else if message.starts_with("unknown variant") {
        (here, Invalid::new(Rule::OneOf, message))
    } else if message.starts_with("invalid type")
        || message.starts_with("invalid value")
        || message.starts_with("invalid length")
    {
        (here, Invalid::new(Rule::Type, message))
    } else {
        // Dates and other values that parse from a string.
        (here, Invalid::new(Rule::Format, message))
    }
}

/// A query parameter set that knows how to parse itself from decoded pairs.
pub trait FromQueryPairs: Sized {
    /// Parses, reporting every bad parameter.
    fn from_pairs(pairs: &[(String, String)]) -> Result<Self, ValidationErrors>;

    /// Whether bad parameters are a 422 (filters of metrics) rather than a 400 (listings).
    const UNPROCESSABLE: bool = false;
}

/// Each `shared` listing query parses itself from the pairs with its own `parse`.
macro_rules! from_query_pairs {
    ($($query:ty),+) => {
        $(impl FromQueryPairs for $query {
            fn from_pairs(pairs: &[(String, String)]) -> Result<Self, ValidationErrors> {
                <$query>::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            }
        })+
    };
}

from_query_pairs!(
    HubQuery,
    OrganisationQuery,
    DeliverableQuery,
    StakeholderQuery,
    PageQuery,
    BreakdownQuery,
    AuditQuery,
    UserQuery,
    CallQuery,
    ProposalQuery,
    ReportQuery,
    RecommendationQuery,
    EventQuery,
    DeliveryQuery
);

/// The metrics' filters: a bad one is a 422 naming it, as their contract says.
macro_rules! from_filter_pairs {
    ($($query:ty),+) => {
        $(impl FromQueryPairs for $query {
            fn from_pairs(pairs: &[(String, String)]) -> Result<Self, ValidationErrors> {
                <$query>::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            }

            const UNPROCESSABLE: bool = true;
        })+
    };
}

from_filter_pairs!(MetricsQuery, MetricsPage, NetworkQuery, ObservationQuery, TimeseriesQuery);

/// A listing's query parameters, parsed by the `shared` rules; a bad one is a 400 naming it.
#[derive(Debug)]
pub struct QueryParams<T>(pub T);

impl<T: FromQueryPairs> FromRequest for QueryParams<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
            .map_err(|e| ApiError::BadRequest {
                code: "invalid_query",
                detail: format!("the query string is malformed: {e}"),
                errors: Vec::new(),
            })
            .and_then(|pairs| {
                // No parameter is meant to hold a control character; a NUL would reach the database.
                let controlled: Vec<FieldError> = pairs
                    .iter()
                    .filter_map(|(name, value)| {
                        let invalid =
                            l4a_shared::validation::no_control_characters(&format!("{name}{value}"), false).err()?;
                        Some(FieldError {
                            field: name.escape_default().to_string(),
                            rule: invalid.rule,
                            message: invalid.message,
                        })
                    })
                    .collect();
                if !controlled.is_empty() {
                    return Err(ApiError::BadRequest {
                        code: "invalid_query",
                        detail: format!("{} query parameter(s) hold a control character", controlled.len()),
                        errors: controlled,
                    });
                }
                T::from_pairs(&pairs).map_err(|errors| {
                    if T::UNPROCESSABLE {
                        return ApiError::Validation(errors);
                    }
                    ApiError::BadRequest {
                        code: "invalid_query",
                        detail: format!("{} query parameter(s) are invalid", errors.0.len()),
                        errors: errors.0,
                    }
                })
            });
        ready(parsed.map(QueryParams))
    }
}

/// The `If-Match` header: absent, `*`, or a list of entity tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    /// No precondition: the change applies to whatever is stored.
    Absent,
    /// `*`: the resource must exist.
    Any,
    /// The change applies only if the current ETag is one of these.
    Tags(Vec<String>),
}

impl IfMatch {
    /// Whether a resource whose ETag is `current` satisfies the precondition.
    pub fn matches(&self, current: &str) -> bool {
        match self {
            IfMatch::Absent | IfMatch::Any => true,
            // If-Match uses the strong comparison: weak tags never match.
            IfMatch::Tags(tags) => tags.iter().any(|tag| !tag.starts_with("W/") && tag == current),
        }
    }

    /// Refuses with 412 when a resource whose ETag is `current` does not satisfy the precondition.
    pub fn check(&self, current: &str) -> Result<(), ApiError> {
        if self.matches(current) { Ok(()) } else { Err(ApiError::PreconditionFailed { current: current.to_owned() }) }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let values: Vec<&header::HeaderValue> = req.headers().get_all(header::IF_MATCH).collect();
        if values.is_empty() {
            return ready(Ok(IfMatch::Absent));
        }
        let mut tags = Vec::new();
        for value in values {
            let Ok(text) = value.to_str() else {
                return ready(Err(bad_if_match("If-Match is not ASCII")));
            };
            for tag in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                if tag == "*" {
                    return ready(Ok(IfMatch::Any));
                }
                let opaque = tag.strip_prefix("W/").unwrap_or(tag);
                if opaque.len() < 2 || !opaque.starts_with('"') || !opaque.ends_with('"') {
                    return ready(Err(bad_if_match("If-Match holds entity tags in double quotes, e.g. \"3\"")));
                }
                tags.push(tag.to_owned());
            }
        }
        ready(Ok(IfMatch::Tags(tags)))
    }
}

fn bad_if_match(detail: &str) -> ApiError {
    ApiError::BadRequest {
        code: "invalid_header",
        detail: detail.to_owned(),
        errors: vec![FieldError { field: "If-Match".into(), rule: Rule::Format, message: detail.to_owned() }],
    }
}

pub use crate::auth::Principal;

#[cfg(test)]
mod tests {
    use super::*;
    use l4a_shared::hub::NewHub;

    fn field_errors(body: &str) -> Vec<(String, Rule)> {
        match parse_json::<NewHub>(body.as_bytes()) {
            Err(ApiError::Validation(errors)) => errors.0.into_iter().map(|e| (e.field, e.rule)).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn serde_errors_name_the_field_and_the_rule() {
        assert_eq!(field_errors(r#"{"colour": 1}"#), vec![("colour".to_owned(), Rule::UnknownField)]);
        assert_eq!(field_errors(r#"{"name": "x"}"#), vec![("summary".to_owned(), Rule::Required)]);
        assert_eq!(field_errors(r#"{"name": 3}"#), vec![("name".to_owned(), Rule::Type)]);
        assert_eq!(field_errors(r#"{"modality": "online"}"#), vec![("modality".to_owned(), Rule::OneOf)]);
        assert_eq!(field_errors(r#"{"start_date": "2025-13-01"}"#), vec![("start_date".to_owned(), Rule::Format)]);
        assert_eq!(field_errors(r#"{"sdgs": [1, "two"]}"#), vec![("sdgs[1]".to_owned(), Rule::Type)]);
    }

    #[test]
    fn an_unknown_field_of_a_nested_object_is_named_by_its_path() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[expect(dead_code, reason = "only deserialised")]
        struct Inner {
            name: String,
        }
        #[derive(Debug, serde::Deserialize)]
        #[expect(dead_code, reason = "only deserialised")]
        struct Outer {
            inner: Inner,
        }
        match parse_json::<Outer>(br#"{"inner": {"name": "x", "size": 2}}"#) {
            Err(ApiError::Validation(errors)) => {
                assert_eq!(errors.0[0].field, "inner.size");
                assert_eq!(errors.0[0].rule, Rule::UnknownField);
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        assert!(matches!(
            parse_json::<NewHub>(b"{\"name\": "),
            Err(ApiError::BadRequest { code: "malformed_json", .. })
        ));
        assert!(matches!(parse_json::<NewHub>(b""), Err(ApiError::BadRequest { code: "malformed_json", .. })));
    }

    #[test]
    fn json_media_types_are_accepted_with_parameters_and_suffixes() {
        assert!(check_json_media_type(Some("application/json; charset=utf-8")).is_ok());
        assert!(check_json_media_type(Some("application/merge-patch+json")).is_ok());
        assert!(check_json_media_type(Some("text/plain")).is_err());
        assert!(check_json_media_type(None).is_err());
    }

    #[test]
    fn if_match_compares_strongly() {
        assert!(IfMatch::Tags(vec!["\"3\"".into()]).matches("\"3\""));
        assert!(!IfMatch::Tags(vec!["W/\"3\"".into()]).matches("\"3\""));
        assert!(!IfMatch::Tags(vec!["\"2\"".into()]).matches("\"3\""));
        assert!(IfMatch::Any.matches("\"3\""));
        assert!(IfMatch::Absent.matches("\"3\""));
    }
}
