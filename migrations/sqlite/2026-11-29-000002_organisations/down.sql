-- SQLite cannot drop a column that references another table: rebuild hubs, keeping its SDG rows
-- aside, since dropping hubs cascades to them.
CREATE TABLE hubs_before AS
SELECT hubs.id, hubs.slug, hubs.name, hubs.summary, hubs.description,
       organisations.name AS lead_organisation_name, organisations.country AS lead_organisation_country,
       hubs.country, hubs.city, hubs.modality, hubs.status, hubs.start_date, hubs.end_date,
       hubs.search_text, hubs.sort_name, hubs.version, hubs.created_at, hubs.updated_at
FROM hubs JOIN organisations ON organisations.id = hubs.lead_organisation_id;
CREATE TABLE hub_sdgs_before AS SELECT hub_id, goal FROM hub_sdgs;

DROP TABLE hub_partners;
DROP TABLE hub_sdgs;
DROP TABLE hubs;
DROP TABLE organisations;

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
    search_text TEXT NOT NULL,
    sort_name TEXT NOT NULL,
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

INSERT INTO hubs SELECT * FROM hubs_before;
INSERT INTO hub_sdgs SELECT * FROM hub_sdgs_before;
DROP TABLE hubs_before;
DROP TABLE hub_sdgs_before;
