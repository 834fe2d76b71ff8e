DROP INDEX measurements_created_at_id_idx;
DROP TABLE data_generation;
