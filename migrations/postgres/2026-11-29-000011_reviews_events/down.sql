DROP TABLE events;
DROP TABLE reviews;
DROP TABLE proposal_reviewers;
