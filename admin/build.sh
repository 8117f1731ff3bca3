#!/usr/bin/env bash
# Build the admin panel into admin/dist when needed (called by `make run` and `make test`).
#   - `npm ci` when node_modules is missing or package-lock.json changed since the last install
#   - `npm run build` (tsc + vite) when the sources changed since the last build (a stamp in dist)
# The new build is made in dist.tmp and swapped in, so nginx never serves a half-written one.
# usage: admin/build.sh [--force]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
log() { printf '\033[1;34m[admin]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[admin]\033[0m %s\n' "$*" >&2; exit 1; }

force=0
[ "${1:-}" = "--force" ] && force=1

command -v node >/dev/null || die "node not found (install Debian's nodejs and npm)"
command -v npm >/dev/null || die "npm not found (install Debian's npm)"
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 18 ] || die "Node.js >= 18 needed, found $(node -v)"

# One build at a time (make run and make test may both call this).
exec 9>"$here/.build.lock"
flock 9

hash_of() { sha256sum "$@" | sha256sum | cut -c1-64; }

lock_hash="$(hash_of package.json package-lock.json)"
if [ ! -d node_modules ] || [ "$(cat node_modules/.courtbook-lock 2>/dev/null)" != "$lock_hash" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" > node_modules/.courtbook-lock
fi

src_hash="$(hash_of package-lock.json index.html vite.config.ts tsconfig.json $(find src -type f | LC_ALL=C sort))"
if [ "$force" = 0 ] && [ -f dist/index.html ] && [ "$(cat dist/.build-stamp 2>/dev/null)" = "$src_hash" ]; then
  log "admin/dist is up to date"
  exit 0
fi

log "building admin/dist"
rm -rf dist.tmp dist.old
npx --no-install tsc --noEmit >&2
npx --no-install vite build --outDir dist.tmp --emptyOutDir --logLevel warn >&2
echo "$src_hash" > dist.tmp/.build-stamp
[ -d dist ] && mv dist dist.old
mv dist.tmp dist
rm -rf dist.old
js_gz="$(cat dist/assets/*.js | gzip -9 | wc -c)"
log "built admin/dist (JavaScript: $(( js_gz / 1024 )) KiB gzipped)"
