//! `/api/v1/proposals` and `/api/v1/calls/{call}/proposals`: a city drafts a proposal under an
//! open call, submits it once the label's rules pass, the Secretariat reviews it and decides.
//! Accepting creates the labelled hub, in the same transaction.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, patch, post, web};
use l4a_shared::account::Role;
use l4a_shared::eligibility::RuleCheck;
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::proposal::{
    Decision, Event, EventKind, NewProposal, NewReview, Proposal, ProposalAction, ProposalCaller, ProposalPatch,
    ProposalState, Review, ReviewerAssignment,
};
use l4a_shared::query::{EventQuery, ProposalQuery};
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};
use serde_json::json;

use crate::auth::guards::{Admin, SignedIn};
use crate::auth::{Principal, forbidden};
use crate::db::{Db, DbConnection};
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, QueryParams};
use crate::models::proposal::{self, ProposalFilter, StoredProposal, Transition};
use crate::models::{Versioned as _, call, event, organisation, review, today, user};
use crate::routes::Tagged;
use crate::routes::change_if_current;
use crate::routes::problems::{BodyProblems, ChangeProblems, QueryProblems};
use crate::routes::sdgs::Taxonomy;
use crate::workflows;

fn tagged(stored: StoredProposal, status: StatusCode) -> Tagged<Proposal> {
    let location = (status == StatusCode::CREATED).then(|| format!("/api/v1/proposals/{}", stored.item.id));
    Tagged { status, etag: stored.etag(), body: stored.item, location }
}

/// The caller as the proposal rules in `shared` see it.
fn caller(who: &Principal) -> ProposalCaller<'_> {
    ProposalCaller { roles: &who.roles, organisation_ids: &who.organisation_ids, is_account: who.user_id().is_some() }
}

/// Whether the caller speaks for the proposing organisation (see [`ProposalCaller::speaks_for`]).
fn may_edit(who: &Principal, organisation_id: &str) -> bool {
    caller(who).speaks_for(organisation_id)
}

/// Whether the caller may read `proposal`: the same rule as the listings (see [`visibility`]).
fn may_read(who: &Principal, proposal: &Proposal) -> bool {
    visibility(who).admits(proposal)
}

/// The proposal if the caller may read it; a 404 otherwise, as if it did not exist.
fn readable(conn: &mut DbConnection, id: &str, who: &Principal) -> Result<StoredProposal, ApiError> {
    who.signed_in()?;
    let stored = proposal::get(conn, id)?;
    if may_read(who, &stored.item) {
        Ok(stored)
    } else {
        Err(ApiError::NotFound { resource: "proposal", key: id.to_owned() })
    }
}

/// The proposal if the caller may speak for its organisation.
fn editable(conn: &mut DbConnection, id: &str, who: &Principal) -> Result<StoredProposal, ApiError> {
    let stored = readable(conn, id, who)?;
    if may_edit(who, &stored.item.organisation_id) {
        Ok(stored)
    } else {
        Err(forbidden("only the proposing organisation's managers and the Secretariat change a proposal"))
    }
}

/// Draft a proposal under a call
///
/// The call must be open. A draft may be incomplete; it is checked whole when submitted.
#[utoipa::path(
    tag = "proposals",
    params(("call" = String, Path, description = "The call's id")),
    request_body(content = NewProposal, content_type = "application/json"),
    responses(
        (status = 201, description = "The draft was saved", body = Proposal, headers(
            ("ETag" = String, description = "Its version"),
            ("Location" = String, description = "Its URL"),
        )),
        (status = 404, description = "No call has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The call is not open", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        SignedIn,
    )
)]
#[post("/calls/{call}/proposals")]
pub async fn create_proposal(
    who: Principal,
    db: web::Data<Db>,
    call_id: web::Path<String>,
    body: JsonBody<NewProposal>,
) -> Result<Tagged<Proposal>, ApiError> {
    let (call_id, new) = (call_id.into_inner(), body.0);
    if !may_edit(&who, &new.organisation_id) {
        who.signed_in()?;
        return Err(forbidden("a manager proposes for one of their own organisations"));
    }
    let content = new.content();
    content.check_draft()?;
    let author = who.user_id().unwrap_or_default().to_owned();
    let stored = db
        .write(move |conn| {
            workflows::proposals::call_open(conn, &call_id)?;
            if organisation::find(conn, &new.organisation_id)?.is_none() {
                let mut errors = ValidationErrors::default();
                let message = format!("no organisation {}", new.organisation_id);
                errors.push("organisation_id", Invalid::new(Rule::Exists, message));
                return Err(ApiError::Validation(errors));
            }
            Ok(proposal::create(conn, &who.actor(), &call_id, &new.organisation_id, &content, &author)?)
        })
        .await?;
    Ok(tagged(stored, StatusCode::CREATED))
}

/// List proposals
///
/// Newest first. Managers see their organisations' proposals, drafts included; the advisory
/// board sees submitted ones; the Secretariat sees all.
#[utoipa::path(
    tag = "proposals",
    params(ProposalQuery),
    responses(
        (status = 200, description = "One page of proposals", body = Page<Proposal>),
        QueryProblems,
        SignedIn,
    )
)]
#[get("/proposals")]
pub async fn list_proposals(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    query: QueryParams<ProposalQuery>,
) -> Result<web::Json<Page<Proposal>>, ApiError> {
    let QueryParams(query) = query;
    let filter = ProposalFilter { call_id: query.call.clone(), state: query.state, ..visibility(&who) };
    Ok(web::Json(db.read(move |conn| Ok(proposal::list(conn, &filter, query.page, query.per_page)?)).await?))
}

/// Which proposals a caller reads, in listings and one by one: admins all of them, the managers
/// of an organisation (signed in; keys do not propose) its own, the advisory board every
/// submitted one. Members without the manager role and API keys read none.
fn visibility(who: &Principal) -> ProposalFilter {
    if who.has(Role::Admin) {
        return ProposalFilter::default();
    }
    let speaks_for = who.user_id().is_some() && who.has(Role::Manager);
    ProposalFilter {
        organisations: Some(if speaks_for { who.organisation_ids.clone() } else { Vec::new() }),
        or_submitted: who.has(Role::Reviewer),
        ..ProposalFilter::default()
    }
}

/// List a call's proposals
#[utoipa::path(
    tag = "proposals",
    params(
        ("call" = String, Path, description = "The call's id"),
        ("page" = Option<u32>, Query, description = "The page, from 1.", minimum = 1),
        ("per_page" = Option<u32>, Query, description = "Proposals per page, 1 to 100.", minimum = 1, maximum = 100),
        ("state" = Option<ProposalState>, Query, description = "Only proposals in this state."),
    ),
    responses(
        (status = 200, description = "One page of the call's proposals", body = Page<Proposal>),
        (status = 404, description = "No call has this id", body = Problem, content_type = "application/problem+json"),
        QueryProblems,
        SignedIn,
    )
)]
#[get("/calls/{call}/proposals")]
pub async fn list_call_proposals(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    call_id: web::Path<String>,
    query: QueryParams<ProposalQuery>,
) -> Result<web::Json<Page<Proposal>>, ApiError> {
    let (call_id, QueryParams(query)) = (call_id.into_inner(), query);
    let filter = ProposalFilter { state: query.state, ..visibility(&who) };
    let page = db
        .read(move |conn| {
            let call = call::get(conn, &call_id, today())?;
            let filter = ProposalFilter { call_id: Some(call.item.id), ..filter };
            Ok(proposal::list(conn, &filter, query.page, query.per_page)?)
        })
        .await?;
    Ok(web::Json(page))
}

/// Get a proposal
#[utoipa::path(
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "The proposal", body = Proposal, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "No proposal the caller may read has this id", body = Problem, content_type = "application/problem+json"),
        SignedIn,
    )
)]
#[get("/proposals/{id}")]
pub async fn find_proposal(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<Proposal>, ApiError> {
    let id = id.into_inner();
    Ok(tagged(db.read(move |conn| readable(conn, &id, &who)).await?, StatusCode::OK))
}

/// Edit a draft
///
/// A JSON merge patch of the content; only a draft changes (409 otherwise).
#[utoipa::path(
    tag = "proposals",
    params(
        ("id" = String, Path, description = "The proposal's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body(content(
        (ProposalPatch = "application/merge-patch+json"),
        (ProposalPatch = "application/json"),
    )),
    responses(
        (status = 200, description = "The updated draft", body = Proposal, headers(("ETag" = String, description = "Its new version"))),
        (status = 404, description = "No proposal the caller may read has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is no longer a draft", body = Problem, content_type = "application/problem+json"),
        ChangeProblems,
        SignedIn,
    )
)]
#[patch("/proposals/{id}")]
pub async fn update_proposal(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<ProposalPatch>,
) -> Result<Tagged<Proposal>, ApiError> {
    let (id, patch) = (id.into_inner(), body.0);
    let stored = db
        .write(move |conn| {
            change_if_current(
                conn,
                |conn| editable(conn, &id, &who),
                &if_match,
                |conn, current| {
                    let state = current.item.state;
                    if !state.is_editable() {
                        return Err(ApiError::Conflict {
                            code: "proposal_not_editable",
                            detail: format!("the proposal is {state}: only a draft changes"),
                            errors: Vec::new(),
                        });
                    }
                    let content = patch.clone().apply_to(&current.item.content);
                    content.check_draft()?;
                    Ok(proposal::update_content(conn, &who.actor(), current, &content)?)
                },
            )
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Check a proposal against the label's rules
///
/// The same six checks as a hub's eligibility, on what the proposal says; a draft can be checked
/// at any time.
#[utoipa::path(
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "Each rule's status and reasons", body = Vec<RuleCheck>),
        (status = 404, description = "No proposal the caller may read has this id", body = Problem, content_type = "application/problem+json"),
        SignedIn,
    )
)]
#[get("/proposals/{id}/eligibility")]
pub async fn check_proposal_eligibility(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<web::Json<Vec<RuleCheck>>, ApiError> {
    let id = id.into_inner();
    let checks = db
        .read(move |conn| {
            let stored = readable(conn, &id, &who)?;
            let lead = organisation::find(conn, &stored.item.organisation_id)?.map(|o| o.item.kind);
            Ok(stored.item.content.label_record(lead).check())
        })
        .await?;
    Ok(web::Json(checks))
}

/// Submit a draft
///
/// Needs the call to be open (409), the proposal to be complete enough to become a hub, and the
/// label's six rules to pass: a 422 lists every field and every failed rule with its reason.
#[utoipa::path(
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "The submitted proposal", body = Proposal),
        (status = 404, description = "No proposal the caller may read has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is not a draft, or the call is closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Incomplete, or a rule of the label fails", body = Problem, content_type = "application/problem+json"),
        SignedIn,
    )
)]
#[post("/proposals/{id}/submit")]
pub async fn submit_proposal(
    who: Principal,
    db: web::Data<Db>,
    taxonomy: web::Data<Taxonomy>,
    id: web::Path<String>,
) -> Result<Tagged<Proposal>, ApiError> {
    let (id, taxonomy) = (id.into_inner(), taxonomy.get_ref().clone());
    let stored = db
        .write(move |conn| {
            let current = editable(conn, &id, &who)?;
            workflows::proposals::submit(conn, &who.actor(), &current, &taxonomy)
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Withdraw a proposal
///
/// A draft or a submitted proposal; it stays readable by its organisation.
#[utoipa::path(
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "The withdrawn proposal", body = Proposal),
        (status = 404, description = "No proposal the caller may read has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is under review or decided", body = Problem, content_type = "application/problem+json"),
        SignedIn,
    )
)]
#[post("/proposals/{id}/withdraw")]
pub async fn withdraw_proposal(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<Proposal>, ApiError> {
    let id = id.into_inner();
    let stored = db
        .write(move |conn| {
            let current = editable(conn, &id, &who)?;
            workflows::proposals::apply(conn, &who.actor(), &current, ProposalAction::Withdraw, &Transition::default())?
                .ok_or_else(|| ApiError::PreconditionFailed { current: current.etag() })
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Start the review
///
/// The Secretariat hands a submitted proposal to the advisory board.
#[utoipa::path(
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "The proposal, under review", body = Proposal),
        (status = 404, description = "No proposal has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is not submitted", body = Problem, content_type = "application/problem+json"),
        Admin,
    )
)]
#[post("/proposals/{id}/start-review")]
pub async fn start_review(
    Admin(who): Admin,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<Proposal>, ApiError> {
    let id = id.into_inner();
    let stored = db
        .write(move |conn| {
            let current = proposal::get(conn, &id)?;
            workflows::proposals::apply(
                conn,
                &who.actor(),
                &current,
                ProposalAction::StartReview,
                &Transition::default(),
            )?
            .ok_or_else(|| ApiError::PreconditionFailed { current: current.etag() })
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Decide
///
/// Accept or reject with a written reason. Accepting creates the labelled hub with the proposal's
/// deliverables, stakeholders and indicators, records `label_granted_on` and the proposal it came
/// from, all in one transaction; deciding twice is a 409 and never makes a second hub.
#[utoipa::path(
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id")),
    request_body(content = Decision, content_type = "application/json"),
    responses(
        (status = 200, description = "The decided proposal (with `hub_id` when accepted)", body = Proposal),
        (status = 404, description = "No proposal has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is not under review (already decided, for one)", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        Admin,
    )
)]
#[post("/proposals/{id}/decision")]
pub async fn decide(
    Admin(who): Admin,
    db: web::Data<Db>,
    taxonomy: web::Data<Taxonomy>,
    id: web::Path<String>,
    body: JsonBody<Decision>,
) -> Result<Tagged<Proposal>, ApiError> {
    let (id, decision, taxonomy) = (id.into_inner(), body.0, taxonomy.get_ref().clone());
    let reason = decision.validate()?;
    let stored = db
        .write(move |conn| {
            let current = proposal::get(conn, &id)?;
            workflows::proposals::decide(conn, &who.actor(), &current, decision.outcome, &reason, &taxonomy)
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Assign a reviewer
///
/// The account must have the reviewer role and belong to none of the proposing organisation's
/// members (a conflict of interest is a 403). The proposal is submitted or under review.
#[utoipa::path(
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id")),
    request_body(content = ReviewerAssignment, content_type = "application/json"),
    responses(
        (status = 204, description = "The reviewer is assigned"),
        (status = 404, description = "No proposal has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is not submitted nor under review", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        Admin,
    )
)]
#[post("/proposals/{id}/reviewers")]
pub async fn assign_reviewer(
    Admin(who): Admin,
    db: web::Data<Db>,
    id: web::Path<String>,
    body: JsonBody<ReviewerAssignment>,
) -> Result<HttpResponse, ApiError> {
    let (id, assignment) = (id.into_inner(), body.0);
    db.write(move |conn| {
        let current = proposal::get(conn, &id)?;
        let state = current.item.state;
        if !matches!(state, ProposalState::Submitted | ProposalState::UnderReview) {
            return Err(workflows::proposals::illegal(format!(
                "the proposal is {state}: reviewers are assigned once it is submitted"
            )));
        }
        let reviewer =
            user::find(conn, &assignment.reviewer_id)?.filter(|r| r.user.has(Role::Reviewer) && r.user.active);
        let Some(reviewer) = reviewer else {
            let mut errors = ValidationErrors::default();
            let message = format!("{} is not an active reviewer's account", assignment.reviewer_id);
            errors.push("reviewer_id", Invalid::new(Rule::Exists, message));
            return Err(ApiError::Validation(errors));
        };
        if reviewer.user.organisation_ids.contains(&current.item.organisation_id) {
            return Err(conflict_of_interest());
        }
        Ok(review::assign(conn, &who.actor(), &current.item.id, &reviewer.user.id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn conflict_of_interest() -> ApiError {
    forbidden("a reviewer from the proposing organisation cannot review its proposal (conflict of interest)")
}

/// Review a proposal
///
/// By a reviewer assigned to it, while it is under review: a score from 0 to 5 for each of the
/// label's rules, a recommendation and a comment. One review per reviewer.
#[utoipa::path(
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id")),
    request_body(content = NewReview, content_type = "application/json"),
    responses(
        (status = 201, description = "The review was recorded", body = Review),
        (status = 404, description = "No proposal the caller may read has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is not under review, or this reviewer already reviewed it", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        SignedIn,
    )
)]
#[post("/proposals/{id}/reviews")]
pub async fn create_review(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
    body: JsonBody<NewReview>,
) -> Result<HttpResponse, ApiError> {
    let (id, new) = (id.into_inner(), body.0);
    new.validate()?;
    let reviewer_id = who.user_id().filter(|_| who.has(Role::Reviewer)).map(str::to_owned);
    let created = db
        .write(move |conn| {
            let current = readable(conn, &id, &who)?;
            if who.organisation_ids.contains(&current.item.organisation_id) {
                return Err(conflict_of_interest());
            }
            let assigned = match &reviewer_id {
                Some(reviewer) => review::is_assigned(conn, &current.item.id, reviewer)?,
                None => false,
            };
            let reviewer_id = reviewer_id
                .filter(|_| assigned)
                .ok_or_else(|| forbidden("only a reviewer assigned to this proposal reviews it"))?;
            if current.item.state != ProposalState::UnderReview {
                return Err(workflows::proposals::illegal(format!(
                    "the proposal is {}: it is reviewed while under review",
                    current.item.state
                )));
            }
            let created = review::create(conn, &who.actor(), &current.item.id, &reviewer_id, &new)?;
            let data = json!({"review_id": created.id, "recommendation": created.recommendation.as_str()});
            event::emit(conn, EventKind::ProposalReviewSubmitted, Some(&current.item.id), None, &data)?;
            Ok(created)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Read a proposal's reviews
///
/// The Secretariat reads them all. A reviewer reads their own, and the others' once theirs is
/// in. The proposer reads them once the proposal is decided, without the reviewers' names.
#[utoipa::path(
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "The reviews the caller may read, oldest first", body = Vec<Review>),
        (status = 404, description = "No proposal the caller may read has this id", body = Problem, content_type = "application/problem+json"),
        SignedIn,
    )
)]
#[get("/proposals/{id}/reviews")]
pub async fn list_reviews(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<web::Json<Vec<Review>>, ApiError> {
    let id = id.into_inner();
    let reviews = db
        .read(move |conn| {
            let current = readable(conn, &id, &who)?;
            let all = review::of_proposal(conn, &current.item.id)?;
            if who.has(Role::Admin) {
                return Ok(all);
            }
            let me = who.user_id().map(str::to_owned);
            if who.has(Role::Reviewer) && !may_edit(&who, &current.item.organisation_id) {
                let reviewed = all.iter().any(|r| r.reviewer_id == me);
                return Ok(all.into_iter().filter(|r| reviewed || r.reviewer_id == me).collect());
            }
            let decided = matches!(current.item.state, ProposalState::Accepted | ProposalState::Rejected);
            Ok(if decided { all.into_iter().map(|r| Review { reviewer_id: None, ..r }).collect() } else { Vec::new() })
        })
        .await?;
    Ok(web::Json(reviews))
}

/// Read the event feed
///
/// What happened, newest first: the feed the integrations will deliver to webhooks (the Secretariat's).
#[utoipa::path(
    tag = "proposals",
    params(EventQuery),
    responses(
        (status = 200, description = "One page of events", body = Page<Event>),
        QueryProblems,
        Admin,
    )
)]
#[get("/events")]
pub async fn list_events(
    _: Admin,
    db: web::Data<Db>,
    query: QueryParams<EventQuery>,
) -> Result<web::Json<Page<Event>>, ApiError> {
    let QueryParams(query) = query;
    Ok(web::Json(db.read(move |conn| Ok(event::list(conn, query.kind, query.page, query.per_page)?)).await?))
}

/// Registers the proposal routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(create_proposal)
        .service(list_call_proposals)
        .service(list_proposals)
        .service(find_proposal)
        .service(update_proposal)
        .service(check_proposal_eligibility)
        .service(submit_proposal)
        .service(withdraw_proposal)
        .service(start_review)
        .service(decide)
        .service(assign_reviewer)
        .service(create_review)
        .service(list_reviews)
        .service(list_events);
}
