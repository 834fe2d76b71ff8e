-- The resources a hub mobilises (staff, in-kind, financing), for the UN SDG Actions record.
ALTER TABLE hubs ADD COLUMN resources TEXT NOT NULL DEFAULT '';
