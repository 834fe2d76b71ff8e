//! The refusals many operations share, declared once for the OpenAPI document. Each is an RFC 9457
//! problem document; the statuses an operation adds of its own (404, 409) stay beside it.

use l4a_shared::problem::Problem;

/// The refusals of an operation that reads a JSON body.
#[derive(utoipa::IntoResponses)]
pub enum BodyProblems {
    /// The body is not well-formed JSON.
    #[response(status = 400, content_type = "application/problem+json")]
    Malformed(Problem),
    /// The body is larger than the server accepts.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// The body is not JSON.
    #[response(status = 415, content_type = "application/problem+json")]
    NotJson(Problem),
    /// Fields broke rules; `errors` names each field and rule.
    #[response(status = 422, content_type = "application/problem+json")]
    Invalid(Problem),
}

/// The refusals of a change (a merge patch) that honours `If-Match`.
#[derive(utoipa::IntoResponses)]
pub enum ChangeProblems {
    /// The body is not well-formed JSON, or `If-Match` is malformed.
    #[response(status = 400, content_type = "application/problem+json")]
    Malformed(Problem),
    /// The resource changed since the ETag sent in `If-Match`; the response's `ETag` is the current one.
    #[response(status = 412, content_type = "application/problem+json")]
    Changed(Problem),
    /// The body is larger than the server accepts.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// The body is not JSON.
    #[response(status = 415, content_type = "application/problem+json")]
    NotJson(Problem),
    /// Fields broke rules; `errors` names each field and rule.
    #[response(status = 422, content_type = "application/problem+json")]
    Invalid(Problem),
}

/// The refusals of a deletion that honours `If-Match`.
#[derive(utoipa::IntoResponses)]
pub enum IfMatchProblems {
    /// `If-Match` is malformed.
    #[response(status = 400, content_type = "application/problem+json")]
    Malformed(Problem),
    /// The resource changed since the ETag sent in `If-Match`.
    #[response(status = 412, content_type = "application/problem+json")]
    Changed(Problem),
}

/// The other answers of a metrics read: unchanged since the caller's copy, or filters that
/// break rules.
#[derive(utoipa::IntoResponses)]
pub enum FilterProblems {
    /// Unchanged since the `ETag` sent in `If-None-Match`; no body.
    #[response(status = 304)]
    NotModified,
    /// A filter is invalid; `errors` names each parameter and its rule.
    #[response(status = 422, content_type = "application/problem+json")]
    Invalid(Problem),
}

/// The refusal of a listing whose query parameters break rules.
#[derive(utoipa::IntoResponses)]
pub enum QueryProblems {
    /// A query parameter is invalid; `errors` names each one and its rule.
    #[response(status = 400, content_type = "application/problem+json")]
    Invalid(Problem),
}

/// The refusal of a streamed answer (an export, a CSV feed) when as many are being streamed as the
/// server allows at once (`STREAMS_AT_ONCE`).
#[derive(utoipa::IntoResponses)]
pub enum StreamProblems {
    /// Too many long answers are being streamed at once; `Retry-After` says when to try again.
    #[response(status = 503, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait")))]
    Busy(Problem),
}

/// The refusal of an operation that hashes or checks a password, when the server is at its bound.
#[derive(utoipa::IntoResponses)]
pub enum BusyProblems {
    /// Too many passwords are being hashed or checked at once; `Retry-After` says when to try again.
    #[response(status = 503, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait")))]
    Busy(Problem),
}
