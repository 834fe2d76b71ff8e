-- Attempts counted against the sign-in, refresh and password-change limits, per key (a SHA-256
-- digest of what is limited: an address, an account from an address) and fixed window. Kept in
-- the database so that every instance counts the same attempts.
CREATE TABLE attempt_counts (
    key TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (key, window_start)
);

CREATE INDEX attempt_counts_window_idx ON attempt_counts (window_start);
