#!/usr/bin/env bash
# The review server under load (issue 5): 1,000,000 clues in a private PostgreSQL,
# `xmatch serve`, and wrk against the clue queue API with a logged-in session cookie.
# Prints requests/s and latency percentiles for two users:
#   township  a township officer (411203100: 50,000 of the clues)
#   county    a county reviewer (411203: all 1,000,000)
# Target: p99 under 50 ms at 64 connections. A benchmark, not a test: run it by hand.
# Besides wall-clock latencies it prints the CPU time (user + system, from /proc) that the
# server and PostgreSQL spent per request: the figure that still means something on a
# loaded machine.
#
#   bench/review_load.sh [BUILD_DIR]   (default: build; needs xmatch and review_test_env)
# Environment: DURATION (default 20s), CONNECTIONS (64), THREADS (2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
xmatch=$build/cli/xmatch
env_bin=$build/tests/browser/review_test_env
duration=${DURATION:-20s} connections=${CONNECTIONS:-64} threads=${THREADS:-2}
password="Load-bench-2026!"

for tool in "$xmatch" "$env_bin" wrk curl; do
  command -v "$tool" >/dev/null || { echo "review_load: $tool is missing (build xmatch and review_test_env; ops/install-deps.sh installs wrk)" >&2; exit 1; }
done

server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  # review_test_env stops PostgreSQL and removes its directory when its stdin closes.
  [ -n "${PG[1]:-}" ] && exec {PG[1]}>&-
  [ -n "${PG_PID:-}" ] && wait "$PG_PID" 2>/dev/null
  return 0
}
trap cleanup EXIT

echo "review_load: loading 1,000,000 roll rows and clues (a minute or two)..." >&2
started=$(date +%s)
coproc PG { "$env_bin" --sql "$here/review_load.sql"; }
read -r ready <&"${PG[0]}"
dsn=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["dsn"])' "$ready")
export XMATCH_PG=$dsn XMATCH_AGREEMENTS_DIR=$here/../config/agreements
# VACUUM as autovacuum would have long done in production: otherwise it runs during the
# measurement, and index-only scans find no visibility map; CHECKPOINT writes the pages
# it dirtied before the measurement rather than during it.
# A VACUUM that overlaps autovacuum's ANALYZE of the fresh rows (which holds a snapshot)
# marks no page all-visible: repeat until the clues' visibility map is set.
psql "$dsn" -qc "VACUUM ANALYZE"
for _ in 1 2 3 4 5; do
  [ "$(psql "$dsn" -Atc "SELECT relallvisible >= relpages * 0.99 FROM pg_class WHERE relname = 'clues'")" = t ] && break
  sleep 2
  psql "$dsn" -qc "VACUUM clues"
done
psql "$dsn" -qc "CHECKPOINT"
echo "review_load: loaded and vacuumed in $(( $(date +%s) - started )) s" >&2

printf '%s\n' "$password" | "$xmatch" users add load_township --role township_staff \
  --region 411203100 --display-name "压测 乡镇" >/dev/null
printf '%s\n' "$password" | "$xmatch" users add load_county --role county_reviewer \
  --region 411203 --display-name "压测 县级" >/dev/null

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
printf 'listen: "127.0.0.1:%s"\n' "$port" >"$build/review_load.yaml"
"$xmatch" --config "$build/review_load.yaml" serve >"$build/review_load_serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 150); do
  curl -sf "$url/livez" >/dev/null && break
  sleep 0.2
done
curl -sf "$url/livez" >/dev/null || { echo "review_load: xmatch serve did not start; see $build/review_load_serve.log" >&2; exit 1; }

# PostgreSQL's processes: the postmaster (the checkpointer's parent), its children, and
# (cutime/cstime) the children that have exited.
postmaster=$(awk '{print $4}' "/proc/$(psql "$dsn" -Atc "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")/stat")
ticks_per_s=$(getconf CLK_TCK)
cpu_ticks() {  # cpu_ticks PID...: utime + stime + cutime + cstime, summed
  local total=0 pid fields
  for pid in "$@"; do
    fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    read -r -a f <<<"$fields"
    total=$((total + f[11] + f[12] + f[13] + f[14]))
  done
  echo "$total"
}

for user in load_township load_county; do
  echo "== $user: wrk -t$threads -c$connections -d$duration --latency (6 queue queries in turn)"
  session=$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' \
              -d "{\"username\": \"$user\", \"password\": \"$password\"}" "$url/api/login" |
            sed -n 's/^[Ss]et-[Cc]ookie: xm_session=\([^;]*\).*/\1/p')
  [ -n "$session" ] || { echo "review_load: login as $user failed" >&2; exit 1; }
  # One request alone first: the latency without contention (and a warm cache).
  curl -sf -o /dev/null -w "single request: %{time_total} s\n" -H "Cookie: xm_session=$session" \
    "$url/api/clues"
  echo "machine: $(nproc) cores; load average: $(uptime | sed 's/.*load average: //')"
  # --timeout 30s: a slow answer counts in the latencies instead of as a socket error.
  server_before=$(cpu_ticks "$server_pid")
  pg_before=$(cpu_ticks "$postmaster" $(pgrep -P "$postmaster"))
  XM_SESSION=$session wrk -t"$threads" -c"$connections" -d"$duration" --timeout 30s --latency \
    -s "$here/review_load.lua" "$url/api/clues" | tee "$build/review_load_wrk.out"
  server_ticks=$(( $(cpu_ticks "$server_pid") - server_before ))
  pg_ticks=$(( $(cpu_ticks "$postmaster" $(pgrep -P "$postmaster")) - pg_before ))
  requests=$(sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p' "$build/review_load_wrk.out")
  python3 -c 'import sys; s, p, n, hz = map(float, sys.argv[1:]); n = max(n, 1); print(
      f"CPU per request: {(s + p) * 1000 / hz / n:.2f} ms (server {s * 1000 / hz / n:.2f} ms, "
      f"PostgreSQL {p * 1000 / hz / n:.2f} ms) over {n:.0f} requests")' \
    "$server_ticks" "$pg_ticks" "${requests:-0}" "$ticks_per_s"
  echo "load average after: $(uptime | sed 's/.*load average: //')"
done
echo "target: p99 < 50 ms"
