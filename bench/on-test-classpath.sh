#!/usr/bin/env bash
# Runs a Java main on the bench profile's test classpath (JMH and the benchmarks under bench/ compiled in).
# Usage: bench/on-test-classpath.sh <main class> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/find-java.sh
source scripts/find-java.sh
JAVA_HOME="$(orbitdock_java_home)"
export JAVA_HOME
./mvnw -B -q -Pbench -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" "$@"
