-- One number that every write's transaction raises: an answer computed at one generation stays
-- right until the generation moves, so the metrics keep their answers until the data changes.
CREATE TABLE data_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO data_generation (id, generation) VALUES (1, 0);

-- The observations feed pages by (recorded instant, id): with this index a page is read in
-- order and stops at its size, instead of sorting every measurement first.
CREATE INDEX measurements_created_at_id_idx ON measurements (created_at, id);
