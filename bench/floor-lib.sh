# Sourced by bench/docker-floor.sh and bench/service-create.sh: containers made and removed straight through
# dockerd's Engine API with curl, no orchestrator (the floor under the service benchmarks).
# Needs IMAGE; FLOOR_SOCK (default /var/run/docker.sock). The functions are exported for `xargs … bash -c`.
FLOOR_SOCK=${FLOOR_SOCK:-/var/run/docker.sock}
FLOOR_LABEL=dev.skep.bench-floor

floor_api() { curl -sf --unix-socket "$FLOOR_SOCK" -H 'Content-Type: application/json' "$@"; }

floor_start() {   # floor_start NAME : create and start one container
  local id
  id=$(floor_api -X POST -d "{\"Image\":\"$IMAGE\",\"Labels\":{\"$FLOOR_LABEL\":\"1\"}}" \
    "http://d/v1.41/containers/create?name=$1" | sed -E 's/.*"Id":"([0-9a-f]+)".*/\1/')
  floor_api -X POST "http://d/v1.41/containers/$id/start" >/dev/null
}

floor_remove() {  # floor_remove ID : stop (10 s grace, as a task's) and remove one container
  floor_api -X POST "http://d/v1.41/containers/$1/stop?t=10" >/dev/null || true
  floor_api -X DELETE "http://d/v1.41/containers/$1" >/dev/null
}

export -f floor_api floor_start floor_remove
export FLOOR_SOCK FLOOR_LABEL IMAGE
