#!/usr/bin/env bash
# Installs what the run and test commands need and a fresh machine lacks: Azurite from npm, pinned in package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

wanted=$(node -p "require('./package-lock.json').packages['node_modules/azurite'].version")
installed=$(node -p "try { require('./node_modules/azurite/package.json').version } catch { '' }")
if [ "$installed" != "$wanted" ]; then
  echo "Installing Azurite $wanted (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi
