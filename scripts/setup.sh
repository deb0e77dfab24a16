#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine with Node 20+:
# pnpm, the workspace's dependencies, and the real clients the tests drive.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.21.0
# Debian's clients belong to the system interpreter, not to the python3 first on PATH.
# wrk is the load generator of `pnpm bench`; pytest runs the follow-graph package's pytest example;
# chromium renders the diff report in the browser tests (playwright-core drives it, no download).
DEBIAN_PACKAGES=(python3-gitlab python3-github python3-pytest gh wrk chromium)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! { /usr/bin/python3 -c "import gitlab, github, pytest" && command -v gh && command -v wrk && command -v chromium; } >/dev/null 2>&1; then
  echo "setup: installing ${DEBIAN_PACKAGES[*]} from Debian"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${DEBIAN_PACKAGES[@]}" >/dev/null ||
    { as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${DEBIAN_PACKAGES[@]}" >/dev/null; }
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" --no-fund --no-audit >/dev/null
fi

pnpm install --frozen-lockfile
