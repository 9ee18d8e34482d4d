#!/usr/bin/env bash
# The floor under the service-create benchmark: N containers created and started straight on dockerd's socket
# (POST /containers/create, then POST /containers/{id}/start), at most CONCURRENCY at a time, timed until all
# have been started. No orchestrator involved; it shows what dockerd alone needs on this machine.
# Usage (as root): bench/docker-floor.sh            # N=50, CONCURRENCY="50 16 8 4"
#                  N=100 CONCURRENCY="8" bench/docker-floor.sh
set -euo pipefail
N=${N:-50}
CONCURRENCY=${CONCURRENCY:-50 16 8 4}
FLOOR_SOCK=${SOCK:-/var/run/docker.sock}
IMAGE=${IMAGE:-skep-busybox:latest}
# shellcheck source=bench/floor-lib.sh
source "$(dirname "$0")/floor-lib.sh"

cleanup() {
  local ids
  ids=$(docker ps -aq --filter "label=$FLOOR_LABEL")
  # shellcheck disable=SC2086
  [ -z "$ids" ] || docker rm -f $ids >/dev/null
}
trap cleanup EXIT

for c in $CONCURRENCY; do
  cleanup
  t0=$(date +%s.%N)
  seq 1 "$N" | xargs -P "$c" -I{} bash -c "floor_start floor-$$-{}"
  t1=$(date +%s.%N)
  echo "$N containers, concurrency $c: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s (loadavg $(cut -d' ' -f1 /proc/loadavg))"
done
