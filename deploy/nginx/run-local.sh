#!/usr/bin/env bash
# nginx in front of the local stack: TLS on 127.0.0.1:8443 (self-signed certificate made
# at the first run), /api/ -> pgrst, /payments/ /stripe/ /health -> the webhook service,
# /admin/ -> admin/dist. Renders the same templates as compose (deploy/nginx/templates),
# checks them with `nginx -t`, then runs nginx in the foreground (its own instance, not
# the system service; JSON access log on stdout, errors on stderr).
#
# usage: deploy/nginx/run-local.sh [--check]   (--check: render and `nginx -t` only)
#
# Settings (environment; defaults in brackets):
#   NGINX_PREFIX            working dir: rendered config, pid, temp files, certificate
#                           [.run/nginx]
#   NGINX_BIND              address to listen on [127.0.0.1]
#   NGINX_HTTPS_PORT        HTTPS port [8443]
#   NGINX_HTTP_PORT         also serve plain HTTP (redirect to HTTPS) on this port [unset]
#   NGINX_PGRST_UPSTREAM    pgrst host:port [127.0.0.1:$PGRST_SERVER_PORT or 3000]
#   NGINX_PGRST_READ_UPSTREAM  pgrst for the stale-tolerant reads (available_slots, search_slots,
#                           nearby_venues) [NGINX_PGRST_UPSTREAM]
#   NGINX_PGRST_READ_BACKUP    where those reads go when the read pgrst fails [NGINX_PGRST_UPSTREAM]
#   NGINX_WEBHOOK_UPSTREAM  webhook host:port [127.0.0.1:$WEBHOOK_PORT or 8000]
#   NGINX_ADMIN_ROOT        admin build [admin/dist]
#   NGINX_SSL_CERT, NGINX_SSL_KEY   certificate and key [self-signed, under NGINX_PREFIX]
#   DOMAIN                  API host name [localhost]; admin also on admin.$DOMAIN
#   NGINX_BIN               nginx binary [nginx, else /usr/sbin/nginx]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
log() { printf '\033[1;34m[nginx]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[nginx]\033[0m %s\n' "$*" >&2; exit 1; }

check_only=0
case "${1:-}" in
  --check) check_only=1 ;;
  '') ;;
  *) die "usage: run-local.sh [--check]" ;;
esac

nginx_bin="${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}"
[ -x "$nginx_bin" ] || die "nginx not found (apt-get install nginx)"
python="$(command -v python3 || true)"
[ -x "$root/.venv/bin/python" ] && python="$root/.venv/bin/python"
[ -n "$python" ] || die "python3 not found"

prefix="${NGINX_PREFIX:-$root/.run/nginx}"
mkdir -p "$prefix/conf" "$prefix/tmp"
# nginx's workers run as nobody when we are root: they must reach the temp dirs.
chmod 755 "$prefix" "$prefix/conf" "$prefix/tmp"
prefix="$(cd "$prefix" && pwd)"

export DOMAIN="${DOMAIN:-localhost}"
export NGINX_HTTPS_LISTEN="${NGINX_BIND:-127.0.0.1}:${NGINX_HTTPS_PORT:-8443}"
export NGINX_PGRST_UPSTREAM="${NGINX_PGRST_UPSTREAM:-127.0.0.1:${PGRST_SERVER_PORT:-3000}}"
export NGINX_PGRST_READ_UPSTREAM="${NGINX_PGRST_READ_UPSTREAM:-$NGINX_PGRST_UPSTREAM}"
export NGINX_PGRST_READ_BACKUP="${NGINX_PGRST_READ_BACKUP:-$NGINX_PGRST_UPSTREAM}"
export NGINX_WEBHOOK_UPSTREAM="${NGINX_WEBHOOK_UPSTREAM:-127.0.0.1:${WEBHOOK_PORT:-8000}}"
export NGINX_ADMIN_ROOT="${NGINX_ADMIN_ROOT:-$root/admin/dist}"
export NGINX_SSL_CERT="${NGINX_SSL_CERT:-$prefix/cert.pem}"
export NGINX_SSL_KEY="${NGINX_SSL_KEY:-$prefix/key.pem}"
export NGINX_CONF_DIR="$prefix/conf"
export NGINX_RUN_DIR="$prefix/tmp"
if [ "$(id -u)" = 0 ]; then
  # Workers drop to nobody, unless this checkout sits where nobody may not enter
  # (e.g. under /root): then this loopback-only development nginx keeps root.
  if runuser -u nobody -- test -x "$prefix/tmp" 2>/dev/null &&
     { [ ! -d "$NGINX_ADMIN_ROOT" ] || runuser -u nobody -- test -r "$NGINX_ADMIN_ROOT" 2>/dev/null; }; then
    export NGINX_WORKER_USER="nobody nogroup"
  else
    log "nobody cannot reach $prefix or $NGINX_ADMIN_ROOT: nginx workers run as root (loopback only)"
    export NGINX_WORKER_USER="root root"
  fi
else
  export NGINX_WORKER_USER="$(id -un) $(id -gn)"   # ignored (with a warning) when not root
fi

if [ ! -s "$NGINX_SSL_CERT" ] || [ ! -s "$NGINX_SSL_KEY" ]; then
  log "making a self-signed certificate for $DOMAIN in ${NGINX_SSL_CERT%/*}"
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -sha256 \
    -subj "/CN=$DOMAIN" \
    -addext "subjectAltName=DNS:$DOMAIN,DNS:admin.$DOMAIN,IP:127.0.0.1" \
    -keyout "$NGINX_SSL_KEY" -out "$NGINX_SSL_CERT" 2>/dev/null
  chmod 600 "$NGINX_SSL_KEY"
fi
[ -d "$NGINX_ADMIN_ROOT" ] || log "no admin build at $NGINX_ADMIN_ROOT yet: /admin/ answers 404"

templates=("$here/templates/nginx.conf.template" "$here/templates/courtbook.conf.template"
  "$here/templates/courtbook-locations.inc.template")
rm -f "$prefix/conf/courtbook-http.conf"
if [ -n "${NGINX_HTTP_PORT:-}" ]; then
  export NGINX_HTTP_LISTEN="${NGINX_BIND:-127.0.0.1}:$NGINX_HTTP_PORT"
  export NGINX_ACME_ROOT="$prefix/acme"
  mkdir -p "$NGINX_ACME_ROOT"
  templates+=("$here/templates/courtbook-http.conf.template")
fi
"$python" "$here/render.py" "$prefix/conf" "${templates[@]}"

conf="$prefix/conf/nginx.conf"
args=(-p "$prefix/" -c "$conf" -e stderr)
"$nginx_bin" "${args[@]}" -t -q || die "nginx -t failed on $conf"
[ "$check_only" = 1 ] && { log "configuration OK: $conf"; exit 0; }

log "https://$NGINX_HTTPS_LISTEN -> pgrst $NGINX_PGRST_UPSTREAM, webhook $NGINX_WEBHOOK_UPSTREAM"
exec "$nginx_bin" "${args[@]}" -g 'daemon off;'
