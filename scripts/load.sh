#!/usr/bin/env bash
# Sustained load: the run command's configuration (Azurite's Table and Queue services apart; 2 silos on
# Azure Table membership) driven by 16 clients doing create + place + pay for 10 minutes. Prints per minute orders/s,
# command latency, 5xx, projection lag and log bytes, then the targets; writes
# tests/OrderOrleans.Benchmarks/results/load-latest.md and load-latest.json.
# Options: --minutes M (10), --clients N (16), --silos S (2), --persist (Azurite's tables on disk, as the run command's
# -- --Azurite:Persist true).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-tools.sh
dotnet build -c Release src/OrderOrleans.Silo -v q -nologo
dotnet run -c Release --project tests/OrderOrleans.Benchmarks -- load --silo src/OrderOrleans.Silo/bin/Release/net10.0/OrderOrleans.Silo.dll "$@"
