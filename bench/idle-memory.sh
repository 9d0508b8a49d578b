#!/usr/bin/env bash
# Resident memory of an idle `orbitdock start` server against the 200 MiB
# budget. RSS (not heap) is what the budget is about: it is what the machine
# actually gives up, metaspace, thread stacks and code cache included.
#
# Usage: bench/idle-memory.sh [idle-seconds]   (default 60)
# Linux only (reads /proc). Needs curl.
set -euo pipefail

idle=${1:-60}
if [[ ! $idle =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [idle-seconds]" >&2
  exit 2
fi
target_mib=200
health_timeout=60
# A first run may build the jar before the JVM starts; Maven gets this long.
build_timeout=900
stop_timeout=30

if ! command -v curl >/dev/null 2>&1; then
  echo "bench: curl is required" >&2
  exit 1
fi
if [[ ! -d /proc/self ]]; then
  echo "bench: needs /proc (Linux)" >&2
  exit 1
fi

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/orbitdock-bench.XXXXXX")
export ORBITDOCK_HOME=$tmp/home
mkdir -p "$ORBITDOCK_HOME"
log=$tmp/server.log
pid=''

cleanup() {
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# Ctrl-C must still stop the server; the EXIT trap does the work.
trap 'exit 130' INT TERM

fail() {
  echo "bench: $*" >&2
  if [[ -s $log ]]; then
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$log" >&2
  fi
  exit 1
}

died() {
  local status=0
  wait "$pid" || status=$?
  pid=''
  fail "server exited $1 (exit status $status)"
}

# Bash-only probe (no ss/netstat/python needed): a port nobody accepts on is
# free. Racy in theory, fine for a benchmark.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
port=''
for ((i = 0; i < 50; i++)); do
  candidate=$((20000 + RANDOM % 40000))
  if ! port_in_use "$candidate"; then
    port=$candidate
    break
  fi
done
[[ -n $port ]] || fail "no free port found"

"$root/orbitdock" start --bind "127.0.0.1:$port" </dev/null >"$log" 2>&1 &
pid=$!

# The launcher execs java, so $! becomes the JVM once any build is done.
# Wait for that first, so a Maven build does not eat the health timeout.
deadline=$((SECONDS + build_timeout))
while [[ $(cat "/proc/$pid/comm" 2>/dev/null || true) != java ]]; do
  kill -0 "$pid" 2>/dev/null || died "before becoming healthy"
  ((SECONDS < deadline)) || fail "java did not start within ${build_timeout}s"
  sleep 0.2
done

deadline=$((SECONDS + health_timeout))
until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || died "before becoming healthy"
  ((SECONDS < deadline)) || fail "/health not OK within ${health_timeout}s"
  sleep 0.5
done
echo "server healthy on 127.0.0.1:$port (pid $pid); idling ${idle}s …"

# Backgrounded so that a SIGTERM/SIGINT to this script interrupts the wait
# at once; bash runs traps only between foreground commands.
sleep "$idle" &
wait $!
kill -0 "$pid" 2>/dev/null || died "while idling"

rss_kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
hwm_kib=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
[[ -n $rss_kib ]] || fail "could not read VmRSS of pid $pid"
verdict=$(awk -v k="$rss_kib" -v t="$target_mib" 'BEGIN { print (k / 1024 <= t) ? "OK" : "OVER TARGET" }')
awk -v r="$rss_kib" -v h="$hwm_kib" -v t="$target_mib" -v v="$verdict" \
  'BEGIN { printf "idle RSS: %.1f MiB (target %d MiB, peak %.1f MiB) %s\n", r / 1024, t, h / 1024, v }'

# A graceful stop is part of the check: the server must honour SIGTERM.
kill -TERM "$pid"
deadline=$((SECONDS + stop_timeout))
while kill -0 "$pid" 2>/dev/null; do
  if ((SECONDS >= deadline)); then
    fail "server still running ${stop_timeout}s after SIGTERM"
  fi
  sleep 0.2
done
status=0
wait "$pid" || status=$?
pid=''
# 143 = 128 + SIGTERM: the JVM's usual status after shutdown hooks ran.
if ((status != 0 && status != 143)); then
  fail "server exited with status $status after SIGTERM"
fi
echo "server stopped (exit status $status)"
