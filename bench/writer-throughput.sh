#!/usr/bin/env bash
# Writer throughput benchmark (JMH): PersistenceWriter appends vs. a raw JDBC batch, rows/s.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/find-java.sh
source scripts/find-java.sh
JAVA_HOME="$(orbitdock_java_home)"
export JAVA_HOME
./mvnw -B -q -Pbench -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.openjdk.jmh.Main WriterThroughputBenchmark -rf text -rff target/writer-throughput.txt "$@"
