#!/usr/bin/env bash
# Installs what the run and test commands need and a fresh machine lacks: Azurite from npm, pinned in package-lock.json,
# and with --browser, Chromium from Debian for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

wanted=$(node -p "require('./package-lock.json').packages['node_modules/azurite'].version")
installed=$(node -p "try { require('./node_modules/azurite/package.json').version } catch { '' }")
if [ "$installed" != "$wanted" ]; then
  echo "Installing Azurite $wanted (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

# The dashboard's browser tests drive Debian's Chromium (Playwright's own browser download does not work here).
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium (apt-get)..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium
fi
