#!/usr/bin/env bash
# One entry point that sets everything up on a fresh machine, then runs a task.
#   bash scripts/run.sh serve   # the course at http://localhost:4321
#   bash scripts/run.sh test    # every test: units, astro check, end-to-end + axe
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

# Install dependencies when they are missing or older than the lockfile.
if [ "${CI:-}" = "true" ] || [ ! -f node_modules/.package-lock.json ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

case "${1:-}" in
  serve)
    exec npm run dev -- --port 4321 ;;
  test)
    npm test ;;
  *)
    echo "usage: bash scripts/run.sh serve|test" >&2; exit 2 ;;
esac
