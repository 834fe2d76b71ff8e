-- One number that every write's transaction raises: an answer computed at one generation stays
-- right until the generation moves, so the metrics keep their answers until the data changes.
CREATE TABLE data_generation (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO data_generation (id, generation) VALUES (1, 0);

-- The observations feed pages by (recorded instant, id): with this index a page is read in
-- order and stops at its size, instead of sorting every measurement first.
CREATE INDEX measurements_created_at_id_idx ON measurements (created_at, id);

-- Each indicator's latest total measurement (the latest day, then the latest recorded) and when
-- a total was last recorded, kept by every write of a measurement in its transaction: the
-- figures of thousands of hubs read them instead of picking from a million measurements.
ALTER TABLE indicators ADD COLUMN latest_value DOUBLE PRECISION;
ALTER TABLE indicators ADD COLUMN latest_measured_on DATE;
ALTER TABLE indicators ADD COLUMN last_recorded_at TIMESTAMP;
UPDATE indicators SET
    latest_value = (SELECT m.value FROM measurements m
        WHERE m.indicator_id = indicators.id AND m.disaggregation IS NULL
        ORDER BY m.measured_on DESC, m.created_at DESC LIMIT 1),
    latest_measured_on = (SELECT m.measured_on FROM measurements m
        WHERE m.indicator_id = indicators.id AND m.disaggregation IS NULL
        ORDER BY m.measured_on DESC, m.created_at DESC LIMIT 1),
    last_recorded_at = (SELECT MAX(m.created_at) FROM measurements m
        WHERE m.indicator_id = indicators.id AND m.disaggregation IS NULL);
