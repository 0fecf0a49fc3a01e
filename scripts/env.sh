# Source this file: it puts a Node >= 22.12 first on PATH.
# The machine's own Node is used when it is new enough; otherwise (e.g. Debian 12's
# Node 20) the npm registry's `node` package is installed once into .tools/node and
# used for this project only. Nobody with a recent Node downloads a second one.
stagecraft_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
stagecraft_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! stagecraft_node_ok; then
  tools="$stagecraft_root/.tools/node"
  if [ ! -x "$tools/bin/node" ]; then
    echo "stagecraft: Node $(node --version 2>/dev/null || echo '(none)') is older than 22.12; installing node@24 from the npm registry into .tools/node" >&2
    command -v npm >/dev/null 2>&1 || { echo "stagecraft: npm is needed to fetch Node 24; install Node.js first" >&2; return 1; }
    # Run from an empty folder so the package's own install script sees no project
    # settings. npm may warn that the script is unreviewed; it still runs it.
    mkdir -p "$tools" && (cd "$tools" && npm install --global --prefix "$tools" --no-audit --no-fund node@24) >&2 || return 1
  fi
  export PATH="$tools/bin:$PATH"
  stagecraft_node_ok || { echo "stagecraft: $tools/bin/node is not Node >= 22.12 (install scripts skipped?)" >&2; return 1; }
fi
export ASTRO_TELEMETRY_DISABLED=1
