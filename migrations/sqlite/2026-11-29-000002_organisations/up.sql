-- Organisations become their own resource: the leads of hubs (rule 1 of the label) and their partners.
CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('local_government', 'regional_government', 'lrg_association', 'civil_society', 'academia', 'private_sector', 'national_government', 'international_organisation')),
    country TEXT NOT NULL,
    region TEXT NOT NULL CHECK (region IN ('africa', 'asia_pacific', 'eurasia', 'europe', 'latin_america', 'middle_east_west_asia', 'north_america', 'metropolis')),
    website TEXT,
    -- Folded name for search and sort, as for hubs; '' marks a row the server refolds at start-up.
    search_text TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX organisations_sort_name_idx ON organisations (sort_name);
CREATE INDEX organisations_country_idx ON organisations (country);
CREATE INDEX organisations_region_idx ON organisations (region);

-- The foundation stored each hub's lead inline (a name and a country). Each distinct pair becomes an
-- organisation that takes the id of the first hub naming it (a UUIDv7 like any other), its region from
-- the country (the same table as `shared`'s default regions), and the kind most leads have, a local
-- government, which the Secretariat corrects where needed. Nothing is lost: name and country move over.
INSERT INTO organisations (id, name, kind, country, region, website, search_text, sort_name, version, created_at, updated_at)
SELECT
    MIN(id),
    lead_organisation_name,
    'local_government',
    lead_organisation_country,
    CASE
        WHEN lead_organisation_country IN ('AD', 'AL', 'AT', 'AX', 'BA', 'BE', 'BG', 'CH', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FO', 'FR', 'GB', 'GG', 'GI', 'GR', 'HR', 'HU', 'IE', 'IM', 'IS', 'IT', 'JE', 'LI', 'LT', 'LU', 'LV', 'MC', 'ME', 'MK', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'RS', 'SE', 'SI', 'SJ', 'SK', 'SM', 'UA', 'VA') THEN 'europe'
        WHEN lead_organisation_country IN ('AE', 'AF', 'BH', 'IL', 'IQ', 'IR', 'JO', 'KW', 'LB', 'OM', 'PK', 'PS', 'QA', 'SA', 'SY', 'TR', 'YE') THEN 'middle_east_west_asia'
        WHEN lead_organisation_country IN ('AG', 'AI', 'AR', 'AW', 'BB', 'BL', 'BO', 'BQ', 'BR', 'BS', 'BZ', 'CL', 'CO', 'CR', 'CU', 'CW', 'DM', 'DO', 'EC', 'FK', 'GD', 'GF', 'GP', 'GT', 'GY', 'HN', 'HT', 'JM', 'KN', 'KY', 'LC', 'MF', 'MQ', 'MS', 'MX', 'NI', 'PA', 'PE', 'PR', 'PY', 'SR', 'SV', 'SX', 'TC', 'TT', 'UY', 'VC', 'VE', 'VG', 'VI') THEN 'latin_america'
        WHEN lead_organisation_country IN ('AM', 'AZ', 'BY', 'GE', 'KG', 'KZ', 'MD', 'RU', 'TJ', 'TM', 'UZ') THEN 'eurasia'
        WHEN lead_organisation_country IN ('AO', 'BF', 'BI', 'BJ', 'BW', 'CD', 'CF', 'CG', 'CI', 'CM', 'CV', 'DJ', 'DZ', 'EG', 'EH', 'ER', 'ET', 'GA', 'GH', 'GM', 'GN', 'GQ', 'GW', 'KE', 'KM', 'LR', 'LS', 'LY', 'MA', 'MG', 'ML', 'MR', 'MU', 'MW', 'MZ', 'NA', 'NE', 'NG', 'RE', 'RW', 'SC', 'SD', 'SH', 'SL', 'SN', 'SO', 'SS', 'ST', 'SZ', 'TD', 'TG', 'TN', 'TZ', 'UG', 'YT', 'ZA', 'ZM', 'ZW') THEN 'africa'
        WHEN lead_organisation_country IN ('AS', 'AU', 'BD', 'BN', 'BT', 'CC', 'CK', 'CN', 'CX', 'CY', 'FJ', 'FM', 'GU', 'HK', 'ID', 'IN', 'JP', 'KH', 'KI', 'KP', 'KR', 'LA', 'LK', 'MH', 'MM', 'MN', 'MO', 'MP', 'MV', 'MY', 'NC', 'NF', 'NP', 'NR', 'NU', 'NZ', 'PF', 'PG', 'PH', 'PW', 'SB', 'SG', 'TH', 'TK', 'TL', 'TO', 'TV', 'TW', 'VN', 'VU', 'WF', 'WS') THEN 'asia_pacific'
        WHEN lead_organisation_country IN ('BM', 'CA', 'GL', 'PM', 'UM', 'US') THEN 'north_america'
        ELSE 'europe'
    END,
    NULL,
    '',
    '',
    1,
    MIN(created_at),
    MIN(created_at)
FROM hubs
GROUP BY lead_organisation_name, lead_organisation_country;

ALTER TABLE hubs ADD COLUMN lead_organisation_id TEXT REFERENCES organisations (id);

UPDATE hubs SET lead_organisation_id = (
    SELECT organisations.id FROM organisations
    WHERE organisations.name = hubs.lead_organisation_name AND organisations.country = hubs.lead_organisation_country
);

-- SQLite cannot add NOT NULL to an existing column without rebuilding the table (which would cascade
-- to hub_sdgs); the server always sets it, and PostgreSQL enforces it.

ALTER TABLE hubs DROP COLUMN lead_organisation_name;
ALTER TABLE hubs DROP COLUMN lead_organisation_country;

CREATE INDEX hubs_lead_organisation_idx ON hubs (lead_organisation_id);

CREATE TABLE hub_partners (
    hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (hub_id, organisation_id)
);

CREATE INDEX hub_partners_organisation_idx ON hub_partners (organisation_id);
