DROP TABLE activities;
DROP TABLE hub_connections;
