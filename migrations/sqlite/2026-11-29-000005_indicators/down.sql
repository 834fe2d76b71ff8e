DROP TABLE measurements;
DROP TABLE indicator_agreements;
DROP TABLE indicators;
