ALTER TABLE indicators DROP COLUMN last_recorded_at;
ALTER TABLE indicators DROP COLUMN latest_measured_on;
ALTER TABLE indicators DROP COLUMN latest_value;
DROP INDEX measurements_created_at_id_idx;
DROP TABLE data_generation;
