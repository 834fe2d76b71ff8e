ALTER TABLE hubs DROP COLUMN proposal_id;
ALTER TABLE hubs DROP COLUMN label_granted_on;
DROP TABLE proposals;
