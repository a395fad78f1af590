#!/usr/bin/env bash
# The test command: installs what the tests need, runs every test project, prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/ensure-tools.sh --browser

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
# One test project at a time (-m:1): the browser tests' "on screen within two seconds" must not share the two cores
# with the load and outage tests of the other projects.
dotnet test OrderOrleans.sln -m:1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, ..." line per test assembly; add them up.
read -r passed failed < <(awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { f += $2; p += $4 } END { print p + 0, f + 0 }' "$log")
echo "$passed passed, $failed failed"
exit "$status"
