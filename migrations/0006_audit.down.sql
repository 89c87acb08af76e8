DROP TABLE user_events;
DROP TABLE audit_events;
