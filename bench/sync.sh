#!/usr/bin/env bash
# Sync benchmarks (issue 5): end-to-end throughput vs. raw writer, lag at 1 000/s, 200-workspace fan-in.
# Usage: bench/sync.sh [throughput|lag|fanin|all]
set -euo pipefail
exec "$(dirname "$0")/on-test-classpath.sh" dev.orbitdock.bench.SyncBenchmark "${1:-all}"
