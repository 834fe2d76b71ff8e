-- Calls for proposals. Titles and descriptions are JSON objects {en, fr, es}; the focus SDGs
-- and manifestos are JSON arrays (read whole with the call, never filtered on). A call's state
-- is not stored: it follows from its dates.
CREATE TABLE calls (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    opens_on DATE NOT NULL,
    closes_on DATE NOT NULL,
    sdgs TEXT NOT NULL DEFAULT '[]',
    manifestos TEXT NOT NULL DEFAULT '[]',
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (closes_on >= opens_on)
);

CREATE INDEX calls_dates_idx ON calls (opens_on, closes_on);
