//! The webhook delivery worker: it drains the queue that `models::webhook::enqueue` fills in each
//! event's transaction, signs each delivery as Standard Webhooks says, and posts it to an address
//! it resolved and checked itself.
//!
//! Nothing lives only in memory: a delivery is leased in the database before it is sent and its
//! outcome recorded after, so a restart (or a crash) at any point loses nothing. A lease that
//! runs out because its instance died is taken again, so a receiver may, rarely, see an event
//! twice: `webhook-id` is the event's id, for it to tell.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use l4a_shared::webhook::{WebhookPayload, host_allowed, is_public_address};

use crate::config::Config;
use crate::db::Db;
use crate::error::ApiError;
use crate::models::webhook::{self, AfterAttempt, AttemptOutcome, Claimed};

/// How long a receiver has to answer.
const TIMEOUT: Duration = Duration::from_secs(15);
/// How long a claimed delivery stays with the instance that took it: longer than any attempt.
const LEASE: Duration = Duration::from_secs(60);
/// How much of an answer is read and kept.
const EXCERPT_BYTES: usize = 1024;
/// How many deliveries (of different subscriptions) go out at once.
const AT_ONCE: i64 = 16;

/// The worker's settings, from the configuration.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// Hosts delivered to whatever their address (`WEBHOOK_ALLOW_HOSTS`).
    pub allowed_hosts: Vec<String>,
    /// The waits before each retry, in seconds: `[n - 1]` after the n-th failed attempt.
    pub retry_after: Vec<u64>,
    /// How often the queue is looked at when it was empty.
    pub poll: Duration,
    /// How long an old secret keeps signing after a rotation.
    pub rotation_overlap: chrono::Duration,
}

impl WebhookSettings {
    /// The settings the configuration gives.
    pub fn from_config(config: &Config) -> Self {
        Self {
            allowed_hosts: config.webhook_allow_hosts.iter().map(|h| h.trim().to_ascii_lowercase()).collect(),
            retry_after: config.webhook_retry_seconds.clone(),
            poll: Duration::from_millis(config.webhook_poll_millis.max(10)),
            rotation_overlap: chrono::Duration::hours(24),
        }
    }
}

/// The `webhook-signature` header: one `v1,` signature per secret, space-separated.
pub fn signature_header(secrets: &[String], id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut signed = format!("{id}.{timestamp}.").into_bytes();
    signed.extend_from_slice(body);
    secrets
        .iter()
        .map(|secret| {
            let mac = hmac_sha256::HMAC::mac(&signed, webhook::signing_key(secret));
            format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Delivers the queue until the process ends.
pub async fn deliver_forever(db: Db, settings: Arc<WebhookSettings>) {
    loop {
        match deliver_due(&db, &settings).await {
            Ok(0) => tokio::time::sleep(settings.poll).await,
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(%error, "webhook deliveries could not be claimed or recorded");
                tokio::time::sleep(settings.poll).await;
            }
        }
    }
}

/// Sends the deliveries due now, one per subscription, in parallel; returns how many.
pub async fn deliver_due(db: &Db, settings: &Arc<WebhookSettings>) -> Result<usize, ApiError> {
    let now = crate::models::now();
    let lease_until = now + chrono::Duration::from_std(LEASE).unwrap_or_default();
    let claimed = db.bookkeep(move |conn| Ok(webhook::claim(conn, now, lease_until, AT_ONCE)?)).await?;
    let count = claimed.len();
    let mut sending = tokio::task::JoinSet::new();
    for delivery in claimed {
        let (db, settings) = (db.clone(), settings.clone());
        sending.spawn(async move {
            let outcome = attempt(&delivery, &settings).await;
            let retry_after = settings.retry_after.clone();
            let recorded =
                db.bookkeep(move |conn| Ok(webhook::record_attempt(conn, &delivery, &outcome, &retry_after)?)).await;
            match recorded {
                Ok(AfterAttempt::Delivered) => crate::prometheus::record_webhook_attempt("delivered"),
                Ok(AfterAttempt::Retrying) => crate::prometheus::record_webhook_attempt("retrying"),
                Ok(AfterAttempt::GaveUp) => crate::prometheus::record_webhook_attempt("gave_up"),
                Err(error) => tracing::warn!(%error, "a webhook attempt could not be recorded; its lease will run out"),
            }
        });
    }
    while sending.join_next().await.is_some() {}
    Ok(count)
}

/// One attempt at a delivery: resolve, check, sign, post, read the start of the answer.
async fn attempt(delivery: &Claimed, settings: &WebhookSettings) -> AttemptOutcome {
    let at = crate::models::now();
    let started = Instant::now();
    let result = post(delivery, settings).await;
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let outcome = match result {
        Ok((status, excerpt)) => {
            let error = (!(200..300).contains(&status)).then(|| format!("the receiver answered {status}"));
            AttemptOutcome { at, duration_ms, response_status: Some(status), response_excerpt: excerpt, error }
        }
        Err(error) => AttemptOutcome {
            at,
            duration_ms,
            response_status: None,
            response_excerpt: String::new(),
            error: Some(error),
        },
    };
    tracing::info!(
        webhook = %delivery.webhook_id,
        delivery = %delivery.delivery_id,
        status = ?outcome.response_status,
        error = ?outcome.error,
        duration_ms,
        "webhook attempt"
    );
    outcome
}

async fn post(delivery: &Claimed, settings: &WebhookSettings) -> Result<(u16, String), String> {
    let url = reqwest::Url::parse(&delivery.url).map_err(|e| format!("the address cannot be read: {e}"))?;
    let address = checked_address(&url, settings).await?;
    let mut client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .user_agent(concat!("l4a-webhooks/", env!("CARGO_PKG_VERSION")));
    // Connect to the address that was checked, not to whatever a second lookup would give.
    if let Some(url::Host::Domain(name)) = url.host() {
        client = client.resolve(name, address);
    }
    let client = client.build().map_err(|e| format!("no HTTP client: {e}"))?;
    let payload =
        WebhookPayload { kind: delivery.event.kind, timestamp: delivery.event.at, data: delivery.event.clone() };
    let body = serde_json::to_vec(&payload).map_err(|e| format!("the event cannot be written: {e}"))?;
    let timestamp = chrono::Utc::now().timestamp();
    let signature = signature_header(&delivery.secrets, &delivery.event.id, timestamp, &body);
    let mut response = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.event.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(body)
        .send()
        .await
        .map_err(|e| describe(&e))?;
    let status = response.status().as_u16();
    let mut excerpt = Vec::new();
    while excerpt.len() < EXCERPT_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => excerpt.extend_from_slice(&chunk[..chunk.len().min(EXCERPT_BYTES - excerpt.len())]),
            Ok(None) | Err(_) => break,
        }
    }
    Ok((status, String::from_utf8_lossy(&excerpt).into_owned()))
}

/// The address to connect to: the host's first address that is public, or any address of a host
/// the allow-list names.
async fn checked_address(url: &reqwest::Url, settings: &WebhookSettings) -> Result<SocketAddr, String> {
    let port = url.port_or_known_default().ok_or("the address has no port")?;
    let host = url.host().ok_or("the address has no host")?;
    let (name, addresses): (String, Vec<IpAddr>) = match host {
        url::Host::Ipv4(ip) => (ip.to_string(), vec![IpAddr::V4(ip)]),
        url::Host::Ipv6(ip) => (ip.to_string(), vec![IpAddr::V6(ip)]),
        url::Host::Domain(name) => {
            let found = tokio::net::lookup_host((name, port))
                .await
                .map_err(|e| format!("{name} could not be resolved: {e}"))?;
            (name.to_ascii_lowercase(), found.map(|a| a.ip()).collect())
        }
    };
    let allowed = host_allowed(&name, &settings.allowed_hosts);
    addresses
        .iter()
        .find(|address| allowed || is_public_address(**address))
        .map(|address| SocketAddr::new(*address, port))
        .ok_or_else(|| format!("{name} resolves to no public address (refused: {addresses:?})"))
}

fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        format!("no answer within {} seconds", TIMEOUT.as_secs())
    } else if error.is_connect() {
        "the connection was refused or failed".to_owned()
    } else {
        format!("the request failed: {error}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_is_the_specification_s_hmac_and_a_rotation_sends_two() {
        // The example of the Standard Webhooks specification's reference libraries.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned();
        let body = br#"{"test": 2432232314}"#;
        let header = signature_header(std::slice::from_ref(&secret), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
        assert_eq!(header, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        let both = signature_header(&[secret.clone(), "whsec_dGVzdA==".into()], "m", 1, body);
        assert_eq!(both.split(' ').count(), 2);
        assert!(both.starts_with(&signature_header(&[secret], "m", 1, body)));
    }
}
