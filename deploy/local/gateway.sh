#!/usr/bin/env bash
# The API gateway of `make run`, in the foreground: pgrst, or a real PostgREST given the
# same PGRST_* environment (PostgREST's own configuration variables):
#   COURTBOOK_GATEWAY=pgrst              (default) .venv/bin/pgrst
#   COURTBOOK_GATEWAY=postgrest          POSTGREST_BIN=/path/to/postgrest
#   COURTBOOK_GATEWAY=postgrest-docker   the official image (POSTGREST_IMAGE, default
#                                        postgrest/postgrest:v13.0.8) on the host network
source "$(dirname "$0")/lib.sh"

gateway="${COURTBOOK_GATEWAY:-pgrst}"
case "$gateway" in
  pgrst) exec "$VENV/bin/pgrst" ;;
  postgrest)
    [ -n "${POSTGREST_BIN:-}" ] && [ -x "$POSTGREST_BIN" ] \
      || die "COURTBOOK_GATEWAY=postgrest needs POSTGREST_BIN=/path/to/postgrest (an executable)"
    exec "$POSTGREST_BIN" ;;
  postgrest-docker)
    command -v docker >/dev/null || die "COURTBOOK_GATEWAY=postgrest-docker needs docker"
    # host network: PostgREST reaches the cluster on 127.0.0.1 and listens on PGRST_SERVER_PORT;
    # `-e NAME` hands each PGRST_* variable of this environment to the container.
    cmd=(docker run --rm --network host)
    for var in $(compgen -e | grep '^PGRST_' | sort -u); do cmd+=(-e "$var"); done
    exec "${cmd[@]}" "${POSTGREST_IMAGE:-postgrest/postgrest:v13.0.8}" ;;
  *) die "COURTBOOK_GATEWAY=$gateway: use pgrst, postgrest or postgrest-docker" ;;
esac
