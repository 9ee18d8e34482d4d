#!/usr/bin/env bash
# What the engine passthrough costs: the same docker CLI commands against dockerd's own socket and against a skepd
# socket that forwards them to that dockerd, alternated in one run so both see the same machine load.
#   docker run --rm: RUNS runs each way (create, attach (hijacked), wait, start, remove), mean and median wall time;
#   docker logs:     a stopped container's LOG_MB MB of log read LOGS times each way to /dev/null, mean MB/s.
# Usage: bench/engine-proxy.sh            # RUNS=20 LOGS=5 LOG_MB=100
# SKEP_CLASSPATH/SKEP_JAVA skip the ./skep build (scripts/skepd-common.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-20}
LOGS=${LOGS:-5}
LOG_MB=${LOG_MB:-100}
IMAGE=${IMAGE:-skep-busybox:latest}
DOCKERD=${DOCKERD:-unix:///var/run/docker.sock}
DIR=$(mktemp -d /tmp/skep-engine-bench-XXXX)
NAME=skep-engine-bench-$$
say() { echo "== $*" >&2; }
die() { echo "engine-proxy: $*" >&2; exit 1; }
# shellcheck source=scripts/skepd-common.sh
source "$ROOT/scripts/skepd-common.sh"

cleanup() {
  [[ -f $DIR/skepd.pid ]] && kill "$(cat "$DIR/skepd.pid")" 2>/dev/null || true
  docker -H "$DOCKERD" rm -f "$NAME" >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

java_setup
port=$(free_port_pair)
"$JAVA" -cp "$CP" dev.skep.daemon.DaemonMain --data-dir "$DIR/data" --socket "$DIR/skep.sock" \
  --listen-addr "127.0.0.1:$port" --advertise-addr 127.0.0.1 --docker-host "$DOCKERD" \
  --node-name engine-bench >"$DIR/skepd.log" 2>&1 &
echo $! >"$DIR/skepd.pid"
await_api skepd "$DIR/skep.sock" "$(cat "$DIR/skepd.pid")" "$DIR/skepd.log" 60
SKEP="unix://$DIR/skep.sock"

now() { date +%s.%N; }
declare -A RUN LOGT
for host in "$DOCKERD" "$SKEP"; do RUN[$host]=""; LOGT[$host]=""; done

say "docker run --rm $IMAGE true, $RUNS times each way"
docker -H "$SKEP" run --rm "$IMAGE" true && docker -H "$DOCKERD" run --rm "$IMAGE" true # warm both paths
for _ in $(seq 1 "$RUNS"); do
  for host in "$DOCKERD" "$SKEP"; do
    t0=$(now); docker -H "$host" run --rm "$IMAGE" true; t1=$(now)
    RUN[$host]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }') "
  done
done

say "docker logs of $LOG_MB MB, $LOGS times each way"
docker -H "$DOCKERD" run -d --name "$NAME" "$IMAGE" sh -c \
  "yes 0123456789012345678901234567890123456789012345678901234567890123456789 | head -c $((LOG_MB * 1000000))" >/dev/null
docker -H "$DOCKERD" wait "$NAME" >/dev/null
for _ in $(seq 1 "$LOGS"); do
  for host in "$DOCKERD" "$SKEP"; do
    t0=$(now); docker -H "$host" logs "$NAME" >/dev/null; t1=$(now)
    LOGT[$host]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }') "
  done
done

stats() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1; s += $1 } END { printf "%.3f %.3f", s / NR, v[int((NR + 1) / 2)] }'; }
read -r dm dmed <<<"$(echo "${RUN[$DOCKERD]}" | stats)"
read -r sm smed <<<"$(echo "${RUN[$SKEP]}" | stats)"
read -r dl _ <<<"$(echo "${LOGT[$DOCKERD]}" | stats)"
read -r sl _ <<<"$(echo "${LOGT[$SKEP]}" | stats)"
echo "| measure | dockerd's socket | Skep's socket | Skep vs dockerd |"
echo "|---|---|---|---|"
awk -v d="$dm" -v s="$sm" 'BEGIN { printf "| `docker run --rm` mean | %.3f s | %.3f s | %+.1f %% |\n", d, s, (s / d - 1) * 100 }'
awk -v d="$dmed" -v s="$smed" 'BEGIN { printf "| `docker run --rm` median | %.3f s | %.3f s | %+.1f %% |\n", d, s, (s / d - 1) * 100 }'
awk -v d="$dl" -v s="$sl" -v mb="$LOG_MB" 'BEGIN { printf "| `docker logs` (%d MB) mean | %.0f MB/s | %.0f MB/s | %+.1f %% |\n", mb, mb / d, mb / s, (d / s - 1) * 100 }'
echo "(runs: $RUNS, log reads: $LOGS, loadavg $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"
