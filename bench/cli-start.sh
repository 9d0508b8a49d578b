#!/usr/bin/env bash
# Wall-clock start-up of a trivial CLI command (`orbitdock config get bind`)
# against the 400 ms budget. Runs through ./orbitdock on purpose: launcher
# overhead (JDK lookup, staleness check) is part of what users wait for.
#
# Usage: bench/cli-start.sh [runs]   (default 10)
# Always exits 0 when the command works; the verdict is printed, since
# timings on a shared or cold machine are too noisy to gate on.
set -euo pipefail

runs=${1:-10}
if [[ ! $runs =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [runs]" >&2
  exit 2
fi
target_ms=400

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
launcher=$root/orbitdock

# A fresh home per run of the benchmark keeps the user's real data out of it
# and makes the first-run cost (DB creation) land in the warm-up, not in a sample.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/orbitdock-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export ORBITDOCK_HOME=$tmp/home
mkdir -p "$ORBITDOCK_HOME"

now_ns() { date +%s%N; }

run_once() {
  if ! "$launcher" config get bind >"$tmp/out" 2>"$tmp/err"; then
    echo "bench: '$launcher config get bind' failed:" >&2
    cat "$tmp/err" "$tmp/out" >&2
    exit 1
  fi
}

# Warm-up: may build the jar, creates the database and the CDS archive, so
# the samples measure the steady state users see on every later call.
echo "warm-up (may build the jar, creates DB and CDS archive) …"
run_once

samples=()
for ((i = 1; i <= runs; i++)); do
  start=$(now_ns)
  run_once
  end=$(now_ns)
  ms=$(((end - start) / 1000000))
  samples+=("$ms")
  printf 'run %2d: %5d ms\n' "$i" "$ms"
done

mapfile -t sorted < <(printf '%s\n' "${samples[@]}" | sort -n)
n=${#sorted[@]}
if ((n % 2)); then
  median=${sorted[n / 2]}
else
  median=$(((sorted[n / 2 - 1] + sorted[n / 2]) / 2))
fi

if ((median <= target_ms)); then
  verdict=OK
else
  verdict="OVER TARGET"
fi
printf 'median: %d ms (target %d ms, min %d, max %d) %s\n' \
  "$median" "$target_ms" "${sorted[0]}" "${sorted[n - 1]}" "$verdict"
