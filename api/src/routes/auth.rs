//! `/api/v1/auth`: sign in, refresh, sign out, and who am I.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use l4a_shared::account::{Login, Me, RefreshRequest, TokenPair};
use l4a_shared::problem::Problem;

use crate::auth::{AuthState, Principal};
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::models::session::{self, Rotation};
use crate::models::{organisation, user};
use crate::routes::problems::BodyProblems;

/// The client's address, for the attempt limits (the connection's peer: a proxy in front should
/// be configured to keep one connection per client, or the limit applies to it as a whole).
fn client_address(request: &HttpRequest) -> String {
    request.peer_addr().map(|address| address.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

fn pair(auth: &AuthState, user_id: &str, epoch: i64, refresh_token: String) -> Result<TokenPair, ApiError> {
    let access_token = auth.keys.issue(user_id, epoch, chrono::Utc::now().timestamp())?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: u64::try_from(auth.keys.lifetime_seconds()).unwrap_or_default(),
    })
}

fn wrong_credentials() -> ApiError {
    ApiError::Unauthorized { detail: "the email or the password is wrong".into() }
}

/// Sign in
///
/// Answers the same, in about the same time, for an unknown email and a wrong password. Failed
/// attempts are limited per account and per client address (429 with `Retry-After`); counting
/// only failures keeps an office behind one address from locking itself out.
#[utoipa::path(
    tag = "auth",
    request_body(content = Login, content_type = "application/json"),
    responses(
        (status = 200, description = "Signed in: an access token and a refresh token", body = TokenPair),
        (status = 401, description = "The email or the password is wrong, or the account is deactivated", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
    )
)]
#[post("/auth/login")]
pub async fn login(
    request: HttpRequest,
    db: web::Data<Db>,
    auth: web::Data<AuthState>,
    body: JsonBody<Login>,
) -> Result<web::Json<TokenPair>, ApiError> {
    let Login { email, password } = body.0;
    let (account_key, address_key) =
        (format!("account:{}", email.trim().to_lowercase()), format!("address:{}", client_address(&request)));
    auth.per_address.check(&address_key)?;
    auth.per_account.check(&account_key)?;
    let lookup = email.clone();
    let found = db.read(move |conn| user::find_by_email(conn, &lookup)).await?;
    // Argon2 takes tens of milliseconds: keep it off the async workers.
    let checker = auth.clone();
    let stored_hash = found.as_ref().map(|stored| stored.password_hash.clone());
    let matches = web::block(move || checker.passwords.verify(&password, stored_hash.as_deref()))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("password check: {e}")))?;
    let stored = match found {
        Some(stored) if matches && stored.user.active => stored,
        _ => {
            auth.per_account.record(&account_key);
            auth.per_address.record(&address_key);
            return Err(wrong_credentials());
        }
    };
    let (user_id, lifetime) = (stored.user.id.clone(), auth.refresh_lifetime);
    let refresh_token = db.write(move |conn| session::start(conn, &user_id, lifetime)).await?;
    Ok(web::Json(pair(&auth, &stored.user.id, stored.session_epoch, refresh_token)?))
}

/// Refresh a session
///
/// Exchanges a refresh token for a new pair; the old token stops working. Presenting a token that
/// was already exchanged ends the whole session: a stolen copy cannot outlive its owner's next use.
#[utoipa::path(
    tag = "auth",
    request_body(content = RefreshRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "A new access token and refresh token", body = TokenPair),
        (status = 401, description = "The refresh token is unknown, expired, revoked or already used", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    request: HttpRequest,
    db: web::Data<Db>,
    auth: web::Data<AuthState>,
    body: JsonBody<RefreshRequest>,
) -> Result<web::Json<TokenPair>, ApiError> {
    let address_key = format!("address:{}", client_address(&request));
    auth.per_address.check(&address_key)?;
    let (token, lifetime) = (body.0.refresh_token, auth.refresh_lifetime);
    let rotated = db
        .write(move |conn| {
            let (user_id, token) = match session::rotate(conn, &token, lifetime)? {
                Rotation::Rotated { user_id, token } => (user_id, token),
                Rotation::Reused => return Ok(None),
            };
            let stored = user::get(conn, &user_id)?;
            Ok(Some((stored, token)))
        })
        .await;
    let rotated = rotated.inspect_err(|_| auth.per_address.record(&address_key))?;
    match rotated {
        Some((stored, token)) if stored.user.active => {
            Ok(web::Json(pair(&auth, &stored.user.id, stored.session_epoch, token)?))
        }
        Some(_) => Err(ApiError::Unauthorized { detail: "the account is deactivated".into() }),
        None => {
            auth.per_address.record(&address_key);
            Err(ApiError::Unauthorized {
                detail: "this refresh token was already used, so the session is ended; sign in again".into(),
            })
        }
    }
}

/// Sign out
///
/// Ends the session the refresh token belongs to; access tokens already issued expire on their own.
#[utoipa::path(
    tag = "auth",
    request_body(content = RefreshRequest, content_type = "application/json"),
    responses(
        (status = 204, description = "The session is ended"),
        (status = 401, description = "The refresh token is not valid", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
    )
)]
#[post("/auth/logout")]
pub async fn logout(db: web::Data<Db>, body: JsonBody<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let token = body.0.refresh_token;
    db.write(move |conn| session::revoke(conn, &token)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Who am I
///
/// The signed-in account, its roles and its organisations.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The signed-in account", body = Me),
    )
)]
#[get("/auth/me")]
pub async fn me(who: Principal, db: web::Data<Db>) -> Result<web::Json<Me>, ApiError> {
    who.signed_in()?;
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
