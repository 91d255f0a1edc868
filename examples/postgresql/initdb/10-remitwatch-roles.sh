#!/bin/sh
# Run once by the postgres image, as its superuser, when its data volume is new
# (/docker-entrypoint-initdb.d; compose.yaml next to this folder). Makes the
# owner role remitwatch (imports, collections, alerts; the first import
# creates the tables it owns), the read-only role remitwatch_reader (serve and
# other readers) and the database. docs/postgresql.md says what each may do.
set -e

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$REMITWATCH_PASSWORD" -v reader_password="$REMITWATCH_READER_PASSWORD" <<'SQL'
CREATE ROLE remitwatch LOGIN PASSWORD :'owner_password';
CREATE ROLE remitwatch_reader LOGIN PASSWORD :'reader_password';
CREATE DATABASE remitwatch OWNER remitwatch;
\connect remitwatch
GRANT CONNECT ON DATABASE remitwatch TO remitwatch_reader;
GRANT USAGE ON SCHEMA public TO remitwatch_reader;
-- SELECT on every table the owner creates, now or in a later migration.
ALTER DEFAULT PRIVILEGES FOR ROLE remitwatch IN SCHEMA public GRANT SELECT ON TABLES TO remitwatch_reader;
SQL
