DROP TABLE email_changes;
DROP TABLE user_sessions;
