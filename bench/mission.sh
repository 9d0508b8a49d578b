#!/usr/bin/env bash
# Mission benchmarks (issue 3): dispatch overhead and 200-issue throughput/CPU. Usage: bench/mission.sh [dispatch|throughput|all]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/find-java.sh
source scripts/find-java.sh
JAVA_HOME="$(orbitdock_java_home)"
export JAVA_HOME
./mvnw -B -q -Pbench -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.orbitdock.bench.MissionBenchmark "${1:-all}"
