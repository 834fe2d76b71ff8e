DROP TABLE hub_sdgs;
DROP TABLE hubs;
