#!/usr/bin/env bash
# The run command (until the Aspire AppHost lands): Azurite on its default local ports, data kept in .azurite/,
# and the Silo (Orleans silo + HTTP API) on http://localhost:5080 in Development, which uses those ports.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/ensure-tools.sh

mkdir -p .azurite
# Node's flags as AzuriteAccount.NodeFlags (a 64 MB young generation: see docs/decisions/0004).
node --max-semi-space-size=64 node_modules/azurite/dist/src/azurite.js --location .azurite --skipApiVersionCheck --disableTelemetry --silent \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
azurite=$!

echo "Azurite: blob 10000, queue 10001, table 10002 (data in .azurite/)"
echo "API:     http://localhost:5080/api/orders   Scalar UI: http://localhost:5080/scalar   OpenAPI: http://localhost:5080/openapi/v1.json"
dotnet run --project src/OrderOrleans.Silo --launch-profile http &
silo=$!
# Ctrl+C or a TERM stops both; Azurite saves its data on the way out.
trap 'trap - EXIT INT TERM; kill "$silo" "$azurite" 2>/dev/null; wait' EXIT INT TERM
wait "$silo"
