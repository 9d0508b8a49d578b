#!/usr/bin/env bash
# Agent output ingestion (JMH): a 10 000-line recorded claude / codex stream through mapper + recorder + SQLite, lines/s.
set -euo pipefail
exec "$(dirname "$0")/on-test-classpath.sh" org.openjdk.jmh.Main AgentIngestBenchmark -rf text \
  -rff target/agent-ingest.txt "$@"
