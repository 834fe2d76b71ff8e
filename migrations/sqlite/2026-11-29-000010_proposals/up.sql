-- Proposals under calls. A proposal's content (title, summary, planned deliverables,
-- stakeholders, indicators…) is one JSON document: drafts are saved partially and read whole,
-- and only the state, the call and the organisation are filtered on.
CREATE TABLE proposals (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'under_review', 'accepted', 'rejected', 'withdrawn')),
    content TEXT NOT NULL,
    hub_id TEXT REFERENCES hubs (id),
    submitted_at TIMESTAMP,
    decided_at TIMESTAMP,
    decision_reason TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX proposals_call_idx ON proposals (call_id);
CREATE INDEX proposals_organisation_idx ON proposals (organisation_id);
CREATE INDEX proposals_state_idx ON proposals (state);

-- A labelled hub records when UCLG granted the label and the proposal it came from.
ALTER TABLE hubs ADD COLUMN label_granted_on DATE;
ALTER TABLE hubs ADD COLUMN proposal_id TEXT;
