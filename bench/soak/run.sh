#!/usr/bin/env bash
# `make soak` (issue 22): the soak of bench/soak/run.py (its docstring lists the SOAK_*
# settings). Like `make test`, none of the stack's settings (.env or the caller's shell)
# leak into it: it starts its own cluster and services on free ports with a test secret.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
for var in $(grep -oE '^#? ?[A-Z][A-Z0-9_]*=' "$ROOT/.env.example" | tr -d '#= '); do
  unset "$var"
done
export JWT_SECRET="local-dev-secret-change-me-0123456789abcdef"
exec "$ROOT/.venv/bin/python" -m bench.soak.run "$@"
