#!/usr/bin/env bash
# Idempotent machine set-up for `make run` and `make test`:
# Debian packages when missing, then a venv at .venv with the project installed.
source "$(dirname "$0")/lib.sh"

PACKAGES=(postgresql postgresql-contrib postgresql-15-pgtap sqitch libdbd-pg-perl
  libtap-parser-sourcehandler-pgtap-perl nginx gettext-base python3-venv openssl curl wrk
  pgbouncer)
# The browser test and the admin build need these too.
PACKAGES+=(chromium nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# A machine may carry its own Node.js (newer than Debian's): keep it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "missing Debian packages; run: sudo apt-get install -y ${missing[*]}"
  fi
fi
# Debian's nginx package starts a system nginx on port 80; we run our own.
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
[ -x "$PG_BIN/initdb" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql"

stamp="$VENV/.installed"
if [ ! -x "$VENV/bin/python" ]; then
  log "creating the venv at .venv"
  python3 -m venv "$VENV"
fi
if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
  log "installing the project into .venv"
  "$VENV/bin/pip" install -q --disable-pip-version-check -U pip
  "$VENV/bin/pip" install -q --disable-pip-version-check -e "$ROOT[test]"
  touch "$stamp"
fi
