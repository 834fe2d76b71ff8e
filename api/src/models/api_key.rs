//! API keys of third-party systems. A key is `l4a_<prefix><secret>`: the 12-character prefix
//! finds the row (and lets people recognise a key in a list), the whole key's digest is compared
//! in constant time. The key itself is shown once and never stored.

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use l4a_shared::account::{ApiKey, Scope, User, ValidKey, may_issue_key};
use l4a_shared::page::Page;

use super::StoreError;
use super::audit::{self, Actor};
use crate::db::DbConnection;
use crate::schema::api_keys;
use crate::secrets;

/// What every key starts with, so that a leaked one is easy to spot and to tell from a JWT.
pub const KEY_PREFIX: &str = "l4a_";
const PREFIX_CHARS: usize = 12;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
struct KeyRow {
    id: String,
    name: String,
    prefix: String,
    secret_hash: String,
    scopes: String,
    organisation_id: Option<String>,
    created_by: String,
    expires_at: Option<NaiveDateTime>,
    last_used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
}

/// A key as stored, with who created it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredKey {
    /// The key, without its secret.
    pub key: ApiKey,
    /// The account that created it.
    pub created_by: String,
}

impl KeyRow {
    fn into_stored(self) -> Result<(StoredKey, String), StoreError> {
        let mut scopes = Vec::new();
        for scope in self.scopes.split(',').filter(|s| !s.is_empty()) {
            scopes.push(
                scope
                    .parse::<Scope>()
                    .map_err(|_| StoreError::Corrupt(anyhow::anyhow!("API key {} has an unknown scope", self.id)))?,
            );
        }
        let key = ApiKey {
            id: self.id,
            name: self.name,
            prefix: format!("{KEY_PREFIX}{}", self.prefix),
            scopes,
            organisation_id: self.organisation_id,
            expires_at: self.expires_at.map(|t| t.and_utc()),
            last_used_at: self.last_used_at.map(|t| t.and_utc()),
            revoked_at: self.revoked_at.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
            created_by: self.created_by.clone(),
        };
        Ok((StoredKey { key, created_by: self.created_by }, self.secret_hash))
    }
}

/// Creates a key; returns it with its secret, which is not kept.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    key: &ValidKey,
    organisation_id: Option<&str>,
    created_by: &str,
) -> Result<(StoredKey, String), StoreError> {
    let (name, scopes, expires_at) = (&key.name, &key.scopes, key.expires_at);
    let random = secrets::random_hex(30)?;
    let (prefix, _) = random.split_at(PREFIX_CHARS);
    let secret = format!("{KEY_PREFIX}{random}");
    let id = super::new_id();
    let scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    diesel::insert_into(api_keys::table)
        .values((
            api_keys::id.eq(&id),
            api_keys::name.eq(name),
            api_keys::prefix.eq(prefix),
            api_keys::secret_hash.eq(secrets::digest(&secret)),
            api_keys::scopes.eq(scopes.join(",")),
            api_keys::organisation_id.eq(organisation_id),
            api_keys::created_by.eq(created_by),
            api_keys::expires_at.eq(expires_at.map(|t| t.naive_utc())),
            api_keys::created_at.eq(super::now()),
        ))
        .execute(conn)?;
    let stored = get(conn, &id)?;
    audit::created(conn, actor, &stored.key)?;
    Ok((stored, secret))
}

/// Finds a key by id.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredKey>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let row: Option<KeyRow> =
        api_keys::table.filter(api_keys::id.eq(id)).select(KeyRow::as_select()).first(conn).optional()?;
    row.map(|row| row.into_stored().map(|(stored, _)| stored)).transpose()
}

/// Like [`find`], but a missing key is a 404.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<StoredKey, StoreError> {
    find(conn, id)?.ok_or_else(|| StoreError::NotFound { resource: "API key", key: id.to_owned() })
}

/// One page of keys, newest first: all of them, or those of some organisations.
pub fn list(
    conn: &mut DbConnection,
    organisations: Option<&[String]>,
    page: u32,
    per_page: u32,
) -> Result<Page<ApiKey>, StoreError> {
    let filtered = || {
        let query = api_keys::table.into_boxed();
        match organisations {
            Some(ids) => query.filter(api_keys::organisation_id.eq_any(ids.to_vec())),
            None => query,
        }
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<KeyRow> = filtered()
        .order((api_keys::created_at.desc(), api_keys::id.desc()))
        .select(KeyRow::as_select())
        .limit(i64::from(per_page))
        .offset(super::offset(page, per_page))
        .load(conn)?;
    let items =
        rows.into_iter().map(|row| row.into_stored().map(|(stored, _)| stored.key)).collect::<Result<_, _>>()?;
    Ok(super::page_of(items, total, page, per_page))
}

/// Revokes a key; `false` when it was already revoked.
pub fn revoke(conn: &mut DbConnection, actor: &Actor, current: &StoredKey) -> Result<bool, StoreError> {
    let id = current.key.id.as_str();
    let changed = diesel::update(api_keys::table.filter(api_keys::id.eq(id)).filter(api_keys::revoked_at.is_null()))
        .set(api_keys::revoked_at.eq(Some(super::now())))
        .execute(conn)?;
    if changed == 0 {
        return Ok(false);
    }
    let after = get(conn, id)?;
    audit::changed(conn, actor, "revoke", Some(&current.key), Some(&after.key))?;
    Ok(true)
}

/// Revokes, with an audit entry each, the keys `user` created that it may no longer issue: all of
/// them once it is deactivated, those of an organisation it left or lost the manager role for.
/// A key must not outlive its creator's right to it.
pub fn revoke_orphaned(conn: &mut DbConnection, actor: &Actor, user: &User) -> Result<(), StoreError> {
    for stored in active_created_by(conn, &user.id)? {
        let kept =
            user.active && may_issue_key(&user.roles, &user.organisation_ids, stored.key.organisation_id.as_deref());
        if !kept && revoke(conn, actor, &stored)? {
            tracing::warn!(key = %stored.key.prefix, account = %user.id, "API key revoked: its creator may no longer issue it");
        }
    }
    Ok(())
}

/// The key a caller presented, if it is known, whole, not revoked and not expired.
pub fn authenticate(conn: &mut DbConnection, presented: &str) -> Result<StoredKey, StoreError> {
    let refused = || StoreError::Refused { detail: "the API key is not valid".into() };
    let prefix = presented
        .strip_prefix(KEY_PREFIX)
        .and_then(|rest| rest.get(..PREFIX_CHARS))
        .filter(|prefix| super::may_be_a_key(prefix))
        .ok_or_else(refused)?;
    let row: KeyRow = api_keys::table
        .filter(api_keys::prefix.eq(prefix))
        .select(KeyRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(refused)?;
    let (stored, digest) = row.into_stored()?;
    if !secrets::same_digest(&secrets::digest(presented), &digest) {
        return Err(refused());
    }
    if stored.key.revoked_at.is_some() {
        return Err(StoreError::Refused { detail: "the API key was revoked".into() });
    }
    if stored.key.expires_at.is_some_and(|expiry| expiry <= Utc::now()) {
        return Err(StoreError::Refused { detail: "the API key has expired".into() });
    }
    Ok(stored)
}

/// The keys `user_id` created that still work (not revoked; expired ones are left as they are).
pub fn active_created_by(conn: &mut DbConnection, user_id: &str) -> Result<Vec<StoredKey>, StoreError> {
    let rows: Vec<KeyRow> = api_keys::table
        .filter(api_keys::created_by.eq(user_id))
        .filter(api_keys::revoked_at.is_null())
        .select(KeyRow::as_select())
        .load(conn)?;
    rows.into_iter().map(|row| row.into_stored().map(|(stored, _)| stored)).collect()
}

/// Records that a key was used now.
pub fn touch(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
    diesel::update(api_keys::table.filter(api_keys::id.eq(id)))
        .set(api_keys::last_used_at.eq(Some(super::now())))
        .execute(conn)
}
