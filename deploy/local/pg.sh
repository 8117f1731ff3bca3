#!/usr/bin/env bash
# An embedded PostgreSQL cluster kept under the project.
# usage: pg.sh start|stop|status|destroy DATA_DIR PORT   (destroy: stop, then delete the data)
#        pg.sh stop DATA_DIR PORT immediate                (pg_ctl's shutdown mode; default fast)
# Trust authentication on loopback only; run as the postgres OS user when root.
source "$(dirname "$0")/lib.sh"

cmd="${1:?start|stop|status}"; dir="${2:?data dir}"; port="${3:?port}"
# The cluster runs as the postgres OS user, which must reach its data directory.
# A checkout in a folder only root may enter (/root/...) keeps its clusters under
# /var/tmp instead: one folder per checkout, the same name inside it.
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
  dir="/var/tmp/courtbook-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)/$(basename "$dir")"
fi
mkdir -p "$(dirname "$dir")"

case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      log "initialising a PostgreSQL cluster in ${dir#"$ROOT"/}"
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres: "$dir" "$(dirname "$dir")"
      as_pg "$PG_BIN/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
      cat > /tmp/courtbook-hba.$$ <<HBA
local all all trust
host  all all 127.0.0.1/32 trust
host  all all ::1/128 trust
HBA
      as_pg cp /tmp/courtbook-hba.$$ "$dir/pg_hba.conf"; rm -f /tmp/courtbook-hba.$$
      extra="${PG_EXTRA_CONF:-}"
      as_pg tee -a "$dir/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 256MB
logging_collector = off
log_min_messages = warning
$extra
CONF
    fi
    if as_pg "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      log "PostgreSQL already running on $port"
    else
      as_pg "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 -o "-p $port" start >/dev/null \
        || { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
      log "PostgreSQL running on 127.0.0.1:$port"
    fi
    ;;
  stop)
    if [ -f "$dir/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      mode="${4:-fast}"
      case "$mode" in smart|fast|immediate) ;; *) die "stop mode: smart, fast or immediate" ;; esac
      as_pg "$PG_BIN/pg_ctl" -D "$dir" -m "$mode" -w stop >/dev/null \
        && log "PostgreSQL on $port stopped ($mode)"
    fi
    ;;
  status) as_pg "$PG_BIN/pg_ctl" -D "$dir" status ;;
  destroy)
    "$0" stop "$2" "$port"
    rm -rf "$dir"
    ;;
  *) die "usage: pg.sh start|stop|status|destroy DATA_DIR PORT" ;;
esac
