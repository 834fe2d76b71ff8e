DROP TABLE audit_events;
DROP TABLE api_keys;
DROP TABLE refresh_tokens;
DROP TABLE user_organisations;
DROP TABLE user_roles;
DROP TABLE users;
