-- The people and bodies involved in a hub. Contact details are private to the hub's managers;
-- the API's public view never reads them out.
CREATE TABLE stakeholders (
    id TEXT PRIMARY KEY NOT NULL,
    hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('citizens_group', 'civil_society', 'academia', 'private_sector', 'local_regional_government', 'national_government', 'international_organisation', 'uclg_body')),
    role TEXT NOT NULL CHECK (role IN ('partner', 'participant', 'funder', 'expert')),
    took_part_in_criteria BOOLEAN NOT NULL DEFAULT FALSE,
    contact_email TEXT,
    contact_phone TEXT,
    sort_name TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX stakeholders_hub_name_idx ON stakeholders (hub_id, sort_name);
