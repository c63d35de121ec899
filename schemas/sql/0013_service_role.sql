-- xmatch schema, version 13: the database role the services run as.
--
-- The tables belong to the role that runs `xmatch db migrate` (the owner: migrations,
-- roll and payments imports, which rebuild indexes). `xmatch serve`, `connect` and
-- `match` connect as a login role that is a member of xmatch_app and not the owner, so:
--   - audit_log: SELECT and INSERT only. The service can neither change nor remove an
--     audit row (nor TRUNCATE), and cannot drop or disable the append-only trigger of
--     version 1 either: that takes the owner;
--   - schema_migrations: SELECT only (`/readyz` compares versions);
--   - every other table: SELECT, INSERT, UPDATE, DELETE; its sequences: USAGE, SELECT.
-- Tables and sequences that later versions create get the same (default privileges of
-- the owner). xmatch_app cannot log in; create the service's login role in it (e.g.
-- `createuser -g xmatch_app xmatch`, docs/runbook.md "Install"). Roles belong to the
-- PostgreSQL cluster, not the database: an owner without CREATEROLE needs xmatch_app
-- created for it beforehand (`CREATE ROLE xmatch_app NOLOGIN` as postgres).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'xmatch_app') THEN
    IF NOT (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
      RAISE EXCEPTION 'role xmatch_app does not exist and % may not create roles', current_user
        USING HINT = 'as the postgres user run: CREATE ROLE xmatch_app NOLOGIN; then migrate again';
    END IF;
    CREATE ROLE xmatch_app NOLOGIN;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO xmatch_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO xmatch_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO xmatch_app;
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM xmatch_app;
REVOKE UPDATE, DELETE ON audit_log FROM xmatch_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO xmatch_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO xmatch_app;
