//! Webhook subscriptions and their delivery queue. The queue is filled in the transaction that
//! records an event ([`enqueue`], called by `event::emit`), so a committed event always has its
//! deliveries and a rolled-back one never does; the worker in `crate::webhooks` drains it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use l4a_shared::account::Role;
use l4a_shared::page::Page;
use l4a_shared::proposal::{Event, EventKind};
use l4a_shared::webhook::{DeliveryAttempt, DeliveryState, ValidWebhook, Webhook, WebhookDelivery, WebhookState};

use super::audit::{self, Actor};
use super::{StoreError, Stored};
use crate::db::DbConnection;
use crate::schema::{
    events, hub_partners, hubs, proposals, user_organisations, user_roles, users, webhook_attempts, webhook_deliveries,
    webhooks,
};

/// What every signing secret starts with, as the Standard Webhooks specification has it.
pub const SECRET_PREFIX: &str = "whsec_";

/// A subscription as stored, with its version.
pub type StoredWebhook = Stored<Webhook>;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = webhooks)]
struct WebhookRow {
    id: String,
    url: String,
    description: String,
    events: String,
    organisation_id: Option<String>,
    state: String,
    disabled_reason: Option<String>,
    previous_secret_until: Option<NaiveDateTime>,
    created_by: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

fn corrupt(what: &str, id: &str) -> StoreError {
    StoreError::Corrupt(anyhow::anyhow!("{what} {id} is unreadable"))
}

fn kinds_of(text: &str) -> Result<Vec<EventKind>, ()> {
    text.split(',').filter(|kind| !kind.is_empty()).map(|kind| kind.parse().map_err(|_| ())).collect()
}

impl WebhookRow {
    fn into_stored(self) -> Result<StoredWebhook, StoreError> {
        let events = kinds_of(&self.events).map_err(|()| corrupt("webhook", &self.id))?;
        let state = self.state.parse().map_err(|_| corrupt("webhook", &self.id))?;
        Ok(Stored {
            version: self.version,
            item: Webhook {
                id: self.id,
                url: self.url,
                description: self.description,
                events,
                organisation_id: self.organisation_id,
                state,
                disabled_reason: self.disabled_reason,
                previous_secret_until: self.previous_secret_until.map(|t| t.and_utc()),
                created_by: self.created_by,
                created_at: self.created_at.and_utc(),
                updated_at: self.updated_at.and_utc(),
            },
        })
    }
}

fn events_text(events: &[EventKind]) -> String {
    events.iter().map(|kind| kind.as_str()).collect::<Vec<_>>().join(",")
}

/// A new signing secret: `whsec_` and the base64 of 32 random bytes.
fn new_secret() -> Result<String, StoreError> {
    use base64::Engine as _;
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Corrupt(anyhow::anyhow!("no randomness: {e}")))?;
    Ok(format!("{SECRET_PREFIX}{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// Stores a subscription; returns it with its secret, shown once.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    valid: &ValidWebhook,
    organisation_id: Option<&str>,
    created_by: &str,
) -> Result<(StoredWebhook, String), StoreError> {
    let (id, now, secret) = (super::new_id(), super::now(), new_secret()?);
    diesel::insert_into(webhooks::table)
        .values((
            webhooks::id.eq(&id),
            webhooks::url.eq(valid.url.as_str()),
            webhooks::description.eq(&valid.description),
            webhooks::events.eq(events_text(&valid.events)),
            webhooks::organisation_id.eq(organisation_id),
            webhooks::state.eq(WebhookState::Active.as_str()),
            webhooks::secret.eq(&secret),
            webhooks::created_by.eq(created_by),
            webhooks::created_at.eq(now),
            webhooks::updated_at.eq(now),
            webhooks::version.eq(1_i64),
        ))
        .execute(conn)?;
    let stored = get(conn, &id)?;
    audit::created(conn, actor, &stored.item)?;
    Ok((stored, secret))
}

/// Finds a subscription by id.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredWebhook>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let row: Option<WebhookRow> =
        webhooks::table.filter(webhooks::id.eq(id)).select(WebhookRow::as_select()).first(conn).optional()?;
    row.map(WebhookRow::into_stored).transpose()
}

/// Like [`find`], but a missing subscription is a 404.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<StoredWebhook, StoreError> {
    find(conn, id)?.ok_or_else(|| StoreError::NotFound { resource: "webhook", key: id.to_owned() })
}

/// One page of subscriptions, newest first: all of them, or those of some organisations.
pub fn list(
    conn: &mut DbConnection,
    organisations: Option<&[String]>,
    page: u32,
    per_page: u32,
) -> Result<Page<Webhook>, StoreError> {
    let filtered = || {
        let query = webhooks::table.into_boxed();
        match organisations {
            Some(ids) => query.filter(webhooks::organisation_id.eq_any(ids.to_vec())),
            None => query,
        }
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<WebhookRow> = filtered()
        .order(webhooks::id.desc())
        .select(WebhookRow::as_select())
        .limit(i64::from(per_page))
        .offset(super::offset(page, per_page))
        .load(conn)?;
    let items = rows.into_iter().map(|row| row.into_stored().map(|s| s.item)).collect::<Result<_, _>>()?;
    Ok(super::page_of(items, total, page, per_page))
}

/// Replaces a subscription's address, description and events, and sets its state, if it is still
/// at its version; `None` when another writer came first.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &StoredWebhook,
    valid: &ValidWebhook,
    state: WebhookState,
) -> Result<Option<StoredWebhook>, StoreError> {
    let id = &current.item.id;
    // Switching it on again clears the server's reason for switching it off.
    let reason = if state == WebhookState::Active { None } else { current.item.disabled_reason.clone() };
    let changed =
        diesel::update(webhooks::table.filter(webhooks::id.eq(id)).filter(webhooks::version.eq(current.version)))
            .set((
                webhooks::url.eq(valid.url.as_str()),
                webhooks::description.eq(&valid.description),
                webhooks::events.eq(events_text(&valid.events)),
                webhooks::state.eq(state.as_str()),
                webhooks::disabled_reason.eq(reason),
                webhooks::updated_at.eq(super::now()),
                webhooks::version.eq(current.version + 1),
            ))
            .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    let updated = get(conn, id)?;
    audit::updated(conn, actor, &current.item, &updated.item)?;
    Ok(Some(updated))
}

/// Replaces the signing secret; the old one keeps signing too until `keep_old_until`. Returns
/// the new secret, shown once; `None` when another writer came first.
pub fn rotate_secret(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &StoredWebhook,
    keep_old_until: NaiveDateTime,
) -> Result<Option<(StoredWebhook, String)>, StoreError> {
    let id = &current.item.id;
    let old: String = webhooks::table.filter(webhooks::id.eq(id)).select(webhooks::secret).first(conn)?;
    let secret = new_secret()?;
    let changed =
        diesel::update(webhooks::table.filter(webhooks::id.eq(id)).filter(webhooks::version.eq(current.version)))
            .set((
                webhooks::secret.eq(&secret),
                webhooks::previous_secret.eq(Some(old)),
                webhooks::previous_secret_until.eq(Some(keep_old_until)),
                webhooks::updated_at.eq(super::now()),
                webhooks::version.eq(current.version + 1),
            ))
            .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    let updated = get(conn, id)?;
    audit::updated(conn, actor, &current.item, &updated.item)?;
    Ok(Some((updated, secret)))
}

/// Deletes a subscription with its deliveries, if it is still at its version.
pub fn delete(conn: &mut DbConnection, actor: &Actor, current: &StoredWebhook) -> Result<Option<()>, StoreError> {
    let id = &current.item.id;
    let deliveries =
        webhook_deliveries::table.filter(webhook_deliveries::webhook_id.eq(id)).select(webhook_deliveries::id);
    diesel::delete(webhook_attempts::table.filter(webhook_attempts::delivery_id.eq_any(deliveries))).execute(conn)?;
    diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::webhook_id.eq(id))).execute(conn)?;
    let deleted =
        diesel::delete(webhooks::table.filter(webhooks::id.eq(id)).filter(webhooks::version.eq(current.version)))
            .execute(conn)?;
    if deleted == 0 {
        return Ok(None);
    }
    audit::deleted(conn, actor, &current.item)?;
    Ok(Some(()))
}

/// The organisations an event concerns: its hub's lead and partners, its proposal's proposer.
fn organisations_of_event(
    conn: &mut DbConnection,
    hub_id: Option<&str>,
    proposal_id: Option<&str>,
) -> Result<Vec<String>, StoreError> {
    let mut organisations = Vec::new();
    if let Some(hub) = hub_id {
        let lead: Option<Option<String>> =
            hubs::table.filter(hubs::id.eq(hub)).select(hubs::lead_organisation_id).first(conn).optional()?;
        organisations.extend(lead.flatten());
        let partners: Vec<String> = hub_partners::table
            .filter(hub_partners::hub_id.eq(hub))
            .select(hub_partners::organisation_id)
            .load(conn)?;
        organisations.extend(partners);
    }
    if let Some(proposal) = proposal_id {
        let proposer: Option<String> = proposals::table
            .filter(proposals::id.eq(proposal))
            .select(proposals::organisation_id)
            .first(conn)
            .optional()?;
        organisations.extend(proposer);
    }
    Ok(organisations)
}

/// Whether the account that made a subscription may still receive what it asked for: an active
/// admin for every event, an active admin or manager of its organisation for that organisation's.
/// A manager who left the organisation stops receiving its events.
fn owner_may_receive(conn: &mut DbConnection, owner: &str, organisation_id: Option<&str>) -> Result<bool, StoreError> {
    let active: Option<bool> = users::table.filter(users::id.eq(owner)).select(users::active).first(conn).optional()?;
    if active != Some(true) {
        return Ok(false);
    }
    let roles: Vec<String> =
        user_roles::table.filter(user_roles::user_id.eq(owner)).select(user_roles::role).load(conn)?;
    let has = |role: Role| roles.iter().any(|r| r == role.as_str());
    if has(Role::Admin) {
        return Ok(true);
    }
    let Some(organisation) = organisation_id else { return Ok(false) };
    let member: i64 = user_organisations::table
        .filter(user_organisations::user_id.eq(owner))
        .filter(user_organisations::organisation_id.eq(organisation))
        .count()
        .get_result(conn)?;
    Ok(has(Role::Manager) && member > 0)
}

/// Queues `event` for every active subscription that follows its kind and may receive it; call
/// in the transaction that records the event.
pub fn enqueue(conn: &mut DbConnection, event: &Event) -> Result<usize, StoreError> {
    let subscribers: Vec<(String, String, Option<String>, String)> = webhooks::table
        .filter(webhooks::state.eq(WebhookState::Active.as_str()))
        .filter(webhooks::events.like(format!("%{}%", event.kind.as_str())))
        .select((webhooks::id, webhooks::events, webhooks::organisation_id, webhooks::created_by))
        .load(conn)?;
    let mut concerned: Option<Vec<String>> = None;
    let now = super::now();
    let mut queued = 0;
    for (id, kinds, organisation, owner) in subscribers {
        if !kinds_of(&kinds).is_ok_and(|kinds| kinds.contains(&event.kind)) {
            continue;
        }
        if let Some(organisation) = &organisation {
            if !event.kind.followed_by_organisations() {
                continue;
            }
            if concerned.is_none() {
                concerned = Some(organisations_of_event(conn, event.hub_id.as_deref(), event.proposal_id.as_deref())?);
            }
            if !concerned.as_ref().is_some_and(|ids| ids.contains(organisation)) {
                continue;
            }
        }
        if !owner_may_receive(conn, &owner, organisation.as_deref())? {
            continue;
        }
        insert_delivery(conn, &id, &event.id, now)?;
        queued += 1;
    }
    Ok(queued)
}

fn insert_delivery(
    conn: &mut DbConnection,
    webhook_id: &str,
    event_id: &str,
    now: NaiveDateTime,
) -> Result<String, StoreError> {
    let id = super::new_id();
    diesel::insert_into(webhook_deliveries::table)
        .values((
            webhook_deliveries::id.eq(&id),
            webhook_deliveries::webhook_id.eq(webhook_id),
            webhook_deliveries::event_id.eq(event_id),
            webhook_deliveries::state.eq(DeliveryState::Pending.as_str()),
            webhook_deliveries::attempts.eq(0),
            webhook_deliveries::next_attempt_at.eq(now),
            webhook_deliveries::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
struct DeliveryRow {
    id: String,
    webhook_id: String,
    event_id: String,
    state: String,
    next_attempt_at: NaiveDateTime,
    created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_attempts)]
struct AttemptRow {
    delivery_id: String,
    at: NaiveDateTime,
    duration_ms: i64,
    response_status: Option<i32>,
    response_excerpt: String,
    error: Option<String>,
}

impl From<AttemptRow> for DeliveryAttempt {
    fn from(row: AttemptRow) -> Self {
        DeliveryAttempt {
            at: row.at.and_utc(),
            duration_ms: row.duration_ms,
            response_status: row.response_status.and_then(|s| u16::try_from(s).ok()),
            response_excerpt: row.response_excerpt,
            error: row.error,
        }
    }
}

fn deliveries_with_attempts(
    conn: &mut DbConnection,
    rows: Vec<(DeliveryRow, String)>,
) -> Result<Vec<WebhookDelivery>, StoreError> {
    let ids: Vec<&str> = rows.iter().map(|(row, _)| row.id.as_str()).collect();
    let attempts: Vec<AttemptRow> = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(&ids))
        .order((webhook_attempts::delivery_id, webhook_attempts::at, webhook_attempts::id))
        .select(AttemptRow::as_select())
        .load(conn)?;
    let mut deliveries = Vec::with_capacity(rows.len());
    for (row, kind) in rows {
        let state: DeliveryState = row.state.parse().map_err(|_| corrupt("webhook delivery", &row.id))?;
        let event_kind = kind.parse().map_err(|_| corrupt("event", &row.event_id))?;
        deliveries.push(WebhookDelivery {
            attempts: attempts
                .iter()
                .filter(|attempt| attempt.delivery_id == row.id)
                .cloned()
                .map(DeliveryAttempt::from)
                .collect(),
            next_attempt_at: (state == DeliveryState::Pending).then(|| row.next_attempt_at.and_utc()),
            state,
            event_kind,
            id: row.id,
            webhook_id: row.webhook_id,
            event_id: row.event_id,
            created_at: row.created_at.and_utc(),
        });
    }
    Ok(deliveries)
}

/// One page of a subscription's deliveries, newest first, each with its attempts; of one state
/// when given.
pub fn deliveries(
    conn: &mut DbConnection,
    webhook_id: &str,
    state: Option<DeliveryState>,
    page: u32,
    per_page: u32,
) -> Result<Page<WebhookDelivery>, StoreError> {
    let filtered = || {
        let query =
            webhook_deliveries::table.filter(webhook_deliveries::webhook_id.eq(webhook_id.to_owned())).into_boxed();
        match state {
            Some(state) => query.filter(webhook_deliveries::state.eq(state.as_str())),
            None => query,
        }
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<(DeliveryRow, String)> = filtered()
        .inner_join(events::table)
        .order(webhook_deliveries::id.desc())
        .select((DeliveryRow::as_select(), events::kind))
        .limit(i64::from(per_page))
        .offset(super::offset(page, per_page))
        .load(conn)?;
    Ok(super::page_of(deliveries_with_attempts(conn, rows)?, total, page, per_page))
}

/// One delivery of a subscription (404 when the subscription has no such delivery).
pub fn delivery(conn: &mut DbConnection, webhook_id: &str, id: &str) -> Result<WebhookDelivery, StoreError> {
    let not_found = || StoreError::NotFound { resource: "webhook delivery", key: id.to_owned() };
    if !super::may_be_a_key(id) {
        return Err(not_found());
    }
    let row: Option<(DeliveryRow, String)> = webhook_deliveries::table
        .inner_join(events::table)
        .filter(webhook_deliveries::id.eq(id))
        .filter(webhook_deliveries::webhook_id.eq(webhook_id))
        .select((DeliveryRow::as_select(), events::kind))
        .first(conn)
        .optional()?;
    let row = row.ok_or_else(not_found)?;
    deliveries_with_attempts(conn, vec![row])?.pop().ok_or_else(not_found)
}

/// Queues the event of one of a subscription's deliveries again, as a new delivery after the
/// others.
pub fn redeliver(conn: &mut DbConnection, webhook_id: &str, delivery_id: &str) -> Result<WebhookDelivery, StoreError> {
    let original = delivery(conn, webhook_id, delivery_id)?;
    let id = insert_delivery(conn, webhook_id, &original.event_id, super::now())?;
    delivery(conn, webhook_id, &id)
}

/// A delivery the worker took, with what it needs to send it.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// The delivery's id.
    pub delivery_id: String,
    /// The subscription's id.
    pub webhook_id: String,
    /// Where to post.
    pub url: String,
    /// The secrets to sign with: the current one, and the previous one during a rotation.
    pub secrets: Vec<String>,
    /// The attempts made before this one.
    pub attempts: i32,
    /// The event.
    pub event: Event,
}

#[derive(Debug, Queryable)]
struct ClaimRow {
    delivery_id: String,
    webhook_id: String,
    attempts: i32,
    url: String,
    secret: String,
    previous_secret: Option<String>,
    previous_secret_until: Option<NaiveDateTime>,
    event_id: String,
    kind: String,
    at: NaiveDateTime,
    proposal_id: Option<String>,
    hub_id: Option<String>,
    data: String,
}

/// Takes up to `limit` deliveries that are due, at most one per subscription and always the
/// oldest one still pending (so a subscription's events arrive in order), and leases them until
/// `lease_until`. Call in a write transaction.
///
/// On PostgreSQL the rows are locked with `FOR UPDATE SKIP LOCKED`: instances claiming at the
/// same moment take different deliveries, and one that commits its lease first hides the row
/// from the others (they re-check the lease on the locked row), so each delivery goes to one
/// instance. SQLite has one writer at a time, which gives the same.
pub fn claim(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<Claimed>, StoreError> {
    let pending = DeliveryState::Pending.as_str();
    let active: Vec<String> =
        webhooks::table.filter(webhooks::state.eq(WebhookState::Active.as_str())).select(webhooks::id).load(conn)?;
    if active.is_empty() {
        return Ok(Vec::new());
    }
    let heads: Vec<(String, Option<String>)> = webhook_deliveries::table
        .filter(webhook_deliveries::state.eq(pending))
        .filter(webhook_deliveries::webhook_id.eq_any(&active))
        .group_by(webhook_deliveries::webhook_id)
        .select((webhook_deliveries::webhook_id, diesel::dsl::min(webhook_deliveries::id)))
        .load(conn)?;
    let heads: Vec<String> = heads.into_iter().filter_map(|(_, head)| head).collect();
    if heads.is_empty() {
        return Ok(Vec::new());
    }
    let due = webhook_deliveries::table
        .filter(webhook_deliveries::id.eq_any(heads))
        .filter(webhook_deliveries::state.eq(pending))
        .filter(webhook_deliveries::next_attempt_at.le(now))
        .filter(webhook_deliveries::leased_until.is_null().or(webhook_deliveries::leased_until.le(now)))
        .order(webhook_deliveries::id)
        .limit(limit)
        .select(webhook_deliveries::id);
    let taken: Vec<String> = match conn {
        DbConnection::Postgresql(pg) => due.for_update().skip_locked().load(pg)?,
        DbConnection::Sqlite(sqlite) => due.load(sqlite)?,
    };
    if taken.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq_any(&taken)))
        .set(webhook_deliveries::leased_until.eq(Some(lease_until)))
        .execute(conn)?;
    let rows: Vec<ClaimRow> = webhook_deliveries::table
        .inner_join(webhooks::table)
        .inner_join(events::table)
        .filter(webhook_deliveries::id.eq_any(&taken))
        .order(webhook_deliveries::id)
        .select((
            webhook_deliveries::id,
            webhook_deliveries::webhook_id,
            webhook_deliveries::attempts,
            webhooks::url,
            webhooks::secret,
            webhooks::previous_secret,
            webhooks::previous_secret_until,
            events::id,
            events::kind,
            events::at,
            events::proposal_id,
            events::hub_id,
            events::data,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            let mut secrets = vec![row.secret];
            if let (Some(previous), Some(until)) = (row.previous_secret, row.previous_secret_until)
                && until > now
            {
                secrets.push(previous);
            }
            Ok(Claimed {
                event: Event {
                    kind: row.kind.parse().map_err(|_| corrupt("event", &row.event_id))?,
                    data: serde_json::from_str(&row.data).map_err(|_| corrupt("event", &row.event_id))?,
                    id: row.event_id,
                    at: row.at.and_utc(),
                    proposal_id: row.proposal_id,
                    hub_id: row.hub_id,
                },
                delivery_id: row.delivery_id,
                webhook_id: row.webhook_id,
                url: row.url,
                secrets,
                attempts: row.attempts,
            })
        })
        .collect()
}

/// How an attempt ended.
#[derive(Debug, Clone)]
pub struct AttemptOutcome {
    /// When it started.
    pub at: NaiveDateTime,
    /// How long it took.
    pub duration_ms: i64,
    /// The receiver's status, when it answered.
    pub response_status: Option<u16>,
    /// The start of its answer.
    pub response_excerpt: String,
    /// What went wrong, if anything.
    pub error: Option<String>,
}

impl AttemptOutcome {
    /// Whether the receiver took the delivery (2xx).
    pub fn succeeded(&self) -> bool {
        self.error.is_none() && self.response_status.is_some_and(|status| (200..300).contains(&status))
    }

    /// Whether the receiver said the subscription is gone (410): it is disabled.
    pub fn gone(&self) -> bool {
        self.response_status == Some(410)
    }
}

/// What became of a delivery after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAttempt {
    /// Delivered.
    Delivered,
    /// To be tried again later.
    Retrying,
    /// Given up: every attempt failed, or the receiver is gone.
    GaveUp,
}

/// Records an attempt at a claimed delivery and what follows from it: delivered, tried again
/// `retry_after[n - 1]` seconds after the n-th failure, or given up when the waits are used up
/// (and, on 410, with the subscription disabled).
pub fn record_attempt(
    conn: &mut DbConnection,
    claimed: &Claimed,
    outcome: &AttemptOutcome,
    retry_after: &[u64],
) -> Result<AfterAttempt, StoreError> {
    diesel::insert_into(webhook_attempts::table)
        .values((
            webhook_attempts::id.eq(super::new_id()),
            webhook_attempts::delivery_id.eq(&claimed.delivery_id),
            webhook_attempts::at.eq(outcome.at),
            webhook_attempts::duration_ms.eq(outcome.duration_ms),
            webhook_attempts::response_status.eq(outcome.response_status.map(i32::from)),
            webhook_attempts::response_excerpt.eq(&outcome.response_excerpt),
            webhook_attempts::error.eq(&outcome.error),
        ))
        .execute(conn)?;
    let attempts = claimed.attempts + 1;
    let next_delay = usize::try_from(claimed.attempts).ok().and_then(|n| retry_after.get(n)).copied();
    let (after, state, next_at) = if outcome.succeeded() {
        (AfterAttempt::Delivered, DeliveryState::Succeeded, super::now())
    } else if outcome.gone() {
        (AfterAttempt::GaveUp, DeliveryState::Failed, super::now())
    } else if let Some(delay) = next_delay {
        let delay = chrono::Duration::seconds(i64::try_from(delay).unwrap_or(i64::MAX / 1000));
        (AfterAttempt::Retrying, DeliveryState::Pending, super::now() + delay)
    } else {
        (AfterAttempt::GaveUp, DeliveryState::Failed, super::now())
    };
    diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq(&claimed.delivery_id)))
        .set((
            webhook_deliveries::state.eq(state.as_str()),
            webhook_deliveries::attempts.eq(attempts),
            webhook_deliveries::next_attempt_at.eq(next_at),
            webhook_deliveries::leased_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    if outcome.gone() {
        let before = get(conn, &claimed.webhook_id)?;
        let reason = format!("the receiver answered 410 Gone on {}", outcome.at.format("%Y-%m-%d %H:%M UTC"));
        diesel::update(webhooks::table.filter(webhooks::id.eq(&claimed.webhook_id)))
            .set((
                webhooks::state.eq(WebhookState::Disabled.as_str()),
                webhooks::disabled_reason.eq(Some(reason)),
                webhooks::updated_at.eq(super::now()),
                webhooks::version.eq(webhooks::version + 1),
            ))
            .execute(conn)?;
        let after = get(conn, &claimed.webhook_id)?;
        audit::changed(conn, &Actor::system("webhook delivery"), "disable", Some(&before.item), Some(&after.item))?;
    }
    Ok(after)
}

/// The latest events (newest first, at most `limit`) a subscription follows and may receive: of
/// its kinds and, for an organisation's, concerning that organisation. The demo seed gives them
/// a delivery history with it.
pub fn latest_events_for(conn: &mut DbConnection, webhook: &Webhook, limit: usize) -> Result<Vec<String>, StoreError> {
    let kinds: Vec<&str> = webhook.events.iter().map(|kind| kind.as_str()).collect();
    let rows: Vec<(String, Option<String>, Option<String>)> = events::table
        .filter(events::kind.eq_any(kinds))
        .order(events::id.desc())
        .select((events::id, events::hub_id, events::proposal_id))
        .limit(500)
        .load(conn)?;
    let mut found = Vec::new();
    for (id, hub_id, proposal_id) in rows {
        if found.len() == limit {
            break;
        }
        let concerned = match &webhook.organisation_id {
            None => true,
            Some(organisation) => {
                organisations_of_event(conn, hub_id.as_deref(), proposal_id.as_deref())?.contains(organisation)
            }
        };
        if concerned {
            found.push(id);
        }
    }
    Ok(found)
}

/// Records a finished delivery of `event_id` as the demo shows it: one attempt per status, an
/// hour apart and ending `ended_ago` before now, succeeded when the last status is 2xx; a last
/// 410 disables the subscription as a real one would.
pub fn record_demo_delivery(
    conn: &mut DbConnection,
    webhook_id: &str,
    event_id: &str,
    statuses: &[u16],
    ended_ago: chrono::Duration,
) -> Result<(), StoreError> {
    let end = super::now() - ended_ago;
    let start = end - chrono::Duration::hours(i64::try_from(statuses.len()).unwrap_or(1));
    let delivery = insert_delivery(conn, webhook_id, event_id, start)?;
    let mut claimed = Claimed {
        delivery_id: delivery,
        webhook_id: webhook_id.to_owned(),
        url: String::new(),
        secrets: Vec::new(),
        attempts: 0,
        event: Event {
            id: event_id.to_owned(),
            kind: EventKind::HubUpdated,
            at: start.and_utc(),
            proposal_id: None,
            hub_id: None,
            data: serde_json::Value::Null,
        },
    };
    // Long waits, so that what is left pending would be retried long after the demo is looked at.
    let schedule = [3600; 9];
    for (n, status) in statuses.iter().enumerate() {
        let at = start + chrono::Duration::hours(i64::try_from(n).unwrap_or(0));
        let excerpt = match status {
            200..=299 => r#"{"received":true}"#.to_owned(),
            410 => "This endpoint was retired.".to_owned(),
            _ => "upstream unavailable".to_owned(),
        };
        let error = (!(200..300).contains(status)).then(|| format!("the receiver answered {status}"));
        let outcome = AttemptOutcome {
            at,
            duration_ms: 120 + 37 * i64::try_from(n).unwrap_or(0),
            response_status: Some(*status),
            response_excerpt: excerpt,
            error,
        };
        record_attempt(conn, &claimed, &outcome, &schedule)?;
        claimed.attempts += 1;
    }
    // A history ends delivered or given up: the demo queues nothing for the worker.
    diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq(&claimed.delivery_id)))
        .filter(webhook_deliveries::state.eq(DeliveryState::Pending.as_str()))
        .set(webhook_deliveries::state.eq(DeliveryState::Failed.as_str()))
        .execute(conn)?;
    Ok(())
}

/// How many deliveries wait to go out, for the metrics.
pub fn queue_depth(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(webhook_deliveries::table
        .filter(webhook_deliveries::state.eq(DeliveryState::Pending.as_str()))
        .count()
        .get_result(conn)?)
}

/// A secret's signing key: the bytes its base64 stands for after the prefix.
pub fn signing_key(secret: &str) -> Vec<u8> {
    use base64::Engine as _;
    let encoded = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
    base64::engine::general_purpose::STANDARD.decode(encoded).unwrap_or_else(|_| secret.as_bytes().to_vec())
}
