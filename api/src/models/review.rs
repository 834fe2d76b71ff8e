//! The advisory board's reviews of proposals, and who is assigned to write them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use l4a_shared::proposal::{NewReview, Review};

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::schema::{proposal_reviewers, reviews};

/// Assigns a reviewer to a proposal; assigning twice changes nothing.
pub fn assign(conn: &mut DbConnection, proposal_id: &str, reviewer_id: &str) -> Result<(), ApiError> {
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
    Ok(())
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
    fn into_review(self) -> Result<Review, ApiError> {
        let corrupt = |what: &str| ApiError::Internal(anyhow::anyhow!("review {} has an unreadable {what}", self.id));
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

/// Records a reviewer's review; a second one by the same reviewer is a 409.
pub fn create(
    conn: &mut DbConnection,
    proposal_id: &str,
    reviewer_id: &str,
    new: &NewReview,
) -> Result<Review, ApiError> {
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
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => ApiError::Conflict {
                code: "review_exists",
                detail: "you already reviewed this proposal".into(),
                errors: Vec::new(),
            },
            other => other.into(),
        })?;
    let row: ReviewRow = reviews::table.filter(reviews::id.eq(&id)).select(ReviewRow::as_select()).first(conn)?;
    row.into_review()
}

/// A proposal's reviews, oldest first.
pub fn of_proposal(conn: &mut DbConnection, proposal_id: &str) -> Result<Vec<Review>, ApiError> {
    let rows: Vec<ReviewRow> = reviews::table
        .filter(reviews::proposal_id.eq(proposal_id))
        .order((reviews::created_at.asc(), reviews::id.asc()))
        .select(ReviewRow::as_select())
        .load(conn)?;
    rows.into_iter().map(ReviewRow::into_review).collect()
}
