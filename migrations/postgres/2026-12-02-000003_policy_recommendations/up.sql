-- Policy recommendations written by the Secretariat for a policy council, in three languages.
CREATE TABLE recommendations (
    id TEXT PRIMARY KEY NOT NULL,
    policy_council_id TEXT NOT NULL REFERENCES policy_councils (id),
    title_en TEXT NOT NULL,
    title_fr TEXT NOT NULL DEFAULT '',
    title_es TEXT NOT NULL DEFAULT '',
    text_en TEXT NOT NULL,
    text_fr TEXT NOT NULL DEFAULT '',
    text_es TEXT NOT NULL DEFAULT '',
    presented_event TEXT,
    presented_on DATE,
    state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'withdrawn')),
    published_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The evidence each cites, in order, with the hub it belongs to: a hub's page lists the
-- published recommendations citing it, or any of its records, by that column.
CREATE TABLE recommendation_citations (
    recommendation_id TEXT NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hub', 'deliverable', 'indicator', 'report')),
    target_id TEXT NOT NULL,
    hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    PRIMARY KEY (recommendation_id, position)
);

CREATE INDEX recommendation_citations_hub_idx ON recommendation_citations (hub_id);
CREATE INDEX recommendations_state_idx ON recommendations (state, published_at);
