#!/usr/bin/env bash
# Writer throughput benchmark (JMH): PersistenceWriter appends vs. a raw JDBC batch, rows/s.
set -euo pipefail
exec "$(dirname "$0")/on-test-classpath.sh" org.openjdk.jmh.Main WriterThroughputBenchmark -rf text \
  -rff target/writer-throughput.txt "$@"
