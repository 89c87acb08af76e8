ALTER TABLE users DROP COLUMN IF EXISTS session_epoch;
DROP TABLE IF EXISTS password_resets;
DROP TABLE IF EXISTS api_tokens;
DROP TABLE IF EXISTS invitations;
