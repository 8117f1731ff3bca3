#!/usr/bin/env bash
# compose's migrate service (official sqitch/sqitch image, the repo mounted read-only at
# /repo): deploy the sqitch plan with verification, then give the stack what is not in
# the plan because it is secret: the passwords of the login roles and the JWT secret
# the SQL signs tokens with (stored in data.signing_key, a table only the schema
# owner reads: no login or API role can see it). Idempotent: run it on every
# `docker compose up`. It refuses to run with any secret copied from .env.example
# (those values are published with the code).
#
# Settings (environment):
#   PGHOST, PGPORT [5432], PGUSER, PGPASSWORD, PGDATABASE   the database, as the role
#                           that owns the schema (the superuser in compose)
#   JWT_SECRET              at least 32 characters (PostgREST refuses shorter ones)
#   AUTHENTICATOR_PASSWORD  password of `authenticator` (PostgREST)
#   WEBHOOK_DB_PASSWORD     password of `webhook_service` (the webhook service)
#   WORKER_DB_PASSWORD      password of `worker_service` (the worker)
#   SQITCH_PROJECT_DIR      the sqitch project [/repo/db]
#   ENV_EXAMPLE             the published example settings [SQITCH_PROJECT_DIR/../.env.example]
#   PGPASSWORD, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET   checked against it too when set
#   MIGRATE_WAIT_SECONDS    how long to wait for the database [60]
set -euo pipefail

log() { printf '{"time":"%s","service":"migrate","level":"%s","message":"%s"}\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2"; }
die() { log error "$1"; exit 1; }

for var in PGHOST PGUSER PGDATABASE JWT_SECRET AUTHENTICATOR_PASSWORD WEBHOOK_DB_PASSWORD \
  WORKER_DB_PASSWORD; do
  [ -n "${!var:-}" ] || die "$var is not set"
done
[ "${#JWT_SECRET}" -ge 32 ] || die "JWT_SECRET must be at least 32 characters"
for var in AUTHENTICATOR_PASSWORD WEBHOOK_DB_PASSWORD WORKER_DB_PASSWORD; do
  # They go into connection URLs (postgres://role:password@host/db) unencoded.
  [[ "${!var}" =~ ^[A-Za-z0-9._~-]{16,}$ ]] ||
    die "$var must be at least 16 URL-safe characters (e.g. openssl rand -hex 24)"
done
export PGPORT="${PGPORT:-5432}" PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"
project="${SQITCH_PROJECT_DIR:-/repo/db}"
[ -f "$project/sqitch.plan" ] || die "no sqitch plan in $project"

# No secret may be one of .env.example's: every value of a secret-named variable there
# (set or commented out) is public. Compared against every secret this step sees.
example="${ENV_EXAMPLE:-$project/../.env.example}"
if [ -f "$example" ]; then
  published=$(sed -nE 's/^#? *[A-Z0-9_]*(SECRET|PASSWORD|_KEY|TOKEN|_SID|DSN)[A-Z0-9_]*=(.+)$/\2/p' "$example" |
    sed -E 's/[[:space:]]+$//' | grep -v '^$' || true)
  for var in JWT_SECRET AUTHENTICATOR_PASSWORD WEBHOOK_DB_PASSWORD WORKER_DB_PASSWORD PGPASSWORD \
    STRIPE_SECRET_KEY STRIPE_WEBHOOK_SECRET; do
    value="${!var:-}"
    [ -n "$value" ] || continue
    if printf '%s\n' "$published" | grep -qxF -- "$value"; then
      die "$var is a value published in .env.example: set a secret of your own (e.g. openssl rand -hex 32)"
    fi
  done
else
  log warning "no $example to check the secrets against"
fi

deadline=$(($(date +%s) + ${MIGRATE_WAIT_SECONDS:-60}))
until psql -X -q -At -c 'select 1' >/dev/null 2>&1; do
  [ "$(date +%s)" -lt "$deadline" ] || die "database $PGHOST:$PGPORT/$PGDATABASE not reachable"
  sleep 1
done

log info "sqitch deploy to $PGHOST:$PGPORT/$PGDATABASE"
export SQITCH_PASSWORD="${PGPASSWORD:-}"
export SQITCH_FULLNAME="${SQITCH_FULLNAME:-courtbook migrate}"
export SQITCH_EMAIL="${SQITCH_EMAIL:-migrate@courtbook.invalid}"
(cd "$project" && sqitch deploy --verify "db:pg://$PGUSER@$PGHOST:$PGPORT/$PGDATABASE") ||
  die "sqitch deploy failed (nothing after the failing change was deployed)"

log info "setting login-role passwords and the JWT signing secret"
# \getenv keeps the secrets out of argv (psql 15+); :'x' quotes them as literals.
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
\getenv authenticator_password AUTHENTICATOR_PASSWORD
\getenv webhook_password WEBHOOK_DB_PASSWORD
\getenv worker_password WORKER_DB_PASSWORD
\getenv jwt_secret JWT_SECRET
\getenv db PGDATABASE
-- Keep the passwords out of the server log (only a superuser may change this).
select set_config('log_statement', 'none', false)
  from pg_roles where rolname = current_user and rolsuper \gset
alter role authenticator with login password :'authenticator_password';
alter role webhook_service with login password :'webhook_password';
alter role worker_service with login password :'worker_password';
-- The signing secret lives in data.signing_key (owner-only), no longer in a database
-- setting every role could read; an old one is removed.
select data.set_jwt_secret(:'jwt_secret') \gset
alter database :"db" reset app.settings.jwt_secret;
SQL
log info "migrate done"
