#!/usr/bin/env bash
# The floor under the service-create benchmark: N containers created and started straight on dockerd's socket
# (POST /containers/create, then POST /containers/{id}/start), at most CONCURRENCY at a time, timed until all
# have been started. No orchestrator involved; it shows what dockerd alone needs on this machine.
# Usage (as root): bench/docker-floor.sh            # N=50, CONCURRENCY="50 16 8 4"
#                  N=100 CONCURRENCY="8" bench/docker-floor.sh
set -euo pipefail
N=${N:-50}
CONCURRENCY=${CONCURRENCY:-50 16 8 4}
SOCK=${SOCK:-/var/run/docker.sock}
IMAGE=${IMAGE:-skep-busybox:latest}
LABEL=dev.skep.bench-floor

api() { curl -sf --unix-socket "$SOCK" -H 'Content-Type: application/json' "$@"; }

run_one() {   # run_one NAME : create and start one container
  local id
  id=$(api -X POST -d "{\"Image\":\"$IMAGE\",\"Labels\":{\"$LABEL\":\"1\"}}" \
    "http://d/v1.41/containers/create?name=$1" | sed -E 's/.*"Id":"([0-9a-f]+)".*/\1/')
  api -X POST "http://d/v1.41/containers/$id/start" >/dev/null
}
export -f run_one api
export SOCK IMAGE LABEL

cleanup() {
  local ids
  ids=$(docker ps -aq --filter "label=$LABEL")
  # shellcheck disable=SC2086
  [ -z "$ids" ] || docker rm -f $ids >/dev/null
}
trap cleanup EXIT

for c in $CONCURRENCY; do
  cleanup
  t0=$(date +%s.%N)
  seq 1 "$N" | xargs -P "$c" -I{} bash -c "run_one floor-$$-{}"
  t1=$(date +%s.%N)
  echo "$N containers, concurrency $c: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s (loadavg $(cut -d' ' -f1 /proc/loadavg))"
done
