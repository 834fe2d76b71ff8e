-- Webhook subscriptions, the queue of deliveries the event feed fills, and every attempt.
-- The secret is kept as given (an HMAC key must be at hand to sign); it is never read back
-- through the API.
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY NOT NULL,
    url TEXT NOT NULL,
    description TEXT NOT NULL,
    events TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations (id),
    state TEXT NOT NULL CHECK (state IN ('active', 'disabled')),
    disabled_reason TEXT,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_secret_until TIMESTAMP,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);

CREATE INDEX webhooks_organisation_idx ON webhooks (organisation_id);

-- One event to one subscription. Ids are UUIDv7: a subscription's deliveries go out in id order.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES events (id),
    state TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    leased_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, state, id);

CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    at TIMESTAMP NOT NULL,
    duration_ms BIGINT NOT NULL,
    response_status INTEGER,
    response_excerpt TEXT NOT NULL,
    error TEXT
);

CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, at);
