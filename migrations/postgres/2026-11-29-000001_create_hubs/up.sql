-- Hubs and the SDG goals they serve. Ids are UUIDv7 strings; timestamps are UTC.
CREATE TABLE hubs (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    summary TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    lead_organisation_name TEXT NOT NULL,
    lead_organisation_country TEXT NOT NULL,
    country TEXT NOT NULL,
    city TEXT,
    modality TEXT NOT NULL CHECK (modality IN ('physical', 'virtual', 'hybrid')),
    status TEXT NOT NULL CHECK (status IN ('active', 'completed', 'suspended', 'archived')),
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    -- Folded (lower case, no accents) name and summary: the same case- and accent-insensitive
    -- search on both backends, whose own LOWER() differ beyond ASCII.
    search_text TEXT NOT NULL,
    -- Folded name, for sorting by name the same way on both backends.
    sort_name TEXT NOT NULL,
    -- Bumped by every change; the ETag of the hub.
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX hubs_status_sort_name_idx ON hubs (status, sort_name);
CREATE INDEX hubs_country_idx ON hubs (country);
CREATE INDEX hubs_updated_at_idx ON hubs (updated_at);

CREATE TABLE hub_sdgs (
    hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    goal INTEGER NOT NULL CHECK (goal BETWEEN 1 AND 17),
    PRIMARY KEY (hub_id, goal)
);

CREATE INDEX hub_sdgs_goal_idx ON hub_sdgs (goal, hub_id);
