-- Roles for docker-compose: the schema owner runs migrations, the
-- application role owns nothing and cannot bypass row-level security.
CREATE ROLE headway_owner LOGIN PASSWORD 'owner-dev-password' NOSUPERUSER NOBYPASSRLS;
CREATE ROLE headway_app LOGIN PASSWORD 'app-dev-password' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE headway OWNER headway_owner;
\connect headway
ALTER SCHEMA public OWNER TO headway_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO headway_app;
