-- Synchronization links between hubs, listed from both ends; pair_key (the two ids in order and
-- the kind) keeps one link per pair and kind whichever end recorded it.
CREATE TABLE hub_connections (
    id TEXT PRIMARY KEY NOT NULL,
    hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    other_hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('builds_on', 'peer_learning', 'joint_activity')),
    description TEXT NOT NULL DEFAULT '',
    pair_key TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    CHECK (hub_id <> other_hub_id)
);

CREATE INDEX hub_connections_hub_idx ON hub_connections (hub_id);
CREATE INDEX hub_connections_other_hub_idx ON hub_connections (other_hub_id);

-- Events and publications of a hub, with its Venice City Solutions 2030 presentations.
CREATE TABLE activities (
    id TEXT PRIMARY KEY NOT NULL,
    hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('event', 'publication')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    date DATE NOT NULL,
    place TEXT,
    url TEXT,
    venice_edition INTEGER,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX activities_hub_date_idx ON activities (hub_id, date);
