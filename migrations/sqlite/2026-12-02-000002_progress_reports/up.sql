-- Progress reports: a hub's account of a period, approved or returned by the Secretariat. The
-- evidence lists and the figures frozen at submission are JSON documents: they are read and
-- written whole, with the report.
CREATE TABLE reports (
    id TEXT PRIMARY KEY NOT NULL,
    hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned')),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    achievements TEXT NOT NULL DEFAULT '',
    challenges TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    deliverable_ids TEXT NOT NULL DEFAULT '[]',
    activity_ids TEXT NOT NULL DEFAULT '[]',
    links TEXT NOT NULL DEFAULT '[]',
    snapshot TEXT,
    submitted_at TIMESTAMP,
    decided_at TIMESTAMP,
    decided_by TEXT,
    comments TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (period_start <= period_end)
);

-- A hub's reports, newest period first; the last approved one sets its reporting status.
CREATE INDEX reports_hub_period_idx ON reports (hub_id, period_end);
-- The Secretariat's queue: submitted reports, oldest first.
CREATE INDEX reports_state_submitted_idx ON reports (state, submitted_at);
