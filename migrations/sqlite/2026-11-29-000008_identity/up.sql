-- Accounts, their roles and organisations; sessions (refresh tokens, stored hashed); API keys
-- (stored hashed); and the audit trail of every change.
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    -- The address in lower case: unique, so that one address is one account whatever its case.
    email_folded TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('en', 'fr', 'es')),
    -- Argon2id, in PHC string format (algorithm, parameters and salt included).
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    -- Carried by every access token; deactivating the account or resetting its password bumps
    -- it, so that every session ends at once.
    session_epoch BIGINT NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'manager')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE user_organisations (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (user_id, organisation_id)
);

CREATE INDEX user_organisations_organisation_idx ON user_organisations (organisation_id);

-- One row per refresh token. A token is `<id>.<secret>`: found by id, then its secret's SHA-256
-- compared in constant time. Tokens of one sign-in share a family; reusing a rotated token
-- revokes the whole family.
CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- API keys of third-party systems: `l4a_<prefix><secret>`, found by prefix, secret compared by
-- its SHA-256 in constant time. Scopes are a comma-separated list.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    scopes TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations (id),
    created_by TEXT NOT NULL REFERENCES users (id),
    expires_at TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX api_keys_organisation_idx ON api_keys (organisation_id);

-- Who changed what, when, and the changed fields before and after (JSON).
CREATE TABLE audit_events (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'api_key', 'system')),
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    hub_id TEXT,
    changes TEXT NOT NULL
);

CREATE INDEX audit_events_entity_idx ON audit_events (entity, entity_id);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id);
CREATE INDEX audit_events_hub_idx ON audit_events (hub_id);
CREATE INDEX audit_events_at_idx ON audit_events (at);
