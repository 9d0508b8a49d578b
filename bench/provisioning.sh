#!/usr/bin/env bash
# Provisioning overhead (issue 6): OrbitDock's share of create + start over the provider's own work, with the fake
# Daytona and with ssh on loopback (needs OpenSSH's sshd). Usage: bench/provisioning.sh [daytona|ssh|all] [runs]
set -euo pipefail
exec "$(dirname "$0")/on-test-classpath.sh" dev.orbitdock.bench.ProvisioningBenchmark "${1:-all}" "${2:-30}"
