#!/usr/bin/env bash
# CI smoke run of the side-by-side benchmark (docs/benchmarks.md): every workload in --quick mode against
# OrleansRegistry (embedded) and CNCF Distribution (filesystem), about half a minute, then the pull-through
# workload (9) against Distribution's proxy mode, a few seconds. It checks only that the
# run completes and that every workload produced numbers for both registries; no timing threshold anywhere,
# since CI machines are shared and noisy. The tool itself exits non-zero when a workload fails or lacks a number.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DEBIAN_FRONTEND=noninteractive

if ! command -v docker-registry >/dev/null 2>&1 && [ ! -x /usr/bin/docker-registry ]; then
  echo "== installing docker-registry (CNCF Distribution, the baseline)"
  apt-get install -y --no-install-recommends docker-registry >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends docker-registry >/dev/null; }
fi

markdown="$(mktemp --suffix=.md)"
pull_through="$(mktemp --suffix=.md)"
trap 'rm -f "$markdown" "$pull_through"' EXIT
echo "== dotnet run -c Release --project bench/OrleansRegistry.Bench -- --quick"
timeout 600 dotnet run -c Release --project bench/OrleansRegistry.Bench -- --quick --markdown "$markdown" </dev/null
echo "== dotnet run -c Release --project bench/OrleansRegistry.Bench -- --quick --workloads 9"
timeout 600 dotnet run -c Release --no-build --project bench/OrleansRegistry.Bench -- --quick --workloads 9 --markdown "$pull_through" </dev/null

# Every metric row has a median for both registries (columns 7 and 8 of the markdown table), or it is a
# row only ours can have: a per-process row (the silo, in cluster mode), or a pull of an image pushed to the
# cache (Distribution in proxy mode takes no pushes).
check() {
  local file="$1" least="$2" rows missing
  rows=$(grep -cE '^\| [0-9] \|' "$file" || true)
  missing=$(awk -F'|' '/^\| [0-9] \|/ && ($7 ~ /^ *-? *$/ || $8 ~ /^ *- *$/) && $3 !~ /silo|local/' "$file")
  if [ "$rows" -lt "$least" ] || [ -n "$missing" ]; then
    echo "bench/quick.sh: expected numbers for both registries in every row of $file; got $rows rows, missing:" >&2
    echo "$missing" >&2
    exit 1
  fi
  echo "bench/quick.sh: $rows metrics measured on both registries"
}
check "$markdown" 20
check "$pull_through" 7
