-- The normalized emails stay as they are (the original forms are not kept,
-- and every one of them is a valid address); only the constraints go.
ALTER TABLE invitations DROP CONSTRAINT invitations_email_normalized;
ALTER TABLE users DROP CONSTRAINT users_email_normalized;
