-- A connection is a request until the other hub's managers (or an admin) accept it: only
-- accepted connections are public and counted. Connections recorded before this were made
-- without asking and are kept as accepted.
ALTER TABLE hub_connections ADD COLUMN state TEXT NOT NULL DEFAULT 'accepted'
    CHECK (state IN ('requested', 'accepted', 'declined'));
ALTER TABLE hub_connections ADD COLUMN decided_at TIMESTAMP;
