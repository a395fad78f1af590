#!/usr/bin/env bash
# Benchmarks: ratios against raw Azure Table storage measured in the same run (quick by default, about three minutes; --full for longer;
# --scale [--orders 10000,100000,200000] seeds orders and measures every read query at each size, into results/scale-latest.*).
# Writes tests/OrderOrleans.Benchmarks/results/latest.json and latest.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-tools.sh
dotnet run -c Release --project tests/OrderOrleans.Benchmarks -- "$@"
