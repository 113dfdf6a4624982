#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than the lockfile.
# `npm ci` is avoided on purpose: this registry mirror lacks some non-Linux optional
# packages that a lockfile made here omits, and `npm ci` rejects that (docs/decisions.md).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.tributary-lock.sha256
want=$(sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
echo "[deps] installing npm dependencies (lockfile changed or node_modules missing)..."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
before=$(sha256sum package-lock.json | cut -d' ' -f1)
npm install --no-audit --no-fund --loglevel=error
after=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$before" != "$after" ]; then
  echo "[deps] warning: npm install changed package-lock.json; commit the new lockfile" >&2
fi
sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1 > "$stamp"
