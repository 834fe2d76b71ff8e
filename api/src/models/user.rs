//! Accounts in the database: their roles and organisations, passwords (hashed) and the session
//! epoch that ends every session at once.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use l4a_shared::account::{Role, User, ValidUser};
use l4a_shared::page::Page;
use l4a_shared::sdg::Lang;
use l4a_shared::validation::{FieldError, Invalid, Rule, ValidationErrors};

use super::StoreError;
use super::Versioned;
use super::audit::{self, Actor, Change};
use crate::db::DbConnection;
use crate::schema::{organisations, refresh_tokens, user_organisations, user_roles, users};

/// An account as stored: the public part, its version, its password hash and session epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredUser {
    /// The account.
    pub user: User,
    /// Bumped by every change.
    pub version: i64,
    /// The Argon2id hash of its password.
    pub password_hash: String,
    /// Carried by its access tokens; bumped to end its sessions.
    pub session_epoch: i64,
}

impl Versioned for StoredUser {
    fn version(&self) -> i64 {
        self.version
    }

    fn id(&self) -> &str {
        &self.user.id
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = users)]
struct UserRow {
    id: String,
    email: String,
    display_name: String,
    language: String,
    password_hash: String,
    active: bool,
    session_epoch: i64,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

fn corrupt(id: &str, what: &str) -> StoreError {
    StoreError::Corrupt(anyhow::anyhow!("user {id} has an unknown {what}"))
}

/// Adds roles and organisations to rows: two queries whatever their number.
fn assemble(conn: &mut DbConnection, rows: Vec<UserRow>) -> Result<Vec<StoredUser>, StoreError> {
    let ids: Vec<&str> = rows.iter().map(|row| row.id.as_str()).collect();
    let roles: Vec<(String, String)> = user_roles::table
        .filter(user_roles::user_id.eq_any(&ids))
        .select((user_roles::user_id, user_roles::role))
        .load(conn)?;
    let memberships: Vec<(String, String)> = user_organisations::table
        .filter(user_organisations::user_id.eq_any(&ids))
        .select((user_organisations::user_id, user_organisations::organisation_id))
        .order((user_organisations::user_id, user_organisations::organisation_id))
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            let mut own_roles = Vec::new();
            for (_, role) in roles.iter().filter(|(user, _)| *user == row.id) {
                own_roles.push(role.parse::<Role>().map_err(|_| corrupt(&row.id, "role"))?);
            }
            // Roles in their declared order, whatever order the database returns them in.
            own_roles.sort_by_key(|role| Role::ALL.iter().position(|r| r == role));
            let organisation_ids =
                memberships.iter().filter(|(user, _)| *user == row.id).map(|(_, org)| org.clone()).collect();
            Ok(StoredUser {
                version: row.version,
                password_hash: row.password_hash,
                session_epoch: row.session_epoch,
                user: User {
                    language: Lang::from_code(&row.language).ok_or_else(|| corrupt(&row.id, "language"))?,
                    id: row.id,
                    email: row.email,
                    display_name: row.display_name,
                    roles: own_roles,
                    organisation_ids,
                    active: row.active,
                    created_at: row.created_at.and_utc(),
                    updated_at: row.updated_at.and_utc(),
                },
            })
        })
        .collect()
}

/// Finds an account by id.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredUser>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let rows: Vec<UserRow> = users::table.filter(users::id.eq(id)).select(UserRow::as_select()).load(conn)?;
    Ok(assemble(conn, rows)?.pop())
}

/// Like [`find`], but a missing account is a 404.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<StoredUser, StoreError> {
    find(conn, id)?.ok_or_else(|| StoreError::NotFound { resource: "user", key: id.to_owned() })
}

/// Finds an account by its address, whatever its case.
pub fn find_by_email(conn: &mut DbConnection, email: &str) -> Result<Option<StoredUser>, StoreError> {
    if !super::may_be_a_key(email) {
        return Ok(None);
    }
    let rows: Vec<UserRow> = users::table
        .filter(users::email_folded.eq(email.trim().to_lowercase()))
        .select(UserRow::as_select())
        .load(conn)?;
    Ok(assemble(conn, rows)?.pop())
}

/// One page of accounts by address; `q` matches addresses and names.
pub fn list(conn: &mut DbConnection, q: Option<&str>, page: u32, per_page: u32) -> Result<Page<User>, StoreError> {
    let filtered = || {
        let query = users::table.into_boxed();
        match q {
            Some(text) => {
                let pattern = super::like_pattern(&text.to_lowercase());
                query.filter(
                    users::email_folded
                        .like(pattern.clone())
                        .escape('\\')
                        .or(users::display_name.like(pattern).escape('\\')),
                )
            }
            None => query,
        }
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<UserRow> = filtered()
        .order((users::email_folded.asc(), users::id.asc()))
        .select(UserRow::as_select())
        .limit(i64::from(per_page))
        .offset(super::offset(page, per_page))
        .load(conn)?;
    let items = assemble(conn, rows)?.into_iter().map(|stored| stored.user).collect();
    Ok(super::page_of(items, total, page, per_page))
}

/// Refuses organisations that do not exist, naming each.
fn check_organisations(conn: &mut DbConnection, ids: &[String]) -> Result<(), StoreError> {
    let known: Vec<String> =
        organisations::table.filter(organisations::id.eq_any(ids)).select(organisations::id).load(conn)?;
    let mut errors = ValidationErrors::default();
    for (index, id) in ids.iter().enumerate() {
        if !known.contains(id) {
            errors.push(
                format!("organisation_ids[{index}]"),
                Invalid::new(Rule::Exists, format!("no organisation {id}")),
            );
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(StoreError::Invalid(errors)) }
}

fn email_taken(conn: &mut DbConnection, email: &str, except: Option<&str>) -> Result<(), StoreError> {
    let holder: Option<String> =
        users::table.filter(users::email_folded.eq(email.to_lowercase())).select(users::id).first(conn).optional()?;
    match holder {
        Some(holder) if Some(holder.as_str()) != except => Err(StoreError::Conflict {
            code: "email_taken",
            detail: format!("an account already signs in as {email}"),
            errors: vec![FieldError {
                field: "email".into(),
                rule: Rule::Unique,
                message: "this address already has an account".into(),
            }],
        }),
        _ => Ok(()),
    }
}

fn replace_memberships(conn: &mut DbConnection, id: &str, user: &ValidUser) -> Result<(), StoreError> {
    diesel::delete(user_roles::table.filter(user_roles::user_id.eq(id))).execute(conn)?;
    diesel::delete(user_organisations::table.filter(user_organisations::user_id.eq(id))).execute(conn)?;
    for role in &user.roles {
        diesel::insert_into(user_roles::table)
            .values((user_roles::user_id.eq(id), user_roles::role.eq(role.as_str())))
            .execute(conn)?;
    }
    for organisation in &user.organisation_ids {
        diesel::insert_into(user_organisations::table)
            .values((user_organisations::user_id.eq(id), user_organisations::organisation_id.eq(organisation)))
            .execute(conn)?;
    }
    Ok(())
}

/// Creates an account; call inside a write transaction.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    user: &ValidUser,
    password_hash: &str,
) -> Result<StoredUser, StoreError> {
    check_organisations(conn, &user.organisation_ids)?;
    email_taken(conn, user.email.as_str(), None)?;
    let (id, now) = (super::new_id(), super::now());
    diesel::insert_into(users::table)
        .values((
            users::id.eq(&id),
            users::email.eq(user.email.as_str()),
            users::email_folded.eq(user.email.as_str().to_lowercase()),
            users::display_name.eq(&user.display_name),
            users::language.eq(user.language.code()),
            users::password_hash.eq(password_hash),
            users::active.eq(user.active),
            users::session_epoch.eq(0_i64),
            users::version.eq(1_i64),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    replace_memberships(conn, &id, user)?;
    let stored = get(conn, &id)?;
    audit::created(conn, actor, &stored.user)?;
    Ok(stored)
}

/// Replaces an account's fields if it is still at `version`; deactivating it ends its sessions.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &StoredUser,
    user: &ValidUser,
) -> Result<Option<StoredUser>, StoreError> {
    let id = current.user.id.as_str();
    check_organisations(conn, &user.organisation_ids)?;
    email_taken(conn, user.email.as_str(), Some(id))?;
    let deactivated = current.user.active && !user.active;
    let changed = diesel::update(users::table.filter(users::id.eq(id)).filter(users::version.eq(current.version)))
        .set((
            users::email.eq(user.email.as_str()),
            users::email_folded.eq(user.email.as_str().to_lowercase()),
            users::display_name.eq(&user.display_name),
            users::language.eq(user.language.code()),
            users::active.eq(user.active),
            users::version.eq(current.version + 1),
            users::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    replace_memberships(conn, id, user)?;
    if deactivated {
        end_sessions(conn, id)?;
    }
    let updated = find(conn, id)?;
    audit::updated_if(conn, actor, &current.user, updated.as_ref().map(|u| &u.user))?;
    Ok(updated)
}

/// Sets a new password hash and ends every session of the account.
///
/// `action` names the change in the audit trail: `password_change` by its owner,
/// `password_reset` by an admin.
pub fn set_password(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    id: &str,
    password_hash: &str,
) -> Result<(), StoreError> {
    diesel::update(users::table.filter(users::id.eq(id)))
        .set((users::password_hash.eq(password_hash), users::updated_at.eq(super::now())))
        .execute(conn)?;
    end_sessions(conn, id)?;
    // The trail says that it changed, never what to.
    let change: Change<'_, User> =
        Change { entity: "user", entity_id: id, action, hub_id: None, before: None, after: None };
    audit::record(conn, actor, change)
}

/// Ends every session at once: access tokens carry the old epoch, refresh tokens are revoked.
pub fn end_sessions(conn: &mut DbConnection, id: &str) -> Result<(), StoreError> {
    diesel::update(users::table.filter(users::id.eq(id)))
        .set(users::session_epoch.eq(users::session_epoch + 1))
        .execute(conn)?;
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::user_id.eq(id)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(super::now())))
    .execute(conn)?;
    Ok(())
}

/// How many accounts exist (the demo seed adds its accounts only to an empty table).
pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}
