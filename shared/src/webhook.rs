//! Webhooks: subscriptions to the event feed, the deliveries made to them, and the rules on both
//! (which events an organisation may follow, which addresses a delivery may reach).
//!
//! Deliveries are signed as the Standard Webhooks specification says: headers `webhook-id`,
//! `webhook-timestamp` and `webhook-signature`, an HMAC-SHA256 over `id.timestamp.body` keyed by
//! the subscription's `whsec_` secret.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::proposal::EventKind;
use crate::validation::{Invalid, Rule, ValidationErrors, WebUrl, no_control_characters};

wire_enum!(
    /// Whether a subscription receives events.
    WebhookState {
        /// Events are delivered.
        Active => "active",
        /// Nothing is delivered: switched off by its owner, or by a receiver answering 410 Gone.
        Disabled => "disabled",
    }
);

wire_enum!(
    /// Where one delivery of an event to a subscription stands.
    DeliveryState {
        /// Not delivered yet: waiting for its turn or for its next attempt.
        Pending => "pending",
        /// The receiver answered 2xx.
        Succeeded => "succeeded",
        /// Every scheduled attempt failed, or the receiver answered 410 Gone.
        Failed => "failed",
    }
);

impl EventKind {
    /// Whether the managers of a hub's organisations may follow this event. Reviews are the
    /// advisory board's: the proposing organisation does not learn of them one by one.
    pub fn followed_by_organisations(self) -> bool {
        self != EventKind::ProposalReviewSubmitted
    }
}

/// A subscription, as its owner reads it (never with its secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    /// The public id, a UUIDv7.
    pub id: String,
    /// Where deliveries are posted.
    pub url: String,
    /// What it is for, for the people who manage it.
    pub description: String,
    /// The events it receives.
    pub events: Vec<EventKind>,
    /// The organisation whose hubs' and proposals' events it receives; none for every event (admins).
    pub organisation_id: Option<String>,
    /// Whether events are delivered.
    pub state: WebhookState,
    /// Why it was disabled, when the server disabled it.
    pub disabled_reason: Option<String>,
    /// Until when the secret replaced by the last rotation still signs deliveries too.
    pub previous_secret_until: Option<DateTime<Utc>>,
    /// The account that created it.
    pub created_by: String,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /api/v1/webhooks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// `https://` or `http://`, at most 2,000 characters; it must reach a public address unless
    /// the server's `WEBHOOK_ALLOW_HOSTS` names its host.
    pub url: String,
    /// Up to 200 characters on one line.
    #[serde(default)]
    pub description: String,
    /// At least one, each once.
    pub events: Vec<EventKind>,
    /// The organisation whose events it receives: one of the manager's own. Only an admin may
    /// leave it out, to receive every event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<String>,
}

/// The body of `PATCH /api/v1/webhooks/{id}`, a JSON merge patch: what it leaves out is kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookPatch {
    /// A new address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The new list of events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventKind>>,
    /// `active` to deliver again (the deliveries still pending go out), `disabled` to stop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<WebhookState>,
}

/// A subscription whose fields passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidWebhook {
    /// The address.
    pub url: WebUrl,
    /// The trimmed description.
    pub description: String,
    /// The events, each once, in the order given.
    pub events: Vec<EventKind>,
}

impl NewWebhook {
    /// Checks every rule at once; `allowed_hosts` are the hosts the server delivers to even on
    /// private addresses.
    pub fn validate(&self, allowed_hosts: &[String]) -> Result<ValidWebhook, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let url = match WebUrl::parse(&self.url) {
            Ok(url) => match refused_literal_address(url.as_str(), allowed_hosts) {
                Some(invalid) => {
                    errors.push("url", invalid);
                    None
                }
                None => Some(url),
            },
            Err(invalid) => {
                errors.push("url", invalid);
                None
            }
        };
        let description = self.description.trim();
        if let Err(invalid) = no_control_characters(description, false) {
            errors.push("description", invalid);
        } else if description.chars().count() > 200 {
            errors.push("description", Invalid::new(Rule::Length, "a description has at most 200 characters"));
        }
        let mut events: Vec<EventKind> = Vec::new();
        for (index, kind) in self.events.iter().enumerate() {
            if events.contains(kind) {
                errors
                    .push(format!("events[{index}]"), Invalid::new(Rule::Duplicate, format!("{kind} is listed twice")));
            } else if self.organisation_id.is_some() && !kind.followed_by_organisations() {
                let message = format!("{kind} is followed by the Secretariat only, not by an organisation");
                errors.push(format!("events[{index}]"), Invalid::new(Rule::OneOf, message));
            } else {
                events.push(*kind);
            }
        }
        if self.events.is_empty() {
            errors.push("events", Invalid::new(Rule::Required, "a webhook receives at least one event"));
        }
        errors.finish(|| url.map(|url| ValidWebhook { url, description: description.to_owned(), events }))
    }
}

impl WebhookPatch {
    /// The subscription this patch makes of `current` (its state apart), before validation.
    pub fn applied_to(&self, current: &Webhook) -> NewWebhook {
        NewWebhook {
            url: self.url.clone().unwrap_or_else(|| current.url.clone()),
            description: self.description.clone().unwrap_or_else(|| current.description.clone()),
            events: self.events.clone().unwrap_or_else(|| current.events.clone()),
            organisation_id: current.organisation_id.clone(),
        }
    }
}

/// What `POST /api/v1/webhooks` answers: the subscription and its signing secret, shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    /// The subscription.
    pub webhook: Webhook,
    /// `whsec_` and the base64 of 32 random bytes: the key of every delivery's signature.
    pub secret: String,
}

/// What `POST /api/v1/webhooks/{id}/rotate-secret` answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotatedSecret {
    /// The subscription, with `previous_secret_until` set.
    pub webhook: Webhook,
    /// The new secret, shown this once.
    pub secret: String,
}

/// One attempt at a delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryAttempt {
    /// When it started (UTC).
    pub at: DateTime<Utc>,
    /// How long it took, in milliseconds.
    pub duration_ms: i64,
    /// The receiver's status code; none when no answer came (refused address, timeout, network).
    pub response_status: Option<u16>,
    /// The first 1,024 bytes of the receiver's answer, as text.
    pub response_excerpt: String,
    /// What went wrong, when the attempt failed without or despite an answer.
    pub error: Option<String>,
}

/// One event's delivery to one subscription, with every attempt at it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// The public id, a UUIDv7: deliveries to one subscription go out in this order.
    pub id: String,
    /// The subscription.
    pub webhook_id: String,
    /// The event delivered; the `webhook-id` header carries it, so a receiver can tell a retry.
    pub event_id: String,
    /// The event's kind.
    pub event_kind: EventKind,
    /// Where it stands.
    pub state: DeliveryState,
    /// When the next attempt is due, while it is pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When it was queued (UTC).
    pub created_at: DateTime<Utc>,
    /// Every attempt, oldest first.
    pub attempts: Vec<DeliveryAttempt>,
}

/// The body a delivery posts: the event, in the Standard Webhooks envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookPayload {
    /// The event's kind.
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// When the event happened (UTC).
    pub timestamp: DateTime<Utc>,
    /// The event: ids of what it concerns, which a receiver reads through the API with its key.
    pub data: crate::proposal::Event,
}

/// Whether a delivery may connect to `address`: not loopback, private, link-local, shared (CGNAT),
/// unique-local, multicast, documentation or otherwise reserved, nor such an address wrapped in
/// IPv6. The server resolves a webhook's host when it delivers and connects only to an address
/// that passed this check.
pub fn is_public_address(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(v4: Ipv4Addr) -> bool {
    let [a, b, c, _] = v4.octets();
    let refused = v4.is_unspecified()
        || v4.is_loopback()
        || v4.is_private()
        || v4.is_link_local()
        || v4.is_multicast()
        || v4.is_broadcast()
        || v4.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT), RFC 6598
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking, RFC 2544
        || a >= 240; // reserved
    !refused
}

fn is_public_v6(v6: Ipv6Addr) -> bool {
    if let Some(v4) = v6.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let segments = v6.segments();
    // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [_, _, _, _, _, _, high, low] = segments;
        let [h1, h2] = high.to_be_bytes();
        let [l1, l2] = low.to_be_bytes();
        return is_public_v4(Ipv4Addr::new(h1, h2, l1, l2));
    }
    let refused = v6.is_unspecified()
        || v6.is_loopback()
        || v6.is_multicast()
        || (segments[0] & 0xfe00) == 0xfc00 // unique local, fc00::/7
        || (segments[0] & 0xffc0) == 0xfe80 // link-local, fe80::/10
        || (segments[0] & 0xffc0) == 0xfec0 // site-local (deprecated), fec0::/10
        || (segments[0] == 0x2001 && segments[1] == 0x0db8) // documentation
        || segments[..6] == [0, 0, 0, 0, 0, 0]; // IPv4-compatible (deprecated)
    !refused
}

/// The host of an `http(s)://` address, lower-cased, without port or brackets.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if let Some(bracketed) = host_port.strip_prefix('[') {
        bracketed.split(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Whether `host` is one the server delivers to whatever its address (`WEBHOOK_ALLOW_HOSTS`).
pub fn host_allowed(host: &str, allowed_hosts: &[String]) -> bool {
    allowed_hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(host))
}

/// A refusal when `url` names its host by a literal address that no delivery may reach; names are
/// resolved and checked when delivering.
fn refused_literal_address(url: &str, allowed_hosts: &[String]) -> Option<Invalid> {
    let host = host_of(url)?;
    if host_allowed(&host, allowed_hosts) {
        return None;
    }
    let address: IpAddr = host.parse().ok()?;
    (!is_public_address(address)).then(|| {
        Invalid::new(
            Rule::Format,
            format!("{address} is not a public address: webhooks are delivered to public addresses only"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_may_be_reached() {
        for refused in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2001:db8::1",
        ] {
            assert!(!is_public_address(refused.parse().unwrap_or_else(|e| panic!("{refused}: {e}"))), "{refused}");
        }
        for public in
            ["93.184.216.34", "100.128.0.1", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
        {
            assert!(is_public_address(public.parse().unwrap_or_else(|e| panic!("{public}: {e}"))), "{public}");
        }
    }

    #[test]
    fn the_host_is_read_past_credentials_ports_and_brackets() {
        assert_eq!(host_of("https://Hooks.Example.org:8443/in?x=1").as_deref(), Some("hooks.example.org"));
        assert_eq!(host_of("http://user:pw@10.0.0.1/x").as_deref(), Some("10.0.0.1"));
        assert_eq!(host_of("http://[::1]:8080/").as_deref(), Some("::1"));
        assert_eq!(host_of("ftp://x.org"), None);
    }

    #[test]
    fn a_subscription_names_public_addresses_and_events_its_owner_may_follow() {
        let new = |url: &str, events: Vec<EventKind>, organisation: Option<&str>| NewWebhook {
            url: url.into(),
            description: String::new(),
            events,
            organisation_id: organisation.map(str::to_owned),
        };
        let fields = |result: Result<ValidWebhook, ValidationErrors>| -> Vec<String> {
            result.err().map(|e| e.0.into_iter().map(|error| error.field).collect()).unwrap_or_default()
        };
        assert!(
            new("https://hooks.example.org/l4a", vec![EventKind::HubLabelled], Some("quito")).validate(&[]).is_ok()
        );
        assert_eq!(fields(new("http://127.0.0.1:9/x", vec![EventKind::HubLabelled], None).validate(&[])), ["url"]);
        assert!(
            new("http://127.0.0.1:9/x", vec![EventKind::HubLabelled], None).validate(&["127.0.0.1".into()]).is_ok(),
            "the allow-list admits a named host"
        );
        assert_eq!(fields(new("https://x.org", vec![], None).validate(&[])), ["events"]);
        assert_eq!(
            fields(new("https://x.org", vec![EventKind::HubLabelled, EventKind::HubLabelled], None).validate(&[])),
            ["events[1]"]
        );
        assert_eq!(
            fields(new("https://x.org", vec![EventKind::ProposalReviewSubmitted], Some("quito")).validate(&[])),
            ["events[0]"]
        );
        assert!(new("https://x.org", vec![EventKind::ProposalReviewSubmitted], None).validate(&[]).is_ok());
    }
}
