//! `/api/v1/users`: accounts, their roles and organisations (the Secretariat's), and each
//! account's own name, language and password.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, patch, post, web};
use l4a_shared::account::{CreatedUser, NewUser, PasswordChange, PasswordReset, User, UserPatch};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::UserQuery;

use crate::auth::guards::{Admin, SignedIn};
use crate::auth::{AuthState, Principal, forbidden};
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, QueryParams};
use crate::models::Versioned as _;
use crate::models::api_key;
use crate::models::user::{self, StoredUser};
use crate::routes::Tagged;
use crate::routes::change_if_current;
use crate::routes::problems::{BodyProblems, BusyProblems, ChangeProblems, QueryProblems};
use crate::secrets::generate_password;

fn tagged(stored: StoredUser, status: StatusCode) -> Tagged<User> {
    let location = (status == StatusCode::CREATED).then(|| format!("/api/v1/users/{}", stored.user.id));
    Tagged { status, etag: stored.etag(), body: stored.user, location }
}

/// 403 unless the caller is an admin or the account itself.
fn self_or_admin(who: &Principal, id: &str) -> Result<(), ApiError> {
    who.signed_in()?;
    if who.has(l4a_shared::account::Role::Admin) || who.user_id() == Some(id) {
        Ok(())
    } else {
        Err(forbidden("only the Secretariat's administrators see other accounts"))
    }
}

/// List accounts
#[utoipa::path(
    tag = "users",
    params(UserQuery),
    responses(
        (status = 200, description = "One page of accounts, by address", body = Page<User>),
        QueryProblems,
        Admin,
    )
)]
#[get("/users")]
pub async fn list_users(
    _: Admin,
    db: web::Data<Db>,
    query: QueryParams<UserQuery>,
) -> Result<web::Json<Page<User>>, ApiError> {
    let QueryParams(query) = query;
    Ok(web::Json(db.read(move |conn| Ok(user::list(conn, query.q.as_deref(), query.page, query.per_page)?)).await?))
}

/// Create an account
///
/// Without a `password`, one is generated and returned once as `initial_password`.
#[utoipa::path(
    tag = "users",
    request_body(content = NewUser, content_type = "application/json"),
    responses(
        (status = 201, description = "The account was created", body = CreatedUser, headers(("Location" = String, description = "The account's URL"))),
        (status = 409, description = "An account already signs in with this address", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        BusyProblems,
        Admin,
    )
)]
#[post("/users")]
pub async fn create_user(
    Admin(who): Admin,
    db: web::Data<Db>,
    auth: web::Data<AuthState>,
    body: JsonBody<NewUser>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let valid = new.validate()?;
    let (password, generated) = match new.password {
        Some(password) => (password, None),
        None => {
            let password = generate_password()?;
            (password.clone(), Some(password))
        }
    };
    let password_hash = auth.passwords.hash(&password).await?;
    let stored = db.write(move |conn| Ok(user::create(conn, &who.actor(), &valid, &password_hash)?)).await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, format!("/api/v1/users/{}", stored.user.id)))
        .insert_header((actix_web::http::header::ETAG, stored.etag()))
        .json(CreatedUser { user: stored.user, initial_password: generated }))
}

/// Get an account
#[utoipa::path(
    tag = "users",
    params(("id" = String, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The account", body = User, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "No account has this id", body = Problem, content_type = "application/problem+json"),
        SignedIn,
    )
)]
#[get("/users/{id}")]
pub async fn find_user(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<User>, ApiError> {
    let id = id.into_inner();
    self_or_admin(&who, &id)?;
    Ok(tagged(db.read(move |conn| Ok(user::get(conn, &id)?)).await?, StatusCode::OK))
}

/// Update an account
///
/// A JSON merge patch. An account may change its own `display_name` and `language`; roles,
/// organisations, `active` and `email` are the Secretariat's to change (403 otherwise).
/// Deactivating an account ends its sessions at once.
#[utoipa::path(
    tag = "users",
    params(
        ("id" = String, Path, description = "The account's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body(content(
        (UserPatch = "application/merge-patch+json"),
        (UserPatch = "application/json"),
    )),
    responses(
        (status = 200, description = "The updated account", body = User, headers(("ETag" = String, description = "Its new version"))),
        (status = 404, description = "No account has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another account signs in with this address", body = Problem, content_type = "application/problem+json"),
        ChangeProblems,
        SignedIn,
    )
)]
#[patch("/users/{id}")]
pub async fn update_user(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<UserPatch>,
) -> Result<Tagged<User>, ApiError> {
    let (id, patch) = (id.into_inner(), body.0);
    self_or_admin(&who, &id)?;
    if !who.has(l4a_shared::account::Role::Admin) {
        Principal::refuse_fields(&patch.admin_fields(), "only the Secretariat changes these")?;
    }
    let stored = db
        .write(move |conn| {
            change_if_current(
                conn,
                |conn| Ok(user::get(conn, &id)?),
                &if_match,
                |conn, current| {
                    let valid = patch.clone().apply_to(&current.user).validate()?;
                    let Some(updated) = user::update(conn, &who.actor(), current, &valid)? else {
                        return Ok(None);
                    };
                    api_key::revoke_orphaned(conn, &who.actor(), &updated.user)?;
                    Ok(Some(updated))
                },
            )
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Reset an account's password
///
/// Generates a new password, returned once, and ends the account's sessions.
#[utoipa::path(
    tag = "users",
    params(("id" = String, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The new password", body = PasswordReset),
        (status = 404, description = "No account has this id", body = Problem, content_type = "application/problem+json"),
        BusyProblems,
        Admin,
    )
)]
#[post("/users/{id}/password-reset")]
pub async fn reset_password(
    Admin(who): Admin,
    db: web::Data<Db>,
    auth: web::Data<AuthState>,
    id: web::Path<String>,
) -> Result<web::Json<PasswordReset>, ApiError> {
    let id = id.into_inner();
    let password = generate_password()?;
    let password_hash = auth.passwords.hash(&password).await?;
    db.write(move |conn| {
        let stored = user::get(conn, &id)?;
        Ok(user::set_password(conn, &who.actor(), "password_reset", &stored.user.id, &password_hash)?)
    })
    .await?;
    Ok(web::Json(PasswordReset { initial_password: password }))
}

/// Change my password
///
/// Needs the current password; ends every other session (sign in again with the new one).
#[utoipa::path(
    tag = "users",
    request_body(content = PasswordChange, content_type = "application/json"),
    responses(
        SignedIn,
        (status = 204, description = "The password is changed"),
        (status = 403, description = "The current password is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong current passwords; `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        BusyProblems,
    )
)]
#[post("/users/me/password")]
pub async fn change_password(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    auth: web::Data<AuthState>,
    body: JsonBody<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let id = who.user_id().ok_or_else(|| forbidden("an API key has no password"))?.to_owned();
    body.0.validate()?;
    let PasswordChange { current_password, new_password } = body.0;
    // Counted before the check, so that parallel guesses at the current password cannot pass the limit.
    let (limit, limit_key) = (auth.password_change, format!("password:{id}"));
    let counted = db.bookkeep(move |conn| limit.attempt(conn, &limit_key)).await?;
    let lookup = id.clone();
    let stored = db.read(move |conn| Ok(user::get(conn, &lookup)?)).await?;
    let matches = match auth.passwords.verify(&current_password, Some(&stored.password_hash)).await {
        Ok(matches) => matches,
        Err(busy) => {
            db.bookkeep(move |conn| limit.forget(conn, &counted)).await?;
            return Err(busy);
        }
    };
    if !matches {
        tracing::warn!(account = %id, "wrong current password when changing it");
        return Err(forbidden("the current password is wrong"));
    }
    db.bookkeep(move |conn| limit.forget(conn, &counted)).await?;
    let password_hash = auth.passwords.hash(&new_password).await?;
    db.write(move |conn| Ok(user::set_password(conn, &who.actor(), "password_change", &id, &password_hash)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers the account routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_users)
        .service(create_user)
        .service(change_password)
        .service(find_user)
        .service(update_user)
        .service(reset_password);
}
