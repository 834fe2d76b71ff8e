ALTER TABLE hubs ADD COLUMN lead_organisation_name TEXT;
ALTER TABLE hubs ADD COLUMN lead_organisation_country TEXT;
UPDATE hubs SET
    lead_organisation_name = (SELECT name FROM organisations WHERE organisations.id = hubs.lead_organisation_id),
    lead_organisation_country = (SELECT country FROM organisations WHERE organisations.id = hubs.lead_organisation_id);
ALTER TABLE hubs ALTER COLUMN lead_organisation_name SET NOT NULL;
ALTER TABLE hubs ALTER COLUMN lead_organisation_country SET NOT NULL;
DROP TABLE hub_partners;
ALTER TABLE hubs DROP COLUMN lead_organisation_id;
DROP TABLE organisations;
