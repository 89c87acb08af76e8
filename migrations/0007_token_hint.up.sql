-- The last four characters of an API token, so that tokens with the same
-- name can be told apart (4 of 43 random characters: nothing to guess from).
ALTER TABLE api_tokens ADD COLUMN hint text NOT NULL DEFAULT '' CHECK (length(hint) <= 4);
