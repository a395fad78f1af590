#!/usr/bin/env bash
# Installs what the run and test commands need and a fresh machine lacks: Azurite and the OpenAPI linter (Redocly CLI)
# from npm, pinned in package-lock.json, and with --browser, Chromium from Debian for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm ci again whenever an installed tool's version differs from the lock (or it is missing).
stale=$(node -e "
  const lock = require('./package-lock.json').packages;
  const names = Object.keys(require('./package.json').devDependencies);
  const installed = n => { try { return require('./node_modules/' + n + '/package.json').version } catch { return '' } };
  console.log(names.filter(n => installed(n) !== lock['node_modules/' + n].version).join(' '));")
if [ -n "$stale" ]; then
  echo "Installing $stale from package-lock.json (npm ci)..."
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
