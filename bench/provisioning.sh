#!/usr/bin/env bash
# Provisioning overhead (issue 6): OrbitDock's share of create + start over the provider's own work, with the fake
# Daytona and with ssh on loopback (needs OpenSSH's sshd). Usage: bench/provisioning.sh [daytona|ssh|all] [runs]
set -euo pipefail
mode="${1:-all}"
runs="${2:-30}"
here="$(dirname "$0")"
if [[ "$mode" == daytona || "$mode" == all ]]; then
  "$here/on-test-classpath.sh" dev.orbitdock.workspace.daytona.DaytonaProvisioningBenchmark "$runs"
fi
if [[ "$mode" == ssh || "$mode" == all ]]; then
  "$here/on-test-classpath.sh" dev.orbitdock.workspace.ssh.SshProvisioningBenchmark "$runs"
fi
