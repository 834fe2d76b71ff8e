ALTER TABLE hub_connections DROP COLUMN decided_at;
ALTER TABLE hub_connections DROP COLUMN state;
