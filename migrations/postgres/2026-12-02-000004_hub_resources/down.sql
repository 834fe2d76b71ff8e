ALTER TABLE hubs DROP COLUMN resources;
