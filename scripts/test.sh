#!/usr/bin/env bash
# The test command: installs what the tests need, runs every test project, prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/ensure-tools.sh --browser

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test OrderOrleans.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, ..." line per test assembly; add them up.
read -r passed failed < <(awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { f += $2; p += $4 } END { print p + 0, f + 0 }' "$log")
echo "$passed passed, $failed failed"
exit "$status"
