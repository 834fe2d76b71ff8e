-- Impact indicators, who agreed them (the label's participatory rule), and their measurements.
-- The derived figures (latest, progress, expected progress, on track) are computed, never stored.
CREATE TABLE indicators (
    id TEXT PRIMARY KEY NOT NULL,
    hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    dimension TEXT NOT NULL CHECK (dimension IN ('acceleration', 'synchronization', 'local_global')),
    unit TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('increase', 'decrease')),
    baseline_value DOUBLE PRECISION NOT NULL,
    baseline_date DATE NOT NULL,
    target_value DOUBLE PRECISION NOT NULL,
    target_date DATE NOT NULL,
    sdg_target TEXT,
    -- The declared breakdowns as a JSON object of arrays (JSON columns differ between backends).
    disaggregations TEXT NOT NULL DEFAULT '{}',
    agreed_on DATE,
    sort_name TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX indicators_hub_name_idx ON indicators (hub_id, sort_name);

-- A stakeholder cited here cannot be deleted (the API answers 409 naming the indicators).
CREATE TABLE indicator_agreements (
    indicator_id TEXT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id),
    PRIMARY KEY (indicator_id, stakeholder_id)
);

CREATE INDEX indicator_agreements_stakeholder_idx ON indicator_agreements (stakeholder_id);

CREATE TABLE measurements (
    id TEXT PRIMARY KEY NOT NULL,
    indicator_id TEXT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    value DOUBLE PRECISION NOT NULL,
    measured_on DATE NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    -- NULL for the total; otherwise a JSON object of dimension to value, keys sorted.
    disaggregation TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX measurements_indicator_date_idx ON measurements (indicator_id, measured_on);
