#!/usr/bin/env bash
# A Skep cluster of nodes that are processes on this host, sharing one dockerd, without root: what `skep demo`
# runs for a user who is not root but may use Docker (the docker group). Each node is a skepd with its own data
# dir, socket and cluster port, running with `--data-plane shared-host` (overlays are Docker bridge networks that
# every node's tasks join, names come from Docker's DNS, published ports from a userspace proxy on every node).
#
#   scripts/host-cluster.sh up N DIR     start N nodes (node1 inits the swarm, the others join as workers)
#   scripts/host-cluster.sh down DIR     stop the nodes (by PID), remove their containers, Skep's unused Docker
#                                        networks and DIR; safe after a failed or partial `up`
#   scripts/host-cluster.sh status DIR   one line per node: name, address, SKEP_HOST, DOCKER_HOST, alive
#
# Node K (1-based) has the cluster address 127.0.0.1:(SKEP_HOST_PORT + K - 1), hostname nodeK, and its API at
# unix://DIR/nodeK/skep.sock (its SKEP_HOST / DOCKER_HOST). Keep DIR short (unix socket paths: 108 bytes).
#
# Environment (all optional):
#   SKEP_HOST_PORT      node1's cluster port                (12377)
#   DOCKER_HOST         the Docker Engine all nodes share   (unix:///var/run/docker.sock)
#   SKEP_JAVA, SKEP_CLASSPATH, SKEP_JAVA_OPTS               as for scripts/netns-cluster.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=${SKEP_HOST_PORT:-12377}
DOCKER=${DOCKER_HOST:-unix:///var/run/docker.sock}

say() { echo "host-cluster: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }
# shellcheck source=scripts/skepd-common.sh
. "$ROOT/scripts/skepd-common.sh"

usage() {
  sed -n '7,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

node_dir() { echo "$DIR/node$1"; }
node_port() { echo $((PORT + $1 - 1)); }
node_sock() { echo "unix://$(node_dir "$1")/skep.sock"; }

skepd_start() {
  local k=$1 d
  d=$(node_dir "$k")
  mkdir -p "$d/skep"
  # shellcheck disable=SC2086
  nohup "$JAVA" ${SKEP_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC} -cp "$CP" dev.skep.daemon.DaemonMain \
    --data-dir "$d/skep" --socket "$d/skep.sock" --listen-addr "127.0.0.1:$(node_port "$k")" \
    --advertise-addr 127.0.0.1 --docker-host "$DOCKER" --node-name "node$k" --data-plane shared-host \
    >"$d/skepd.log" 2>&1 </dev/null &
  echo $! >"$d/skepd.pid"
}

cmd_up() {
  local n=$1 k token
  [[ $n =~ ^[0-9]+$ && $n -ge 1 && $n -le 50 ]] || die "N must be a number from 1 to 50"
  command -v docker >/dev/null || die "the docker CLI is not installed"
  docker -H "$DOCKER" version >/dev/null 2>&1 || die "no Docker Engine answers at $DOCKER"
  [[ -f "$DIR/nodes" ]] && die "$DIR already holds a cluster; run: $0 down $DIR"
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
  echo "$n" >"$DIR/nodes"
  printf 'PORT=%s\nDOCKER=%s\n' "$PORT" "$DOCKER" >"$DIR/config"
  java_setup
  say "starting $n skepd (cluster ports $PORT..$(node_port "$n"), Docker at $DOCKER)"
  for k in $(seq 1 "$n"); do skepd_start "$k"; done
  for k in $(seq 1 "$n"); do await_skepd "$k"; done
  docker -H "$(node_sock 1)" swarm init >"$DIR/init.log" 2>&1 \
    || { cat "$DIR/init.log" >&2; die "swarm init on node1 failed"; }
  token=$(docker -H "$(node_sock 1)" swarm join-token -q worker)
  for k in $(seq 2 "$n"); do
    join_node "$k" "$token" "127.0.0.1:$PORT"
    say "node$k joined"
  done
  for k in $(seq 1 "$n"); do
    docker -H "$(node_sock "$k")" info --format '{{.Swarm.NodeID}}' >"$(node_dir "$k")/node-id"
  done
  say "cluster of $n nodes up"
  cmd_status
}

cmd_status() {
  local n k dockerd
  [[ -f "$DIR/nodes" ]] || die "no cluster in $DIR"
  n=$(cat "$DIR/nodes")
  # one dockerd for every node: ask it once
  dockerd=$(docker -H "$DOCKER" version >/dev/null 2>&1 && echo up || echo down)
  for k in $(seq 1 "$n"); do
    printf 'node%s 127.0.0.1 SKEP_HOST=%s DOCKER_HOST=%s dockerd=%s skepd=%s\n' "$k" "$(node_sock "$k")" \
      "$DOCKER" "$dockerd" "$(alive "$(node_dir "$k")/skepd.pid")"
  done
}

cmd_down() {
  set +e +o pipefail
  [[ -d $DIR ]] || { say "$DIR does not exist; nothing to do"; return 0; }
  DIR=$(cd "$DIR" && pwd)
  # shellcheck disable=SC1091
  [[ -f "$DIR/config" ]] && . "$DIR/config"
  local d pid id
  for d in "$DIR"/node*/; do
    [[ -f "$d/skepd.pid" ]] || continue
    pid=$(cat "$d/skepd.pid")
    kill -KILL "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  # the nodes' task containers (labelled with their node IDs), then Skep's Docker networks nothing uses any more
  for d in "$DIR"/node*/; do
    [[ -s "$d/node-id" ]] || continue
    id=$(cat "$d/node-id")
    docker -H "$DOCKER" ps -aq --filter "label=com.docker.swarm.node.id=$id" | xargs -r docker -H "$DOCKER" rm -f >/dev/null
  done
  docker -H "$DOCKER" network prune -f --filter label=dev.skep.network.id >/dev/null
  rm -rf "$DIR" || die "could not remove $DIR"
  say "down: $DIR removed"
}

[[ $# -ge 2 ]] || usage
case $1 in
  up) [[ $# -eq 3 ]] || usage; DIR=$3; cmd_up "$2" ;;
  down) DIR=$2; cmd_down ;;
  status) DIR=$(cd "$2" && pwd); [[ -f "$DIR/config" ]] && . "$DIR/config"; DOCKER=${DOCKER:-unix:///var/run/docker.sock}; cmd_status ;;
  *) usage ;;
esac
