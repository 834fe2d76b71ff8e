//! Proposals in the database: their content as one JSON document, their state, and the
//! transitions that move them along.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use l4a_shared::page::Page;
use l4a_shared::proposal::{Proposal, ProposalContent, ProposalState};

use super::StoreError;
use super::audit::{self, Actor};
use crate::db::DbConnection;
use crate::schema::proposals;

/// A proposal as stored, with its version and author.
pub type StoredProposal = super::Stored<Proposal>;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = proposals)]
struct ProposalRow {
    id: String,
    call_id: String,
    organisation_id: String,
    state: String,
    content: String,
    hub_id: Option<String>,
    submitted_at: Option<NaiveDateTime>,
    decided_at: Option<NaiveDateTime>,
    decision_reason: Option<String>,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl ProposalRow {
    fn into_stored(self) -> Result<StoredProposal, StoreError> {
        let corrupt =
            |what: &str| StoreError::Corrupt(anyhow::anyhow!("proposal {} has an unreadable {what}", self.id));
        Ok(StoredProposal {
            version: self.version,
            item: Proposal {
                state: self.state.parse().map_err(|_| corrupt("state"))?,
                content: serde_json::from_str(&self.content).map_err(|_| corrupt("content"))?,
                id: self.id,
                call_id: self.call_id,
                organisation_id: self.organisation_id,
                hub_id: self.hub_id,
                submitted_at: self.submitted_at.map(|t| t.and_utc()),
                decided_at: self.decided_at.map(|t| t.and_utc()),
                decision_reason: self.decision_reason,
                created_at: self.created_at.and_utc(),
                updated_at: self.updated_at.and_utc(),
            },
        })
    }
}

fn json(content: &ProposalContent) -> Result<String, StoreError> {
    Ok(serde_json::to_string(content).map_err(anyhow::Error::from)?)
}

/// Finds a proposal by id.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredProposal>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let row: Option<ProposalRow> =
        proposals::table.filter(proposals::id.eq(id)).select(ProposalRow::as_select()).first(conn).optional()?;
    row.map(ProposalRow::into_stored).transpose()
}

/// Like [`find`], but a missing proposal is a 404.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<StoredProposal, StoreError> {
    find(conn, id)?.ok_or_else(|| StoreError::NotFound { resource: "proposal", key: id.to_owned() })
}

/// Which proposals a listing shows.
#[derive(Debug, Clone, Default)]
pub struct ProposalFilter {
    /// Only those of this call.
    pub call_id: Option<String>,
    /// Only those in this state.
    pub state: Option<ProposalState>,
    /// Only those of these organisations (a manager's); `None`: every organisation.
    pub organisations: Option<Vec<String>>,
    /// With `organisations`: also every proposal that was submitted, whoever proposed it (what
    /// the advisory board sees).
    pub or_submitted: bool,
}

impl ProposalFilter {
    /// Whether a proposal passes the organisations and submission part of the filter: the same
    /// rule the listing's query applies, for reading one proposal.
    pub fn admits(&self, proposal: &Proposal) -> bool {
        match &self.organisations {
            None => true,
            Some(organisations) => {
                organisations.contains(&proposal.organisation_id)
                    || (self.or_submitted && proposal.submitted_at.is_some())
            }
        }
    }
}

/// One page of proposals, newest first.
pub fn list(
    conn: &mut DbConnection,
    filter: &ProposalFilter,
    page: u32,
    per_page: u32,
) -> Result<Page<Proposal>, StoreError> {
    let filtered = || {
        let mut query = proposals::table.into_boxed();
        if let Some(call) = &filter.call_id {
            query = query.filter(proposals::call_id.eq(call.clone()));
        }
        if let Some(state) = filter.state {
            query = query.filter(proposals::state.eq(state.as_str()));
        }
        match (&filter.organisations, filter.or_submitted) {
            (None, _) => {}
            (Some(organisations), false) => {
                query = query.filter(proposals::organisation_id.eq_any(organisations.clone()));
            }
            (Some(organisations), true) => {
                query = query.filter(
                    proposals::organisation_id.eq_any(organisations.clone()).or(proposals::submitted_at.is_not_null()),
                );
            }
        }
        query
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<ProposalRow> = filtered()
        .order((proposals::created_at.desc(), proposals::id.desc()))
        .select(ProposalRow::as_select())
        .limit(i64::from(per_page))
        .offset(super::offset(page, per_page))
        .load(conn)?;
    let items = rows.into_iter().map(|row| row.into_stored().map(|s| s.item)).collect::<Result<_, _>>()?;
    Ok(super::page_of(items, total, page, per_page))
}

/// Creates a draft; call inside a write transaction.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    organisation_id: &str,
    content: &ProposalContent,
    created_by: &str,
) -> Result<StoredProposal, StoreError> {
    let (id, now) = (super::new_id(), super::now());
    diesel::insert_into(proposals::table)
        .values((
            proposals::id.eq(&id),
            proposals::call_id.eq(call_id),
            proposals::organisation_id.eq(organisation_id),
            proposals::state.eq(ProposalState::Draft.as_str()),
            proposals::content.eq(json(content)?),
            proposals::created_by.eq(created_by),
            proposals::version.eq(1_i64),
            proposals::created_at.eq(now),
            proposals::updated_at.eq(now),
        ))
        .execute(conn)?;
    let stored = get(conn, &id)?;
    audit::created(conn, actor, &stored.item)?;
    Ok(stored)
}

/// How many proposals exist (the demo seed adds its own only when there is none).
pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    proposals::table.count().get_result(conn)
}

/// Replaces a draft's content if it is still at `version`; `None` when another change came first.
pub fn update_content(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &StoredProposal,
    content: &ProposalContent,
) -> Result<Option<StoredProposal>, StoreError> {
    let (id, version) = (current.item.id.as_str(), current.version);
    let changed = diesel::update(proposals::table.filter(proposals::id.eq(id)).filter(proposals::version.eq(version)))
        .set((
            proposals::content.eq(json(content)?),
            proposals::version.eq(version + 1),
            proposals::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    let updated = find(conn, id)?;
    audit::updated_if(conn, actor, &current.item, updated.as_ref().map(|u| &u.item))?;
    Ok(updated)
}

/// What a transition records besides the new state.
#[derive(Debug, Clone, Default)]
pub struct Transition {
    /// Stamp `submitted_at`.
    pub submitted: bool,
    /// The decision's reason (stamps `decided_at`).
    pub decision_reason: Option<String>,
    /// The labelled hub.
    pub hub_id: Option<String>,
}

/// Moves a proposal from `from` to `to` if it is still at `version`; `None` when another change
/// came first (two decisions at once: only one wins).
pub fn transition(
    conn: &mut DbConnection,
    current: &StoredProposal,
    to: ProposalState,
    extra: &Transition,
) -> Result<Option<StoredProposal>, StoreError> {
    let now = super::now();
    let id = current.item.id.as_str();
    let changed = diesel::update(
        proposals::table
            .filter(proposals::id.eq(id))
            .filter(proposals::version.eq(current.version))
            .filter(proposals::state.eq(current.item.state.as_str())),
    )
    .set((
        proposals::state.eq(to.as_str()),
        proposals::submitted_at.eq(if extra.submitted {
            Some(now)
        } else {
            current.item.submitted_at.map(|t| t.naive_utc())
        }),
        proposals::decided_at.eq(extra.decision_reason.as_ref().map(|_| now)),
        proposals::decision_reason.eq(extra.decision_reason.as_deref()),
        proposals::hub_id.eq(extra.hub_id.as_deref()),
        proposals::version.eq(current.version + 1),
        proposals::updated_at.eq(now),
    ))
    .execute(conn)?;
    if changed == 0 { Ok(None) } else { find(conn, id) }
}
