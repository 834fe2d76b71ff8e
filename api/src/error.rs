//! The API's one error type, and the one place it becomes an RFC 9457 problem response.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use l4a_shared::problem::{PROBLEM_JSON, Problem};
use l4a_shared::validation::{FieldError, ValidationErrors};

/// Everything a request can fail with. Each variant is one HTTP status and one stable `code`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body or the query broke validation rules (422, `validation_failed`).
    #[error("{0}")]
    Validation(ValidationErrors),
    /// The request is malformed: bad JSON, a bad query parameter, a bad header (400).
    #[error("{detail}")]
    BadRequest {
        /// The stable code (`malformed_json`, `invalid_query`, …).
        code: &'static str,
        /// What is wrong.
        detail: String,
        /// The fields concerned, when known.
        errors: Vec<FieldError>,
    },
    /// No valid credentials came with a request that needs them (401, `unauthorized`): none,
    /// or a token that is malformed, expired, revoked, or signed by another key.
    #[error("{detail}")]
    Unauthorized {
        /// What is wrong with the credentials; never which part of a secret matched.
        detail: String,
    },
    /// The caller is known but may not do this (403, `forbidden`).
    #[error("{detail}")]
    Forbidden {
        /// Why not.
        detail: String,
        /// The fields the caller may not set, when that is the reason.
        errors: Vec<FieldError>,
    },
    /// Too many attempts (429, `too_many_requests`); try again after `retry_after` seconds.
    #[error("too many attempts; try again in {retry_after} s")]
    TooManyRequests {
        /// Seconds until an attempt is accepted again.
        retry_after: u64,
    },
    /// The resource does not exist (404, `not_found`).
    #[error("no {resource} {key:?}")]
    NotFound {
        /// What was looked for ("hub").
        resource: &'static str,
        /// The id or slug asked for.
        key: String,
    },
    /// No route matches the path (404, `no_route`).
    #[error("no route {method} {path}")]
    NoRoute {
        /// The request method.
        method: String,
        /// The request path.
        path: String,
    },
    /// The path is routed, but not for this method (405, `method_not_allowed`); `Allow` lists those it is.
    #[error("{method} is not allowed on {path}; it takes {}", allowed.join(", "))]
    MethodNotAllowed {
        /// The request method.
        method: String,
        /// The request path.
        path: String,
        /// The methods routed there.
        allowed: Vec<String>,
    },
    /// The request conflicts with the stored state, e.g. a taken slug (409).
    #[error("{detail}")]
    Conflict {
        /// The stable code (`slug_taken`, …).
        code: &'static str,
        /// What conflicts.
        detail: String,
        /// The fields concerned.
        errors: Vec<FieldError>,
    },
    /// `If-Match` does not match the current version (412, `precondition_failed`).
    #[error("the resource changed since it was read (its ETag is now {current})")]
    PreconditionFailed {
        /// The resource's current ETag.
        current: String,
    },
    /// The body did not arrive whole within the deadline (408, `request_timeout`).
    #[error("the request body did not arrive within {seconds} s")]
    RequestTimeout {
        /// The deadline in seconds.
        seconds: u64,
    },
    /// The body is larger than allowed (413, `payload_too_large`).
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body is not of an accepted media type (415, `unsupported_media_type`).
    #[error("expected a body of type {expected}, got {got}")]
    UnsupportedMediaType {
        /// What was sent.
        got: String,
        /// What is accepted.
        expected: &'static str,
    },
    /// The server is at its bound for costly work, such as password hashing (503, `overloaded`);
    /// try again after `retry_after` seconds.
    #[error("the server is busy; try again in {retry_after} s")]
    Overloaded {
        /// Seconds to wait before trying again.
        retry_after: u64,
    },
    /// The database is not reachable right now (503, `unavailable`).
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// A bug or an infrastructure failure (500, `internal`); its cause is logged, never sent.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Broken rules found by a validating type in `shared` are a 422, so `?` is all a caller writes.
impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        ApiError::Validation(errors)
    }
}

/// The store's failures, each as the status a client sees.
impl From<crate::models::StoreError> for ApiError {
    fn from(error: crate::models::StoreError) -> Self {
        use crate::models::StoreError;
        match error {
            StoreError::NotFound { resource, key } => ApiError::NotFound { resource, key },
            StoreError::Conflict { code, detail, errors } => ApiError::Conflict { code, detail, errors },
            StoreError::Invalid(errors) => ApiError::Validation(errors),
            StoreError::Refused { detail } => ApiError::Unauthorized { detail },
            StoreError::Database(error) => error.into(),
            StoreError::Corrupt(error) => ApiError::Internal(error),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        // Another process holding SQLite's write lock past the busy timeout is a moment's
        // congestion (503, try again), not a fault of the server's.
        if let diesel::result::Error::DatabaseError(_, info) = &error
            && (info.message().contains("database is locked") || info.message().contains("database is busy"))
        {
            return ApiError::Unavailable(format!("the database is busy: {}", info.message()));
        }
        ApiError::Internal(anyhow::Error::new(error).context("database query failed"))
    }
}

impl ApiError {
    /// The stable code clients match on.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation_failed",
            ApiError::BadRequest { code, .. } | ApiError::Conflict { code, .. } => code,
            ApiError::Unauthorized { .. } => "unauthorized",
            ApiError::Forbidden { .. } => "forbidden",
            ApiError::TooManyRequests { .. } => "too_many_requests",
            ApiError::NotFound { .. } => "not_found",
            ApiError::NoRoute { .. } => "no_route",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::PreconditionFailed { .. } => "precondition_failed",
            ApiError::RequestTimeout { .. } => "request_timeout",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::UnsupportedMediaType { .. } => "unsupported_media_type",
            ApiError::Overloaded { .. } => "overloaded",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "The request broke validation rules",
            ApiError::BadRequest { .. } => "The request is malformed",
            ApiError::Unauthorized { .. } => "Authentication required",
            ApiError::Forbidden { .. } => "Not allowed",
            ApiError::TooManyRequests { .. } => "Too many requests",
            ApiError::NotFound { .. } => "Not found",
            ApiError::NoRoute { .. } => "No such route",
            ApiError::MethodNotAllowed { .. } => "Method not allowed",
            ApiError::Conflict { .. } => "Conflict with the current state",
            ApiError::PreconditionFailed { .. } => "The resource changed",
            ApiError::RequestTimeout { .. } => "Request timeout",
            ApiError::PayloadTooLarge { .. } => "Request body too large",
            ApiError::UnsupportedMediaType { .. } => "Unsupported media type",
            ApiError::Overloaded { .. } | ApiError::Unavailable(_) => "Service unavailable",
            ApiError::Internal(_) => "Internal error",
        }
    }

    /// The problem document sent to the client.
    pub fn problem(&self) -> Problem {
        let detail = match self {
            // The cause of a 5xx stays in the log.
            ApiError::Internal(_) => "internal error".to_owned(),
            ApiError::Unavailable(_) => "the database is unavailable; try again shortly".to_owned(),
            ApiError::Validation(errors) => {
                let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
                format!("{} field(s) broke a rule: {}", errors.0.len(), fields.join(", "))
            }
            other => other.to_string(),
        };
        let problem = Problem::new(self.status_code().as_u16(), self.code(), self.title(), detail);
        match self {
            ApiError::Validation(errors) => problem.with_errors(errors.0.clone()),
            ApiError::BadRequest { errors, .. }
            | ApiError::Conflict { errors, .. }
            | ApiError::Forbidden { errors, .. } => problem.with_errors(errors.clone()),
            _ => problem,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotFound { .. } | ApiError::NoRoute { .. } => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::RequestTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Overloaded { .. } | ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = problem_response(&self.problem());
        match self {
            ApiError::PreconditionFailed { current } => {
                if let Ok(value) = HeaderValue::from_str(current) {
                    response.headers_mut().insert(header::ETAG, value);
                }
            }
            ApiError::Unauthorized { .. } => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::MethodNotAllowed { allowed, .. } => {
                if let Ok(value) = HeaderValue::from_str(&allowed.join(", ")) {
                    response.headers_mut().insert(header::ALLOW, value);
                }
            }
            ApiError::TooManyRequests { retry_after } | ApiError::Overloaded { retry_after } => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
            }
            _ => {}
        }
        response
    }
}

/// Renders a problem document with its status and media type.
pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body =
        serde_json::to_vec(problem).unwrap_or_else(|_| b"{\"title\":\"Internal error\",\"status\":500}".to_vec());
    HttpResponse::build(status).content_type(PROBLEM_JSON).body(body)
}
