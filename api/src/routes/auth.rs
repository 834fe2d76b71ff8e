//! `/api/v1/auth`: sign in, refresh, sign out, and who am I.
//!
//! Third-party clients carry the refresh token in JSON bodies. The web app asks, with the
//! `X-Session-Cookie: 1` header, for it in an `HttpOnly; Secure; SameSite=Strict` cookie scoped
//! to `/api/v1/auth` instead, where no script (an injected one included) can read it.

use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{FromRequest, HttpRequest, HttpResponse, get, post, web};
use l4a_shared::account::{Login, Me, RefreshRequest, TokenPair};
use l4a_shared::problem::Problem;

use crate::auth::AuthState;
use crate::auth::guards::SignedIn;
use crate::client_address::client_address;
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::models::audit::{self, Actor, Change};
use crate::models::organisation;
use crate::models::session::{self, Rotation};
use crate::models::user::{self, StoredUser};
use crate::routes::problems::{BodyProblems, BusyProblems};
use l4a_shared::account::ActorKind;

/// The header with which the web app asks for its refresh token in a cookie.
pub const COOKIE_MODE_HEADER: &str = "x-session-cookie";
/// The cookie holding the web app's refresh token.
const COOKIE: &str = "l4a_refresh";
/// How long after an exchange a twin exchange of the same cookie (a second tab) is not theft.
const TWIN_GRACE_SECONDS: i64 = 10;

/// Whether the caller asked for the cookie. A cross-site page cannot send a custom header
/// without a CORS preflight this server never grants, and an `Origin`, when the browser sends
/// one, must be this server's own: together they keep other sites from using the cookie.
fn wants_cookie(request: &HttpRequest) -> Result<bool, ApiError> {
    if !request.headers().contains_key(COOKIE_MODE_HEADER) {
        return Ok(false);
    }
    let origin = request.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = request.connection_info().host().to_owned();
    match origin {
        Some(origin) if origin.split_once("://").map(|(_, rest)| rest) != Some(host.as_str()) => {
            Err(crate::auth::forbidden("a session cookie is only used by pages of this server"))
        }
        _ => Ok(true),
    }
}

/// The refresh token in the request's cookie, if any.
fn cookie_token(request: &HttpRequest) -> Option<String> {
    request
        .headers()
        .get_all(header::COOKIE)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

/// The `Set-Cookie` value that stores `token` for `max_age` seconds (0 clears it).
fn cookie(token: &str, max_age: i64) -> HeaderValue {
    let value = format!("{COOKIE}={token}; Path=/api/v1/auth; Max-Age={max_age}; HttpOnly; Secure; SameSite=Strict");
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("l4a_refresh=; Max-Age=0"))
}

/// A refresh token as presented: in the JSON body, or in the cookie for the web app.
pub struct PresentedToken {
    /// The token; `None` when cookie mode found no cookie.
    token: Option<String>,
    /// Whether it came in (and goes back in) the cookie.
    in_cookie: bool,
}

impl FromRequest for PresentedToken {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        match wants_cookie(request) {
            Err(refused) => Box::pin(async move { Err(refused) }),
            Ok(true) => {
                let token = cookie_token(request);
                Box::pin(async move { Ok(PresentedToken { token, in_cookie: true }) })
            }
            Ok(false) => {
                let body = JsonBody::<RefreshRequest>::from_request(request, payload);
                Box::pin(
                    async move { Ok(PresentedToken { token: Some(body.await?.0.refresh_token), in_cookie: false }) },
                )
            }
        }
    }
}

/// The answer carrying a new pair: the refresh token in the body, or in the cookie.
fn issued(
    auth: &AuthState,
    stored: &StoredUser,
    family: &str,
    refresh_token: String,
    in_cookie: bool,
) -> Result<HttpResponse, ApiError> {
    let access_token =
        auth.keys.issue(&stored.user.id, stored.session_epoch, family, chrono::Utc::now().timestamp())?;
    let mut response = HttpResponse::Ok();
    if in_cookie {
        response.insert_header((header::SET_COOKIE, cookie(&refresh_token, auth.refresh_lifetime.num_seconds())));
    }
    Ok(response.json(TokenPair {
        access_token,
        refresh_token: (!in_cookie).then_some(refresh_token),
        token_type: "Bearer".into(),
        expires_in: u64::try_from(auth.keys.lifetime_seconds()).unwrap_or_default(),
    }))
}

/// Records a sign-in or a sign-out in the audit trail, as done by the account itself.
fn record_session(
    conn: &mut crate::db::DbConnection,
    user_id: &str,
    email: &str,
    action: &str,
) -> Result<(), ApiError> {
    let actor = Actor { kind: ActorKind::User, id: Some(user_id.to_owned()), name: email.to_owned() };
    let change: Change<'_, ()> =
        Change { entity: "user", entity_id: user_id, action, hub_id: None, before: None, after: None };
    Ok(audit::record(conn, &actor, change)?)
}

fn wrong_credentials() -> ApiError {
    ApiError::Unauthorized { detail: "the email or the password is wrong".into() }
}

/// The account whose address and password these are, counted against the sign-in limits:
/// 401 for a wrong pair, 429 past the limits, 503 when the hashing threads are busy.
async fn check_credentials(
    db: &Db,
    auth: &AuthState,
    email: String,
    password: &str,
    address: &str,
) -> Result<StoredUser, ApiError> {
    // A sign-in the hashing threads could not take now is refused before anything is written:
    // under a burst most attempts end here, and the database serves the other requests.
    if auth.passwords.busy() {
        return Err(ApiError::Overloaded { retry_after: 1 });
    }
    let (limits, account, from) = (auth.sign_in, email.clone(), address.to_owned());
    let (attempt, delay) = db
        .bookkeep(move |conn| {
            let attempt = limits.begin(conn, &account, &from)?;
            let delay = attempt.delay(conn)?;
            Ok((attempt, delay))
        })
        .await?;
    if !delay.is_zero() {
        tracing::warn!(%address, delay_ms = delay.as_millis(), "sign-in slowed down: the account failed too often from everywhere");
        tokio::time::sleep(delay).await;
    }
    let found = db.read(move |conn| Ok(user::find_by_email(conn, &email)?)).await?;
    let stored_hash = found.as_ref().map(|stored| stored.password_hash.as_str());
    let matches = match auth.passwords.verify(password, stored_hash).await {
        Ok(matches) => matches,
        Err(busy) => {
            db.bookkeep(move |conn| attempt.abandon(conn)).await?;
            return Err(busy);
        }
    };
    match found {
        Some(stored) if matches && stored.user.active => {
            db.bookkeep(move |conn| attempt.succeeded(conn)).await?;
            Ok(stored)
        }
        _ => {
            db.bookkeep(move |conn| attempt.failed(conn)).await?;
            tracing::warn!(%address, "failed sign-in");
            Err(wrong_credentials())
        }
    }
}

/// Sign in
///
/// Answers the same, in about the same time, for an unknown email and a wrong password. Failed
/// attempts are limited per client address, and per account from one address (429 with
/// `Retry-After`); counting only failures keeps an office behind one address from locking itself
/// out. An account that fails too often from all addresses together is slowed down, never
/// locked, so nobody can lock someone else out. Passwords are checked a few at a time: when the
/// server is at that bound, the answer is 503 with `Retry-After`.
#[utoipa::path(
    tag = "auth",
    request_body(content = Login, content_type = "application/json"),
    responses(
        (status = 200, description = "Signed in: an access token and a refresh token", body = TokenPair),
        (status = 401, description = "The email or the password is wrong, or the account is deactivated", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        BusyProblems,
    )
)]
#[post("/auth/login")]
pub async fn login(
    request: HttpRequest,
    db: web::Data<Db>,
    auth: web::Data<AuthState>,
    body: JsonBody<Login>,
) -> Result<HttpResponse, ApiError> {
    let in_cookie = wants_cookie(&request)?;
    body.0.check()?;
    let Login { email, password } = body.0;
    let address = client_address(&request);
    let stored = check_credentials(&db, &auth, email.trim().to_lowercase(), &password, &address).await?;
    let (user_id, email, lifetime) = (stored.user.id.clone(), stored.user.email.clone(), auth.refresh_lifetime);
    let (refresh_token, family) = db
        .write(move |conn| {
            let started = session::start(conn, &user_id, lifetime)?;
            record_session(conn, &user_id, &email, "sign_in")?;
            Ok(started)
        })
        .await?;
    tracing::info!(%address, account = %stored.user.id, "signed in");
    issued(&auth, &stored, &family, refresh_token, in_cookie)
}

/// A 409 for the twin of a request that renewed the session a moment ago.
fn superseded() -> ApiError {
    ApiError::Conflict {
        code: "refresh_superseded",
        detail: "another request of this browser renewed the session a moment ago; retry with the newer cookie".into(),
        errors: Vec::new(),
    }
}

/// Refresh a session
///
/// Exchanges a refresh token for a new pair; the old token stops working. Presenting a token that
/// was already exchanged ends the whole session: a stolen copy cannot outlive its owner's next
/// use, and the access tokens of that session stop working at once.
///
/// The web app sends `X-Session-Cookie: 1` and no body: its token is read from, and the next one
/// written to, an `HttpOnly` cookie. Two tabs exchanging the same cookie at once get a 409
/// (`refresh_superseded`) for the later exchange rather than losing the session; the cookie
/// already holds the newer token.
#[utoipa::path(
    tag = "auth",
    params(
        ("X-Session-Cookie" = Option<String>, Header, description = "`1`: the refresh token is in the `l4a_refresh` cookie, not the body (the web app)"),
    ),
    request_body(content = Option<RefreshRequest>, description = "Required unless `X-Session-Cookie` is sent", content_type = "application/json"),
    responses(
        (status = 200, description = "A new access token and refresh token", body = TokenPair),
        (status = 401, description = "The refresh token is unknown, expired, revoked or already used", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cookie mode from a page of another origin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The same cookie was exchanged a moment ago by another tab; retry", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    request: HttpRequest,
    db: web::Data<Db>,
    auth: web::Data<AuthState>,
    presented: PresentedToken,
) -> Result<HttpResponse, ApiError> {
    let PresentedToken { token, in_cookie } = presented;
    // No cookie is no guess: a visitor who never signed in is not counted against the address.
    let token = token.ok_or_else(|| ApiError::Unauthorized { detail: "no session: sign in".into() })?;
    // Counted before the token is checked, so that parallel guesses cannot pass the limit.
    let address_key = format!("address:{}", client_address(&request));
    let limit = auth.sign_in.per_address();
    let counted = db.bookkeep(move |conn| limit.attempt(conn, &address_key)).await?;
    let lifetime = auth.refresh_lifetime;
    let grace = in_cookie.then(|| chrono::Duration::seconds(TWIN_GRACE_SECONDS));
    match db.write(move |conn| Ok(session::rotate(conn, &token, lifetime, grace)?)).await? {
        Rotation::Rotated { user_id, token, family } => {
            let stored = db.read(move |conn| Ok(user::get(conn, &user_id)?)).await?;
            if !stored.user.active {
                return Err(ApiError::Unauthorized { detail: "the account is deactivated".into() });
            }
            db.bookkeep(move |conn| limit.forget(conn, &counted)).await?;
            issued(&auth, &stored, &family, token, in_cookie)
        }
        Rotation::Superseded => {
            db.bookkeep(move |conn| limit.forget(conn, &counted)).await?;
            Err(superseded())
        }
        Rotation::Reused => {
            tracing::warn!(address = %client_address(&request), "a used refresh token came back: its session is ended");
            Err(ApiError::Unauthorized {
                detail: "this refresh token was already used, so the session is ended; sign in again".into(),
            })
        }
    }
}

/// Sign out
///
/// Ends the session the refresh token belongs to, and every access token of that session with it.
/// In cookie mode (`X-Session-Cookie: 1`, no body) the cookie is cleared too.
#[utoipa::path(
    tag = "auth",
    params(
        ("X-Session-Cookie" = Option<String>, Header, description = "`1`: the refresh token is in the `l4a_refresh` cookie, not the body (the web app)"),
    ),
    request_body(content = Option<RefreshRequest>, description = "Required unless `X-Session-Cookie` is sent", content_type = "application/json"),
    responses(
        (status = 204, description = "The session is ended"),
        (status = 401, description = "The refresh token is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cookie mode from a page of another origin", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
    )
)]
#[post("/auth/logout")]
pub async fn logout(db: web::Data<Db>, presented: PresentedToken) -> Result<HttpResponse, ApiError> {
    let PresentedToken { token, in_cookie } = presented;
    if let Some(token) = token {
        let ended = db
            .write(move |conn| {
                let user_id = session::revoke(conn, &token)?;
                let email = user::get(conn, &user_id)?.user.email;
                record_session(conn, &user_id, &email, "sign_out")
            })
            .await;
        // A stale cookie is no reason to keep the browser from signing out.
        if !in_cookie {
            ended?;
        }
        tracing::info!("signed out");
    }
    let mut response = HttpResponse::NoContent();
    if in_cookie {
        response.insert_header((header::SET_COOKIE, cookie("", 0)));
    }
    Ok(response.finish())
}

/// Who am I
///
/// The signed-in account, its roles and its organisations.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The signed-in account", body = Me),
        SignedIn,
    )
)]
#[get("/auth/me")]
pub async fn me(SignedIn(who): SignedIn, db: web::Data<Db>) -> Result<web::Json<Me>, ApiError> {
    let id = who
        .user_id()
        .ok_or_else(|| crate::auth::forbidden("an API key is not an account; /auth/me is for signed-in users"))?
        .to_owned();
    let me = db
        .read(move |conn| {
            let stored = user::get(conn, &id)?;
            let organisations = organisation::summaries(conn, &stored.user.organisation_ids)?;
            Ok(Me { user: stored.user, organisations })
        })
        .await?;
    Ok(web::Json(me))
}

/// Registers the sign-in routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(login).service(refresh).service(logout).service(me);
}
