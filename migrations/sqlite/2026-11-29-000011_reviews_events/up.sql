-- The advisory board's work: who is assigned to review a proposal, and their reviews (one per
-- reviewer; scores are a JSON object keyed by the label's rules).
CREATE TABLE proposal_reviewers (
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    reviewer_id TEXT NOT NULL REFERENCES users (id),
    assigned_at TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, reviewer_id)
);

CREATE TABLE reviews (
    id TEXT PRIMARY KEY NOT NULL,
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    reviewer_id TEXT NOT NULL REFERENCES users (id),
    scores TEXT NOT NULL,
    recommendation TEXT NOT NULL CHECK (recommendation IN ('grant', 'revise', 'refuse')),
    comment TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (proposal_id, reviewer_id)
);

-- What happened, in order, for the integrations to deliver (webhooks come later).
CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    proposal_id TEXT,
    hub_id TEXT,
    data TEXT NOT NULL
);

CREATE INDEX events_kind_idx ON events (kind);
