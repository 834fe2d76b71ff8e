//! Connections between hubs: the synchronization links of the network (one builds on another,
//! peer learning, joint activities). A hub's synchronization degree counts the distinct hubs it
//! is connected to.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validation::{Invalid, Notes, Rule, ValidationErrors};

wire_enum!(
    /// How two hubs are connected.
    ConnectionKind {
        /// One hub builds on the other's work.
        BuildsOn => "builds_on",
        /// The hubs learn from each other.
        PeerLearning => "peer_learning",
        /// The hubs run an activity together.
        JointActivity => "joint_activity",
    }
);

wire_enum!(
    /// Where a connection stands: one hub asks, the other hub's managers (or an admin) answer.
    ConnectionState {
        /// Asked by one hub, not yet answered by the other; seen only by the managers of both.
        Requested => "requested",
        /// Both hubs agree: public, and counted in the synchronization degree.
        Accepted => "accepted",
        /// The other hub said no; seen only by the managers of both.
        Declined => "declined",
    }
);

wire_enum!(
    /// The other hub's answer to a connection request.
    ConnectionOutcome {
        /// The connection becomes public and counts.
        Accept => "accept",
        /// The connection stays private to both hubs' managers.
        Decline => "decline",
    }
);

/// The body of `POST /api/v1/connections/{id}/decision`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConnectionDecision {
    /// Accept or decline.
    pub outcome: ConnectionOutcome,
}

/// One end of a connection, as listings show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HubRef {
    /// The hub's id.
    pub id: String,
    /// Its slug, for links.
    pub slug: String,
    /// Its name.
    pub name: String,
}

/// A connection as the API returns it; listed from both ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Connection {
    /// The public id, a UUIDv7.
    pub id: String,
    /// The hub it was recorded from.
    pub hub_id: String,
    /// The hub it links to.
    pub other_hub_id: String,
    /// How they are connected.
    pub kind: ConnectionKind,
    /// What links them.
    pub description: String,
    /// The hub it was recorded from, by name.
    pub hub: HubRef,
    /// The hub it links to, by name.
    pub other_hub: HubRef,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
    /// Whether the other hub accepted it.
    pub state: ConnectionState,
    /// When the other hub answered, if it did.
    pub decided_at: Option<DateTime<Utc>>,
}

/// The body of `POST /api/v1/hubs/{hub}/connections`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewConnection {
    /// The other hub's id or slug.
    pub other_hub_id: String,
    /// How they are connected.
    pub kind: ConnectionKind,
    /// Up to 5,000 characters.
    #[serde(default)]
    pub description: String,
}

/// A connection that passed the rules `shared` can check (the other hub's existence is the database's).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidConnection {
    /// The other hub's id or slug, as given.
    pub other_hub: String,
    /// The kind.
    pub kind: ConnectionKind,
    /// The description.
    pub description: Notes,
}

impl NewConnection {
    /// Checks every rule at once.
    pub fn validate(&self) -> Result<ValidConnection, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let other = self.other_hub_id.trim();
        if other.is_empty() {
            errors.push("other_hub_id", Invalid::new(Rule::Required, "name the hub to connect to"));
        }
        let description = errors.check("description", Notes::parse(&self.description));
        errors.finish(|| {
            Some(ValidConnection { other_hub: other.to_owned(), kind: self.kind, description: description? })
        })
    }
}

/// The key that makes a connection unique whichever end it was recorded from.
pub fn pair_key(a: &str, b: &str, kind: ConnectionKind) -> String {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    format!("{first}|{second}|{}", kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pair_key_is_the_same_from_both_ends_and_differs_by_kind() {
        assert_eq!(pair_key("a", "b", ConnectionKind::PeerLearning), pair_key("b", "a", ConnectionKind::PeerLearning));
        assert_ne!(pair_key("a", "b", ConnectionKind::PeerLearning), pair_key("a", "b", ConnectionKind::BuildsOn));
    }

    #[test]
    fn the_other_hub_is_required() {
        let new =
            NewConnection { other_hub_id: " ".into(), kind: ConnectionKind::BuildsOn, description: String::new() };
        assert_eq!(new.validate().err().unwrap_or_default().0[0].rule, Rule::Required);
    }
}
