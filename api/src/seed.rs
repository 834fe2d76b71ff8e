//! The demo data set: believable hubs across UCLG's world regions, led by their organisations,
//! for a newcomer's first look.
//!
//! The first three hubs are real ones known from UCLG's public pages; the others are invented and
//! say so. In `demo.json`, hubs name their organisations by a `key` that seeding turns into ids.

use std::collections::HashMap;

use anyhow::Context as _;
use l4a_shared::account::NewUser;
use l4a_shared::activity::NewActivity;
use l4a_shared::call::NewCall;
use l4a_shared::connection::{ConnectionState, NewConnection};
use l4a_shared::deliverable::{DeliverableKind, NewDeliverable};
use l4a_shared::eligibility::LabelRule;
use l4a_shared::hub::NewHub;
use l4a_shared::indicator::{NewIndicator, NewMeasurement};
use l4a_shared::organisation::NewOrganisation;
use l4a_shared::proposal::{
    DecisionOutcome, EventKind, NewReview, PlannedDeliverable, ProposalAction, ProposalContent, ProposalState,
    Recommendation,
};
use l4a_shared::query::{CallQuery, DeliverableQuery, RecommendationQuery, ReportQuery};
use l4a_shared::recommendation::{Citation, EvidenceKind, NewRecommendation, Presentation, RecommendationState};
use l4a_shared::report::{NewReport, Report, ReportAction, ReportDecision, ReportState};
use l4a_shared::sdg::{Localized, SdgTaxonomy};
use l4a_shared::stakeholder::NewStakeholder;
use l4a_shared::webhook::NewWebhook;
use serde::Deserialize;

use crate::db::Db;
use crate::error::ApiError;
use crate::models::audit::Actor;
use crate::models::hub::HubKey;
use crate::models::{
    activity, call, connection, deliverable, hub, indicator, organisation, proposal, recommendation, report, resource,
    review, today, user, webhook,
};
use crate::secrets;
use crate::workflows::{self, NewHubWithChildren, Origin, StartingIndicator};

#[derive(Deserialize)]
struct DemoOrganisation {
    key: String,
    #[serde(flatten)]
    organisation: NewOrganisation,
}

/// A hub's child in the demo file, naming its hub by slug.
#[derive(Deserialize)]
struct DemoChild<T> {
    hub: String,
    #[serde(flatten)]
    item: T,
}

/// A demo connection; `requested` ones wait for the other hub's answer, so that its managers
/// have a request to accept or decline.
#[derive(Deserialize)]
struct DemoConnection {
    hub: String,
    #[serde(default)]
    requested: bool,
    #[serde(flatten)]
    item: NewConnection,
}

/// A demo indicator names its agreeing stakeholders by name, and carries its measurements.
#[derive(Deserialize)]
struct DemoIndicator {
    agreed_by_names: Vec<String>,
    measurements: Vec<NewMeasurement>,
    #[serde(flatten)]
    indicator: NewIndicator,
}

/// A demo account: its organisations by key, and a password the README documents.
#[derive(Deserialize)]
struct DemoAccount {
    organisation_keys: Vec<String>,
    #[serde(flatten)]
    user: NewUser,
}

/// A demo call, its dates relative to the day the demo is loaded (so that it is open then).
#[derive(Deserialize)]
struct DemoCall {
    opens_in_days: i64,
    closes_in_days: i64,
    title: Localized,
    description: Localized,
    sdgs: Vec<i64>,
    manifestos: Vec<String>,
}

#[derive(Deserialize)]
struct DemoData {
    organisations: Vec<DemoOrganisation>,
    calls: Vec<DemoCall>,
    accounts: Vec<DemoAccount>,
    hubs: Vec<NewHub>,
    deliverables: Vec<DemoChild<NewDeliverable>>,
    stakeholders: Vec<DemoChild<NewStakeholder>>,
    indicators: Vec<DemoChild<DemoIndicator>>,
    connections: Vec<DemoConnection>,
    activities: Vec<DemoChild<NewActivity>>,
    #[serde(default)]
    proposals: Vec<DemoProposal>,
    #[serde(default)]
    reports: Vec<DemoReport>,
    #[serde(default)]
    recommendations: Vec<DemoRecommendation>,
    #[serde(default)]
    webhooks: Vec<DemoWebhook>,
}

/// A demo webhook subscription and the delivery history of its latest events: one list of
/// answer statuses per delivery.
#[derive(Deserialize)]
struct DemoWebhook {
    owner: String,
    organisation_key: Option<String>,
    url: String,
    description: String,
    events: Vec<EventKind>,
    attempts: Vec<Vec<u16>>,
}

/// A demo policy recommendation citing the demo hubs' evidence: the hub itself, or its first
/// deliverable, first indicator or latest approved report.
#[derive(Deserialize)]
struct DemoRecommendation {
    policy_council: String,
    state: RecommendationState,
    title: Localized,
    text: Localized,
    citations: Vec<DemoCitation>,
    presented_at: Option<DemoPresentation>,
}

#[derive(Deserialize)]
struct DemoCitation {
    hub: String,
    evidence: EvidenceKind,
    note: String,
}

#[derive(Deserialize)]
struct DemoPresentation {
    event: String,
    days_ago: i64,
}

/// A demo progress report of a hub, taken to `state` through the same workflow as the API's, so
/// that the Secretariat's queue, a manager's drafts and the hub pages all have reports in them.
/// Its period is relative to the day the demo is loaded; it cites the hub's first two
/// deliverables and first activity.
#[derive(Deserialize)]
struct DemoReport {
    hub: String,
    state: ReportState,
    start_days: i64,
    end_days: i64,
    achievements: String,
    challenges: String,
    next_steps: String,
    links: Vec<String>,
    comments: Option<String>,
}

/// A demo proposal to the open call, taken to `state` through the same workflow as the API's,
/// so that the Secretariat's queue, the board's reviews and a manager's drafts all have
/// something in them. Its dates are relative to the day the demo is loaded.
#[derive(Deserialize)]
struct DemoProposal {
    organisation: String,
    author: String,
    state: ProposalState,
    content: ProposalContent,
    deliverables: Vec<DemoPlannedDeliverable>,
    review: Option<DemoReview>,
    reason: Option<String>,
}

#[derive(Deserialize)]
struct DemoPlannedDeliverable {
    title: String,
    kind: DeliverableKind,
    due_in_days: i64,
}

/// The demo reviewer's review: one score for every rule.
#[derive(Deserialize)]
struct DemoReview {
    score: u8,
    recommendation: Recommendation,
    comment: String,
}

/// Loads every demo organisation and hub not yet stored, in one transaction; returns how many hubs were added.
pub fn load_demo(db: &Db, taxonomy: &SdgTaxonomy) -> anyhow::Result<usize> {
    let data = demo_data()?;
    let organisations = data
        .organisations
        .iter()
        .map(|demo| {
            let valid =
                demo.organisation.validate().map_err(|e| anyhow::anyhow!("demo organisation {}: {e}", demo.key))?;
            Ok((demo.key.clone(), valid))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Hashing is slow: done before the transaction, which then only writes.
    let accounts = data
        .accounts
        .iter()
        .map(|demo| {
            let password = demo.user.password.clone().unwrap_or_default();
            Ok((demo, secrets::hash_password(&password)?))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    // The demo's records carry an audit entry like any other, recorded by the platform.
    let seeder = Actor::system("demo seed");
    db.write_blocking(|conn| {
        let mut ids: HashMap<String, String> = HashMap::new();
        for (key, valid) in &organisations {
            let id = match organisation::find_by_name(conn, valid.name.as_str(), valid.country.as_str())? {
                Some(existing) => existing.item.id,
                None => organisation::create(conn, &seeder, valid)?.item.id,
            };
            ids.insert(key.clone(), id);
        }
        let id_of = |key: &str| {
            ids.get(key)
                .cloned()
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("demo data names unknown organisation {key}")))
        };
        if call::count(conn)? == 0 {
            for demo in &data.calls {
                let day = |offset: i64| today() + chrono::Duration::days(offset);
                let new = NewCall {
                    title: demo.title.clone(),
                    description: demo.description.clone(),
                    opens_on: day(demo.opens_in_days),
                    closes_on: day(demo.closes_in_days),
                    sdgs: demo.sdgs.clone(),
                    manifestos: demo.manifestos.clone(),
                };
                call::create(conn, &seeder, &new.validate()?, today())?;
            }
        }
        // Demo accounts only go into a database without accounts: never beside real ones.
        if user::count(conn)? == 0 {
            for (demo, password_hash) in &accounts {
                let organisation_ids = demo.organisation_keys.iter().map(|k| id_of(k)).collect::<Result<_, _>>()?;
                let new = NewUser { organisation_ids, ..demo.user.clone() };
                let valid = new.validate()?;
                user::create(conn, &seeder, &valid, password_hash)?;
            }
        }
        let mut added = 0;
        let mut created_now: Vec<String> = Vec::new();
        for demo in &data.hubs {
            let hub = NewHub {
                lead_organisation_id: id_of(&demo.lead_organisation_id)?,
                partner_organisation_ids: demo
                    .partner_organisation_ids
                    .iter()
                    .map(|k| id_of(k))
                    .collect::<Result<_, _>>()?,
                ..demo.clone()
            };
            let valid = hub.validate(taxonomy)?;
            let slug = valid.slug.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_default();
            let slug = slug.as_str();
            if hub::find(conn, HubKey::IdOrSlug(slug))?.is_some() {
                continue;
            }
            // A hub's children come with it, so seeding again adds nothing twice.
            let of_hub = |child_hub: &str| child_hub == slug;
            let new = NewHubWithChildren {
                deliverables: data.deliverables.iter().filter(|d| of_hub(&d.hub)).map(|d| d.item.clone()).collect(),
                stakeholders: data.stakeholders.iter().filter(|s| of_hub(&s.hub)).map(|s| s.item.clone()).collect(),
                indicators: data
                    .indicators
                    .iter()
                    .filter(|i| of_hub(&i.hub))
                    .map(|i| StartingIndicator {
                        indicator: i.item.indicator.clone(),
                        agreed_by_names: i.item.agreed_by_names.clone(),
                        measurements: i.item.measurements.clone(),
                    })
                    .collect(),
                activities: data.activities.iter().filter(|a| of_hub(&a.hub)).map(|a| a.item.clone()).collect(),
                hub: valid,
            };
            workflows::create_hub(conn, &new, Origin::Demo, taxonomy, today())?;
            created_now.push(slug.to_owned());
            added += 1;
        }
        if proposal::count(conn)? == 0 {
            load_demo_proposals(conn, &data.proposals, &ids, &seeder, taxonomy)?;
        }
        if report::list(conn, None, &ReportQuery::default(), true)?.total == 0 {
            load_demo_reports(conn, &data.reports, &seeder)?;
        }
        if recommendation::list(conn, &RecommendationQuery::default(), None, true)?.total == 0 {
            load_demo_recommendations(conn, &data.recommendations, &seeder)?;
        }
        if webhook::list(conn, None, 1, 1)?.total == 0 {
            load_demo_webhooks(conn, &data.webhooks, &ids, &seeder)?;
        }
        // Connections need both ends, so they come once every hub is in.
        for demo in data.connections.iter().filter(|c| created_now.contains(&c.hub)) {
            let valid = demo.item.validate()?;
            let from = hub::get(conn, HubKey::IdOrSlug(&demo.hub))?;
            let to = hub::get(conn, HubKey::IdOrSlug(&valid.other_hub))?;
            let state = if demo.requested { ConnectionState::Requested } else { ConnectionState::Accepted };
            connection::create(conn, &seeder, &from.item.id, &to.item.id, &valid, state)?;
        }
        Ok(added)
    })
    .map_err(|e| anyhow::anyhow!("loading the demo data: {e}"))
}

/// Subscribes the demo accounts to events and gives each subscription the delivery history of
/// its latest events. Only in a database whose owners are the demo accounts.
fn load_demo_webhooks(
    conn: &mut crate::db::DbConnection,
    webhooks: &[DemoWebhook],
    ids: &HashMap<String, String>,
    seeder: &Actor,
) -> Result<(), ApiError> {
    for demo in webhooks {
        let Some(owner) = user::find_by_email(conn, &demo.owner)? else { continue };
        let organisation_id = demo.organisation_key.as_ref().and_then(|key| ids.get(key)).cloned();
        // The demo writes hubs without announcing it; an organisation's hub is announced as
        // updated here, before the subscription exists, so that it has a history to show.
        if let Some(organisation) = &organisation_id {
            use diesel::prelude::*;
            let led: Vec<(String, String)> = crate::schema::hubs::table
                .filter(crate::schema::hubs::lead_organisation_id.eq(organisation))
                .select((crate::schema::hubs::id, crate::schema::hubs::slug))
                .load(conn)?;
            if let Some((hub_id, slug)) = led.first() {
                for _ in &demo.attempts {
                    let data = serde_json::json!({ "hub_id": hub_id, "slug": slug });
                    crate::models::event::emit(conn, EventKind::HubUpdated, None, Some(hub_id), &data)?;
                }
            }
        }
        let new = NewWebhook {
            url: demo.url.clone(),
            description: demo.description.clone(),
            events: demo.events.clone(),
            organisation_id: organisation_id.clone(),
        };
        let (stored, _) =
            webhook::create(conn, seeder, &new.validate(&[])?, organisation_id.as_deref(), &owner.user.id)?;
        let events = webhook::latest_events_for(conn, &stored.item, demo.attempts.len())?;
        for (n, (event, statuses)) in events.iter().rev().zip(&demo.attempts).enumerate() {
            let ago = chrono::Duration::hours(i64::try_from(3 * (demo.attempts.len() - n)).unwrap_or(0));
            webhook::record_demo_delivery(conn, &stored.item.id, event, statuses, ago)?;
        }
    }
    Ok(())
}

/// Writes each demo recommendation, its citations resolved to the demo hubs' records, and
/// publishes those meant to be public.
fn load_demo_recommendations(
    conn: &mut crate::db::DbConnection,
    recommendations: &[DemoRecommendation],
    seeder: &Actor,
) -> Result<(), ApiError> {
    for demo in recommendations {
        let mut citations = Vec::new();
        for cited in &demo.citations {
            let Some(hub) = hub::find(conn, HubKey::IdOrSlug(&cited.hub))? else { continue };
            let hub_id = hub.item.id;
            let id = match cited.evidence {
                EvidenceKind::Hub => Some(hub_id.clone()),
                EvidenceKind::Deliverable => {
                    let first = DeliverableQuery { per_page: 1, ..Default::default() };
                    deliverable::list(conn, &hub_id, &first, today())?.items.into_iter().next().map(|d| d.id)
                }
                EvidenceKind::Indicator => {
                    indicator::list(conn, &hub_id, 1, 1, today())?.items.into_iter().next().map(|i| i.id)
                }
                EvidenceKind::Report => {
                    let approved = ReportQuery { state: Some(ReportState::Approved), ..ReportQuery::default() };
                    report::list(conn, Some(&hub_id), &approved, false)?.items.into_iter().next().map(|r| r.id)
                }
            };
            if let Some(id) = id {
                citations.push(Citation { kind: cited.evidence, id, note: cited.note.clone() });
            }
        }
        let new = NewRecommendation {
            policy_council_id: demo.policy_council.clone(),
            title: demo.title.clone(),
            text: demo.text.clone(),
            citations,
            presented_at: demo
                .presented_at
                .as_ref()
                .map(|p| Presentation { event: p.event.clone(), date: today() - chrono::Duration::days(p.days_ago) }),
        };
        let stored = recommendation::create(conn, seeder, &new.validate()?)?;
        if demo.state == RecommendationState::Published {
            recommendation::transition(conn, seeder, &stored, RecommendationState::Published, "publish")?;
        }
    }
    Ok(())
}

/// Drafts each demo report and takes it to its state by the workflow: submitted, then returned
/// or approved by the Secretariat.
fn load_demo_reports(
    conn: &mut crate::db::DbConnection,
    reports: &[DemoReport],
    seeder: &Actor,
) -> Result<(), ApiError> {
    use workflows::reports::apply;
    let secretariat = "Demo Secretariat administrator";
    for demo in reports {
        let Some(hub) = hub::find(conn, HubKey::IdOrSlug(&demo.hub))? else { continue };
        let hub_id = hub.item.id;
        let deliverables =
            deliverable::list(conn, &hub_id, &DeliverableQuery { per_page: 2, ..Default::default() }, today())?;
        let activities = activity::list(conn, &hub_id, 1, 1)?;
        let new = NewReport {
            period_start: today() + chrono::Duration::days(demo.start_days),
            period_end: today() + chrono::Duration::days(demo.end_days),
            achievements: demo.achievements.clone(),
            challenges: demo.challenges.clone(),
            next_steps: demo.next_steps.clone(),
            deliverable_ids: deliverables.items.into_iter().map(|d| d.id).collect(),
            activity_ids: activities.items.into_iter().map(|a| a.id).collect(),
            links: demo.links.clone(),
        };
        let valid = new.validate(today())?;
        let mut stored = resource::create::<Report>(conn, seeder, &hub_id, &valid)?;
        if demo.state == ReportState::Draft {
            continue;
        }
        let decision = ReportDecision { comments: demo.comments.clone().unwrap_or_default() };
        stored = apply(conn, seeder, secretariat, &stored, ReportAction::Submit, &decision)?;
        let decided = match demo.state {
            ReportState::Approved => ReportAction::Approve,
            ReportState::Returned => ReportAction::Return,
            _ => continue,
        };
        apply(conn, seeder, secretariat, &stored, decided, &decision)?;
    }
    Ok(())
}

/// Takes each demo proposal to its state, by the workflow: created, submitted, reviewed by the
/// demo reviewer, decided or withdrawn.
fn load_demo_proposals(
    conn: &mut crate::db::DbConnection,
    proposals: &[DemoProposal],
    organisations: &HashMap<String, String>,
    seeder: &Actor,
    taxonomy: &SdgTaxonomy,
) -> Result<(), ApiError> {
    use workflows::proposals::{apply, decide, submit};
    let open = CallQuery { state: Some(l4a_shared::call::CallState::Open), ..CallQuery::default() };
    let Some(call) = call::list(conn, &open, today())?.items.into_iter().next() else { return Ok(()) };
    let reviewer = user::find_by_email(conn, "reviewer@demo.local4action.org")?;
    let day = |offset: i64| today() + chrono::Duration::days(offset);
    for demo in proposals {
        let (Some(organisation), Some(author)) =
            (organisations.get(&demo.organisation), user::find_by_email(conn, &demo.author)?)
        else {
            continue;
        };
        let content = ProposalContent {
            planned_start: Some(day(20)),
            planned_end: Some(day(20 + 700)),
            planned_deliverables: demo
                .deliverables
                .iter()
                .map(|d| PlannedDeliverable { title: d.title.clone(), kind: d.kind, due_date: day(d.due_in_days) })
                .collect(),
            ..demo.content.clone()
        };
        let mut stored = proposal::create(conn, seeder, &call.id, organisation, &content, &author.user.id)?;
        let step = |conn: &mut crate::db::DbConnection, current, action| {
            apply(conn, seeder, current, action, &proposal::Transition::default())?
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("a demo proposal changed while seeding")))
        };
        if demo.state == ProposalState::Draft {
            continue;
        }
        stored = submit(conn, seeder, &stored, taxonomy)?;
        match demo.state {
            ProposalState::Withdrawn => {
                step(conn, &stored, ProposalAction::Withdraw)?;
                continue;
            }
            ProposalState::Submitted => continue,
            _ => {}
        }
        stored = step(conn, &stored, ProposalAction::StartReview)?;
        if let (Some(reviewer), Some(review)) = (&reviewer, &demo.review) {
            review::assign(conn, seeder, &stored.item.id, &reviewer.user.id)?;
            let scores = LabelRule::ALL.iter().map(|rule| (*rule, review.score)).collect();
            let new = NewReview { scores, recommendation: review.recommendation, comment: review.comment.clone() };
            review::create(conn, seeder, &stored.item.id, &reviewer.user.id, &new)?;
        }
        let reason = demo.reason.clone().unwrap_or_default();
        match demo.state {
            ProposalState::Accepted => decide(conn, seeder, &stored, DecisionOutcome::Accept, &reason, taxonomy)?,
            ProposalState::Rejected => decide(conn, seeder, &stored, DecisionOutcome::Reject, &reason, taxonomy)?,
            _ => stored,
        };
    }
    Ok(())
}

fn demo_data() -> anyhow::Result<DemoData> {
    serde_json::from_str(include_str!("demo.json")).context("reading the demo data")
}

/// The sign-in addresses of the demo accounts, whose passwords the README publishes.
pub fn demo_account_emails() -> anyhow::Result<Vec<String>> {
    Ok(demo_data()?.accounts.into_iter().map(|account| account.user.email).collect())
}

/// Loads the demo set only into a database that holds no hub yet.
pub fn load_demo_if_empty(db: &Db, taxonomy: &SdgTaxonomy) -> anyhow::Result<usize> {
    let mut conn = db.conn()?;
    if hub::count(&mut conn)? > 0 {
        return Ok(0);
    }
    load_demo(db, taxonomy)
}
