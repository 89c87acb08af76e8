ALTER TABLE invitations
    DROP CONSTRAINT invitations_code_complete,
    DROP COLUMN rotated_at,
    DROP COLUMN code_attempts,
    DROP COLUMN code_expires_at,
    DROP COLUMN code_hash;
