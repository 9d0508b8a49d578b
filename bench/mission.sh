#!/usr/bin/env bash
# Mission benchmarks (issue 3): dispatch overhead and 200-issue throughput/CPU. Usage: bench/mission.sh [dispatch|throughput|all]
set -euo pipefail
exec "$(dirname "$0")/on-test-classpath.sh" dev.orbitdock.bench.MissionBenchmark "${1:-all}"
