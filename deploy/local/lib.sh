# Shared helpers for the local stack scripts. Sourced, never run.
# Everything the local stack keeps lives under $RUN_DIR (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="$ROOT/.run"
VENV="$ROOT/.venv"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"

log() { printf '\033[1;34m[courtbook]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[courtbook]\033[0m %s\n' "$*" >&2; exit 1; }

# Load .env (made from .env.example when missing) without overriding the caller's environment.
load_env() {
  [ -f "$ROOT/.env" ] || cp "$ROOT/.env.example" "$ROOT/.env"
  local line key
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    key="${line%%=*}"
    [ -n "${!key+x}" ] || export "$line"
  done < "$ROOT/.env"
}

# Run a command as the postgres OS user when we are root (initdb refuses root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
