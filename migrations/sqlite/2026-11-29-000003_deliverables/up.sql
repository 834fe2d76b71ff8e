-- What a hub announces in advance and delivers within its period. "Late" and "on time" are
-- derived from these columns and today's date, never stored.
CREATE TABLE deliverables (
    id TEXT PRIMARY KEY NOT NULL,
    hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('publication', 'event', 'tool', 'policy', 'training', 'other')),
    due_date DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'delivered', 'cancelled')),
    delivered_on DATE,
    evidence_url TEXT,
    sort_title TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((status = 'delivered') = (delivered_on IS NOT NULL))
);

CREATE INDEX deliverables_hub_due_idx ON deliverables (hub_id, due_date);
