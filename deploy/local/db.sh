#!/usr/bin/env bash
# Create a database if missing, deploy the sqitch plan into it, and give it the
# JWT secret the SQL signs tokens with (into data.signing_key, which only the
# schema owner reads; no longer a database setting anybody can `show`).
# usage: db.sh DATABASE_URL   (postgresql://user@host:port/dbname)
source "$(dirname "$0")/lib.sh"

url="${1:?database url}"
db="${url##*/}"; db="${db%%\?*}"
admin_url="${url%/*}/postgres"
[ -n "${JWT_SECRET:-}" ] || die "JWT_SECRET is not set"
[ "${#JWT_SECRET}" -ge 32 ] || die "JWT_SECRET must be at least 32 characters"

if [ "$(psql -X -At "$admin_url" -c "select 1 from pg_database where datname = '$db'")" != 1 ]; then
  log "creating database $db"
  psql -X -q "$admin_url" -c "create database \"$db\""
fi
(cd "$ROOT/db" && sqitch --quiet deploy "db:${url/postgresql:/pg:}")
# \getenv keeps the secret out of argv; the old readable setting is removed.
psql -X -q -v ON_ERROR_STOP=1 "$url" -v db="$db" <<'SQL'
\getenv secret JWT_SECRET
\o /dev/null
select data.set_jwt_secret(:'secret');
alter database :"db" reset app.settings.jwt_secret;
SQL
