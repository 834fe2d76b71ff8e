//! Sessions: refresh tokens, stored as digests, rotated on every use. A token is
//! `<id>.<secret>`; the id finds the row, the secret's digest is compared in constant time.
//! Reusing a token that was already exchanged means it leaked: the whole family (every token
//! descended from that sign-in) is revoked.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::StoreError;
use crate::db::DbConnection;
use crate::schema::refresh_tokens;
use crate::secrets;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
struct TokenRow {
    user_id: String,
    family_id: String,
    secret_hash: String,
    expires_at: NaiveDateTime,
    used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

fn refused() -> StoreError {
    StoreError::Refused { detail: "the refresh token is not valid; sign in again".into() }
}

/// Issues a refresh token of `family` for `user_id`; call inside a write transaction.
pub fn issue(conn: &mut DbConnection, user_id: &str, family: &str, lifetime: Duration) -> Result<String, StoreError> {
    let (id, secret, now) = (super::new_id(), secrets::random_hex(32)?, super::now());
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(&id),
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::family_id.eq(family),
            refresh_tokens::secret_hash.eq(secrets::digest(&secret)),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::expires_at.eq(now + lifetime),
        ))
        .execute(conn)?;
    Ok(format!("{id}.{secret}"))
}

/// Starts a session: a refresh token of a new family, and the family's id (which access tokens
/// carry, so that ending the session ends them too).
pub fn start(conn: &mut DbConnection, user_id: &str, lifetime: Duration) -> Result<(String, String), StoreError> {
    let family = super::new_id();
    Ok((issue(conn, user_id, &family, lifetime)?, family))
}

/// Whether a session (a family of refresh tokens) is still going: not signed out of, and not
/// ended by a detected reuse.
pub fn is_live(conn: &mut DbConnection, family: &str) -> QueryResult<bool> {
    if !super::may_be_a_key(family) {
        return Ok(false);
    }
    let live: i64 = refresh_tokens::table
        .filter(refresh_tokens::family_id.eq(family))
        .filter(refresh_tokens::revoked_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(live > 0)
}

/// Finds the row of a presented token, checking its secret in constant time.
fn presented(conn: &mut DbConnection, token: &str) -> Result<(String, TokenRow), StoreError> {
    let (id, secret) = token.split_once('.').ok_or_else(refused)?;
    if !super::may_be_a_key(id) {
        return Err(refused());
    }
    let row: TokenRow = refresh_tokens::table
        .filter(refresh_tokens::id.eq(id))
        .select(TokenRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(refused)?;
    if !secrets::same_digest(&secrets::digest(secret), &row.secret_hash) {
        return Err(refused());
    }
    Ok((id.to_owned(), row))
}

fn revoke_family(conn: &mut DbConnection, family: &str) -> Result<(), StoreError> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::family_id.eq(family)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(super::now())))
    .execute(conn)?;
    Ok(())
}

/// What a rotation decided. A reused token revokes its family, and that must be committed
/// even though the caller is refused, so it is an outcome rather than an error.
pub enum Rotation {
    /// The token was exchanged: the account, the next token and the session it continues.
    Rotated {
        /// The account's id.
        user_id: String,
        /// The next refresh token.
        token: String,
        /// The session (family) id.
        family: String,
    },
    /// The token had already been exchanged: its family is revoked.
    Reused,
    /// The token was exchanged a moment ago by another request of the same browser (two tabs
    /// sharing one cookie): nothing is revoked, and the newer token is in the cookie.
    Superseded,
}

/// Exchanges a refresh token for the next one of its family; call inside a write transaction.
///
/// `grace` is how long after an exchange a second one of the same token is taken for a twin
/// request rather than theft; only sessions kept in an `HttpOnly` cookie, which no script can
/// copy, get one.
pub fn rotate(
    conn: &mut DbConnection,
    token: &str,
    lifetime: Duration,
    grace: Option<Duration>,
) -> Result<Rotation, StoreError> {
    let (id, row) = presented(conn, token)?;
    if row.revoked_at.is_some() {
        return Err(refused());
    }
    if let Some(used_at) = row.used_at {
        if grace.is_some_and(|grace| super::now() - used_at <= grace) {
            return Ok(Rotation::Superseded);
        }
        revoke_family(conn, &row.family_id)?;
        tracing::warn!(family = %row.family_id, user = %row.user_id, "a rotated refresh token was reused: session revoked");
        return Ok(Rotation::Reused);
    }
    if row.expires_at <= super::now() {
        return Err(refused());
    }
    // Only one exchange wins, even if two arrive together.
    let claimed = diesel::update(
        refresh_tokens::table.filter(refresh_tokens::id.eq(&id)).filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Some(super::now())))
    .execute(conn)?;
    if claimed == 0 {
        if grace.is_some() {
            return Ok(Rotation::Superseded);
        }
        revoke_family(conn, &row.family_id)?;
        return Ok(Rotation::Reused);
    }
    let next = issue(conn, &row.user_id, &row.family_id, lifetime)?;
    Ok(Rotation::Rotated { user_id: row.user_id, token: next, family: row.family_id })
}

/// Ends the session a refresh token belongs to (its whole family); returns the account's id.
pub fn revoke(conn: &mut DbConnection, token: &str) -> Result<String, StoreError> {
    let (_, row) = presented(conn, token)?;
    revoke_family(conn, &row.family_id)?;
    Ok(row.user_id)
}
