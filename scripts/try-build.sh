#!/usr/bin/env bash
# Builds the site from a private copy of the working tree, so several people (or
# helpers) can check their lessons at once without sharing dist/ or Astro's cache.
#   bash scripts/try-build.sh            # prints where the built site is
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
tmp=$(mktemp -d /tmp/stagecraft-try.XXXXXX)
tar --exclude=./node_modules --exclude=./dist --exclude=./.astro --exclude=./.tools --exclude=./.git -cf - . | (cd "$tmp" && tar xf -)
ln -s "$PWD/node_modules" "$tmp/node_modules"
cd "$tmp"
STAGECRAFT_CACHE_DIR="$tmp/.cache" npx astro build --silent 2>&1 | grep -v '^\s*$' || true
test -f dist/index.html || { echo "try-build: the build failed (see above)" >&2; exit 1; }
echo "built: $tmp/dist"
