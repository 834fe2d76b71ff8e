//! The advisory board's reviews of proposals, and who is assigned to write them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use l4a_shared::proposal::{NewReview, Review};

use super::StoreError;
use super::audit::{self, Actor, Change};
use crate::db::DbConnection;
use crate::schema::{proposal_reviewers, reviews};

/// Assigns a reviewer to a proposal; assigning twice changes nothing.
/// Records the assignment in the audit trail under `actor`.
pub fn assign(conn: &mut DbConnection, actor: &Actor, proposal_id: &str, reviewer_id: &str) -> Result<(), StoreError> {
    if is_assigned(conn, proposal_id, reviewer_id)? {
        return Ok(());
    }
    diesel::insert_into(proposal_reviewers::table)
        .values((
            proposal_reviewers::proposal_id.eq(proposal_id),
            proposal_reviewers::reviewer_id.eq(reviewer_id),
            proposal_reviewers::assigned_at.eq(super::now()),
        ))
        .execute(conn)?;
    let assigned = serde_json::json!({ "reviewer_id": reviewer_id });
    let change = Change {
        entity: "proposal",
        entity_id: proposal_id,
        action: "assign_reviewer",
        hub_id: None,
        before: None,
        after: Some(&assigned),
    };
    audit::record(conn, actor, change)
}

/// Whether a reviewer is assigned to a proposal.
pub fn is_assigned(conn: &mut DbConnection, proposal_id: &str, reviewer_id: &str) -> QueryResult<bool> {
    let count: i64 = proposal_reviewers::table
        .filter(proposal_reviewers::proposal_id.eq(proposal_id))
        .filter(proposal_reviewers::reviewer_id.eq(reviewer_id))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = reviews)]
struct ReviewRow {
    id: String,
    proposal_id: String,
    reviewer_id: String,
    scores: String,
    recommendation: String,
    comment: String,
    created_at: NaiveDateTime,
}

impl ReviewRow {
    fn into_review(self) -> Result<Review, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(anyhow::anyhow!("review {} has an unreadable {what}", self.id));
        Ok(Review {
            scores: serde_json::from_str(&self.scores).map_err(|_| corrupt("scores"))?,
            recommendation: self.recommendation.parse().map_err(|_| corrupt("recommendation"))?,
            id: self.id,
            proposal_id: self.proposal_id,
            reviewer_id: Some(self.reviewer_id),
            comment: self.comment,
            created_at: self.created_at.and_utc(),
        })
    }
}

/// Records a reviewer's review, and its audit entry under `actor`; a second one by the same
/// reviewer is a 409.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
    reviewer_id: &str,
    new: &NewReview,
) -> Result<Review, StoreError> {
    let id = super::new_id();
    diesel::insert_into(reviews::table)
        .values((
            reviews::id.eq(&id),
            reviews::proposal_id.eq(proposal_id),
            reviews::reviewer_id.eq(reviewer_id),
            reviews::scores.eq(serde_json::to_string(&new.scores).map_err(anyhow::Error::from)?),
            reviews::recommendation.eq(new.recommendation.as_str()),
            reviews::comment.eq(new.comment.trim()),
            reviews::created_at.eq(super::now()),
        ))
        .execute(conn)
        .map_err(|error| match error {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => StoreError::Conflict {
                code: "review_exists",
                detail: "you already reviewed this proposal".into(),
                errors: Vec::new(),
            },
            other => other.into(),
        })?;
    let row: ReviewRow = reviews::table.filter(reviews::id.eq(&id)).select(ReviewRow::as_select()).first(conn)?;
    let created = row.into_review()?;
    let change = Change {
        entity: "review",
        entity_id: &created.id,
        action: "create",
        hub_id: None,
        before: None,
        after: Some(&created),
    };
    audit::record(conn, actor, change)?;
    Ok(created)
}

/// A proposal's reviews, oldest first.
pub fn of_proposal(conn: &mut DbConnection, proposal_id: &str) -> Result<Vec<Review>, StoreError> {
    let rows: Vec<ReviewRow> = reviews::table
        .filter(reviews::proposal_id.eq(proposal_id))
        .order((reviews::created_at.asc(), reviews::id.asc()))
        .select(ReviewRow::as_select())
        .load(conn)?;
    rows.into_iter().map(ReviewRow::into_review).collect()
}
