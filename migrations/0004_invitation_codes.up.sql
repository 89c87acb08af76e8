-- Invitation links that prove nothing about the mailbox (the ones shown on
-- the team page for sharing by hand) need a one-time code emailed to the
-- invited address before an account can be created through them. One code
-- per invitation at a time, stored only as an HMAC (under SECRET_KEY, with
-- the invitation's nonce), with an expiry and a count of wrong tries.
--
-- rotated_at records that the invitation's link was replaced because a
-- manager left, was removed or was demoted: the emailed link no longer works
-- until the invitation is resent.
ALTER TABLE invitations
    ADD COLUMN code_hash       bytea,
    ADD COLUMN code_expires_at timestamptz,
    ADD COLUMN code_attempts   integer NOT NULL DEFAULT 0 CHECK (code_attempts >= 0),
    ADD COLUMN rotated_at      timestamptz,
    ADD CONSTRAINT invitations_code_complete CHECK ((code_hash IS NULL) = (code_expires_at IS NULL));
