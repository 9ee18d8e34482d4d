#!/usr/bin/env bash
# The DockerCoins lesson as a benchmark (issue #5 point 5), on a 3-node Skep cluster of real nodes
# (scripts/netns-cluster.sh: one network namespace, dockerd and skepd per node).
#
# Deploys demo/coins/dockercoins.yml as the stack `coins`, then measures the hashing speed (the web UI's
# /json hash counter over a WINDOW-second window, after SETTLE seconds of warm-up) with 1, 2, 5 and 10 workers
# while rng has one replica, then with 10 workers and rng as a global service (one per node). Theory: a worker
# does one hash per 0.3 s (0.1 s sleep + rng 0.1 s + hasher 0.1 s) = 3.33 h/s, and an rng instance serves one
# request at a time (0.1 s each) = 10 h/s at most; so speed = min(3.33 × workers, 10 × rng instances).
# Prints a table with each row's deviation from theory; exits 1 if any row is more than 10 % off.
#
# Usage (as root, from anywhere):  bench/coins-lesson.sh      WINDOW=30 SETTLE=15 DIR=/tmp/skep-lesson
# KEEP=1 leaves the cluster up afterwards (remove it with: scripts/netns-cluster.sh down DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

WINDOW=${WINDOW:-30}
SETTLE=${SETTLE:-15}
DIR=${DIR:-/tmp/skep-lesson}
NODES=3
STACK=coins

die() { echo "coins-lesson: $*" >&2; exit 1; }
log() { echo "[$(date +%T)] $*" >&2; }
[ "$(id -u)" = 0 ] || die "run as root (network namespaces, dockerd)"

cleanup() { [ "${KEEP:-0}" = 1 ] || scripts/netns-cluster.sh down "$DIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT

log "building the coins images"
bash demo/coins/build-images.sh >&2
log "starting a $NODES-node cluster in $DIR"
scripts/netns-cluster.sh down "$DIR" >/dev/null 2>&1 || true
scripts/netns-cluster.sh up "$NODES" "$DIR" >&2
export SKEP_HOST="unix://$DIR/node1/skep.sock"
NODE1=$(scripts/netns-cluster.sh status "$DIR" | awk '$1 == "node1" { print $2 }')
WEBUI="http://$NODE1:8000/json"

skep() { ./skep "$@"; }

hashes_at() {   # prints "<now> <hashes>" from the web UI, empty when it does not answer
  curl -sf --max-time 3 "$WEBUI" | sed -n 's/.*"hashes":\([0-9]*\).*"now":\([0-9.]*\).*/\2 \1/p'
}

await_running() {   # await_running SERVICE N : until N tasks of SERVICE run
  local deadline=$(( $(date +%s) + 300 ))
  until [ "$(docker -H "$SKEP_HOST" service ls --filter "name=$1" --format '{{.Name}} {{.Replicas}}' 2>/dev/null \
            | awk -v s="$1" '$1 == s { split($2, r, "/"); print r[1] + 0 }')" -ge "$2" ] 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$1 did not reach $2 running tasks"
    sleep 1
  done
}

measure() {   # measure WORKERS RNG_INSTANCES : prints the speed in hashes/s over WINDOW seconds
  local a b
  sleep "$SETTLE"
  a=$(hashes_at); [ -n "$a" ] || die "web UI $WEBUI does not answer"
  sleep "$WINDOW"
  b=$(hashes_at); [ -n "$b" ] || die "web UI $WEBUI does not answer"
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.2f", (y[2] - x[2]) / (y[1] - x[1]) }'
}

ROWS=()
FAILED=0
row() {   # row LABEL WORKERS RNG_INSTANCES
  local speed theory dev
  speed=$(measure "$2" "$3")
  theory=$(awk -v w="$2" -v r="$3" 'BEGIN { t = w * 10 / 3; c = r * 10; printf "%.2f", (t < c ? t : c) }')
  dev=$(awk -v s="$speed" -v t="$theory" 'BEGIN { printf "%+.1f", (s - t) * 100 / t }')
  awk -v d="$dev" 'BEGIN { exit !(d > 10 || d < -10) }' && FAILED=1
  ROWS+=("| $1 | $2 | $3 | $speed | $theory | $dev % |")
  log "$1: $speed h/s (theory $theory, $dev %)"
}

log "deploying the stack"
skep stack deploy -c demo/coins/dockercoins.yml "$STACK" >&2
for svc in redis rng hasher webui worker; do await_running "${STACK}_$svc" 1; done

for workers in 1 2 5 10; do
  skep service scale --detach "${STACK}_worker=$workers" >/dev/null
  await_running "${STACK}_worker" "$workers"
  row "rng replicated (1)" "$workers" 1
done

log "rng as a global service: one instance per node"
skep service rm "${STACK}_rng" >/dev/null
RNG_MODE=global skep stack deploy -c demo/coins/dockercoins.yml "$STACK" >&2
await_running "${STACK}_rng" "$NODES"
skep service scale --detach "${STACK}_worker=10" >/dev/null
await_running "${STACK}_worker" 10
row "rng global ($NODES)" 10 "$NODES"

echo "DockerCoins lesson, $NODES nodes, window ${WINDOW}s after ${SETTLE}s, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs"
echo
echo "| rng | workers | rng instances | hashes/s | theory | deviation |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
exit "$FAILED"
