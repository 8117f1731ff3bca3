#!/usr/bin/env bash
# Create a database if missing, deploy the sqitch plan into it, and give it the
# settings the stack needs (the JWT secret the SQL signs tokens with).
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
psql -X -q -v ON_ERROR_STOP=1 "$url" -v secret="$JWT_SECRET" -v db="$db" <<'SQL'
alter database :"db" set app.settings.jwt_secret = :'secret';
SQL
