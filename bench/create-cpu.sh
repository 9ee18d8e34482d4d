#!/usr/bin/env bash
# Where the CPU goes while Skep creates a service: one skepd (fresh JVM), then ROUNDS times
# `docker service create --detach --replicas REPLICAS` until all run, then `service rm` until the containers are
# gone. For each round: wall time until REPLICAS/REPLICAS, and the CPU seconds (user + system, from /proc) that
# skepd, the host's dockerd and its containerd used in that time. Round 1 includes the JVM's warm-up (class
# loading, JIT); later rounds show the steady cost.
#
# Usage (as root, with a dockerd on /var/run/docker.sock and the test images built):
#   bench/create-cpu.sh                        # ROUNDS=3 REPLICAS=50
#   SKEPD_JAVA_OPTS="-XX:TieredStopAtLevel=1" bench/create-cpu.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
REPLICAS=${REPLICAS:-50}
IMAGE=skep-busybox:latest
unset DOCKER_HOST DOCKER_CONTEXT
export DOCKER_CLI_HINTS=false
die() { echo "create-cpu: $*" >&2; exit 1; }
# shellcheck source=scripts/skepd-common.sh
source scripts/skepd-common.sh
[ "$(id -u)" = 0 ] || die "run as root"
DOCKERD=$(cat /var/run/docker.pid 2>/dev/null) || die "no dockerd pid file at /var/run/docker.pid"
CONTAINERD=$(pgrep -f "containerd --config /var/run/docker/containerd" | head -1 || true)
JAVA="$(scripts/java-home.sh)/bin/java"
compgen -G 'dist/target/lib/skep-daemon-*.jar' >/dev/null || ./mvnw -q -pl dist -am package -DskipTests

WORK="$(mktemp -d /tmp/skep-cpu.XXXXXX)"
SKEPD_PID=""
cleanup() {
  set +e
  [ -n "$SKEPD_PID" ] && kill "$SKEPD_PID" 2>/dev/null && wait "$SKEPD_PID" 2>/dev/null
  ids=$(docker ps -aq --filter label=com.docker.swarm.service.name --filter "label=com.docker.swarm.node.id=$NODE_ID" 2>/dev/null)
  # shellcheck disable=SC2086
  [ -n "${ids:-}" ] && docker rm -f $ids >/dev/null 2>&1
  rm -rf "$WORK"
}
NODE_ID=none
trap cleanup EXIT

cpu() { [ -n "$1" ] && awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat" || echo 0; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
now() { date +%s.%N; }

port=$(free_port_pair)
# shellcheck disable=SC2086
"$JAVA" ${SKEPD_JAVA_OPTS:-} -cp "dist/target/lib/*:dist/target/classes" dev.skep.daemon.DaemonMain \
  --data-dir "$WORK/data" --socket "$WORK/skepd.sock" --listen-addr "127.0.0.1:$port" --advertise-addr 127.0.0.1 \
  --node-name skep-cpu --executor docker >"$WORK/skepd.log" 2>&1 &
SKEPD_PID=$!
H="unix://$WORK/skepd.sock"
await_api skepd "$WORK/skepd.sock" "$SKEPD_PID" "$WORK/skepd.log" 30
docker -H "$H" swarm init >/dev/null
NODE_ID=$(docker -H "$H" info --format '{{.Swarm.NodeID}}')

echo "Service create CPU, $REPLICAS replicas, ${SKEPD_JAVA_OPTS:+skepd JVM options: $SKEPD_JAVA_OPTS, }$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs"
echo
echo "| round | wall until all running (s) | skepd CPU (s) | dockerd CPU (s) | containerd CPU (s) | load average |"
echo "|---|---|---|---|---|---|"
for r in $(seq 1 "$ROUNDS"); do
  svc="cpu$r"
  s0=$(cpu "$SKEPD_PID"); d0=$(cpu "$DOCKERD"); c0=$(cpu "$CONTAINERD"); t0=$(now)
  docker -H "$H" service create --detach --quiet --no-resolve-image --name "$svc" --replicas "$REPLICAS" "$IMAGE" >/dev/null
  until [ "$(docker -H "$H" service ls --filter "name=$svc" --format '{{.Replicas}}')" = "$REPLICAS/$REPLICAS" ]; do
    kill -0 "$SKEPD_PID" 2>/dev/null || die "skepd exited"
    sleep 0.2
  done
  t1=$(now)
  echo "| $r | $(minus "$t1" "$t0") | $(minus "$(cpu "$SKEPD_PID")" "$s0") | $(minus "$(cpu "$DOCKERD")" "$d0") | $(minus "$(cpu "$CONTAINERD")" "$c0") | $(cut -d' ' -f1 /proc/loadavg) |"
  docker -H "$H" service rm "$svc" >/dev/null
  until [ -z "$(docker ps -aq --filter "label=com.docker.swarm.service.name=$svc")" ]; do sleep 0.5; done
done
