#!/usr/bin/env bash
# Service-create benchmark: Skep against real Docker Swarm on the same dockerd, in one run.
#
# Each round, for each system: `docker service create --detach --replicas 50` until 50/50 tasks run,
# `docker service scale --detach b50=100` until 100/100 run, `docker service rm` until the containers
# are gone. Prints a markdown table of medians and the individual runs.
# A third system, "floor", does the same container work straight on dockerd's API with no orchestrator
# (create + start 50 containers at once, then 50 more, then stop and remove them all at once): what dockerd
# alone needs for it on this machine, measured in the same run.
#
# Usage (as root, with a dockerd on /var/run/docker.sock that is not part of a swarm):
#   bench/service-create.sh                 # 3 rounds
#   ROUNDS=5 WAIT_TIMEOUT=300 bench/service-create.sh
# SYSTEMS="swarm" (or "skep", "floor", or any two) runs only those, for debugging; the table shows "-" for the others.
# Set REBUILD=1 to force `./mvnw -pl dist -am package` even when dist/target/lib exists.
# SKEPD_JAVA_OPTS adds JVM options to skepd's command line (none by default), e.g. "-XX:TieredStopAtLevel=1".
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
REPLICAS=${REPLICAS:-50}
SCALE_TO=${SCALE_TO:-100}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-180}     # seconds, for every wait
SYSTEMS=${SYSTEMS:-skep swarm floor}
HOSTD=unix:///var/run/docker.sock
SERVICE=b50
IMAGE=skep-busybox:latest
# shellcheck source=bench/floor-lib.sh
source bench/floor-lib.sh   # the floor's containers (and FLOOR_LABEL, which the clean-up removes)

unset DOCKER_HOST DOCKER_CONTEXT
export DOCKER_CLI_HINTS=false

die() { echo "service-create: $*" >&2; exit 1; }
# shellcheck source=scripts/skepd-common.sh
source scripts/skepd-common.sh
log() { echo "[$(date +%T)] $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

[ "$(id -u)" = 0 ] || die "run as root (it drives the host's dockerd and swarm mode)"
docker -H "$HOSTD" info >/dev/null 2>&1 || die "no dockerd answers on $HOSTD"
[ "$(docker -H "$HOSTD" info --format '{{.Swarm.LocalNodeState}}')" = inactive ] \
  || die "the host dockerd is already in a swarm; refusing to touch it"

JAVA_HOME="$(scripts/java-home.sh)"
JAVA="$JAVA_HOME/bin/java"
export JAVA_HOME

runs() { [[ " $SYSTEMS " == *" $1 "* ]]; }

if runs skep && { [ "${REBUILD:-0}" = 1 ] || ! compgen -G 'dist/target/lib/skep-daemon-*.jar' >/dev/null; }; then
  log "building dist"
  ./mvnw -q -pl dist -am package -DskipTests
fi
bash scripts/build-test-images.sh "$HOSTD" >&2

WORK="$(mktemp -d /tmp/skep-bench.XXXXXX)"
SKEPD_PID=""
SKEP_NODE_IDS=()
SWARM_ACTIVE=0
RESULT=""
# `swarm init` creates docker_gwbridge and `swarm leave` keeps it: remove it again if this run made it.
GWBRIDGE_BEFORE="$(docker -H "$HOSTD" network ls -q --filter name=^docker_gwbridge$)"

remove_containers() {   # remove_containers LABEL_FILTER
  local ids
  ids="$(docker -H "$HOSTD" ps -aq --filter "label=$1")"
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086
    docker -H "$HOSTD" rm -f $ids >/dev/null 2>&1 || true
  fi
}

stop_skepd() {
  [ -n "$SKEPD_PID" ] || return 0
  kill "$SKEPD_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$SKEPD_PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$SKEPD_PID" 2>/dev/null || true
  wait "$SKEPD_PID" 2>/dev/null || true
  SKEPD_PID=""
}

cleanup() {
  set +e
  stop_skepd
  if [ "$SWARM_ACTIVE" = 1 ]; then
    docker -H "$HOSTD" service rm "$SERVICE" >/dev/null 2>&1
    docker -H "$HOSTD" swarm leave --force >/dev/null 2>&1
    SWARM_ACTIVE=0
  fi
  for id in ${SKEP_NODE_IDS[@]+"${SKEP_NODE_IDS[@]}"}; do remove_containers "com.docker.swarm.node.id=$id"; done
  remove_containers "com.docker.swarm.service.name=$SERVICE"
  remove_containers "$FLOOR_LABEL"
  if [ -z "$GWBRIDGE_BEFORE" ]; then docker -H "$HOSTD" network rm docker_gwbridge >/dev/null 2>&1; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_until DESCRIPTION COMMAND... : polls COMMAND until it succeeds or WAIT_TIMEOUT passes.
wait_until() {
  local what=$1; shift
  local deadline=$(( $(date +%s) + WAIT_TIMEOUT ))
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || die "timed out after ${WAIT_TIMEOUT}s waiting for $what"
    sleep 0.2
  done
}

replicas_are() {   # replicas_are HOST N : `service ls` shows N/N running
  [ "$(docker -H "$1" service ls --filter "name=$SERVICE" --format '{{.Replicas}}' 2>/dev/null)" = "$2/$2" ]
}

no_containers() {  # no_containers LABEL_FILTER
  [ -z "$(docker -H "$HOSTD" ps -aq --filter "label=$1")" ]
}

start_skepd() {   # start_skepd ROUND : sets SKEP_HOST
  local dir="$WORK/skepd-$1" port
  mkdir -p "$dir/data"
  port="$(free_port_pair)"
  # shellcheck disable=SC2086
  "$JAVA" ${SKEPD_JAVA_OPTS:-} -cp "dist/target/lib/*:dist/target/classes" dev.skep.daemon.DaemonMain \
    --data-dir "$dir/data" --socket "$dir/skepd.sock" --listen-addr "127.0.0.1:$port" \
    --advertise-addr 127.0.0.1 --docker-host "$HOSTD" --node-name "skep-bench-$1" --executor docker \
    >"$dir/skepd.log" 2>&1 &
  SKEPD_PID=$!
  SKEP_HOST="unix://$dir/skepd.sock"
  await_api skepd "$dir/skepd.sock" "$SKEPD_PID" "$dir/skepd.log" 90
}

# measure HOST CONTAINER_FILTER : runs create, scale and rm on HOST; sets RESULT="create scale rm" (seconds).
# (Results go through a variable, not stdout: a $(...) subshell would lose the clean-up state.)
measure() {
  local host=$1 filter=$2 t0 create scale rm
  t0=$(now)
  docker -H "$host" service create --detach --quiet --no-resolve-image --name "$SERVICE" --replicas "$REPLICAS" "$IMAGE" >/dev/null
  wait_until "$REPLICAS/$REPLICAS running" replicas_are "$host" "$REPLICAS"
  create=$(elapsed "$t0" "$(now)")

  t0=$(now)
  docker -H "$host" service scale --detach "$SERVICE=$SCALE_TO" >/dev/null
  wait_until "$SCALE_TO/$SCALE_TO running" replicas_are "$host" "$SCALE_TO"
  scale=$(elapsed "$t0" "$(now)")

  t0=$(now)
  docker -H "$host" service rm "$SERVICE" >/dev/null
  wait_until "containers of $SERVICE removed" no_containers "$filter"
  rm=$(elapsed "$t0" "$(now)")
  RESULT="$create $scale $rm"
}

round_skep() {
  local node_id
  start_skepd "$1"
  docker -H "$SKEP_HOST" swarm init >/dev/null
  node_id="$(docker -H "$SKEP_HOST" info --format '{{.Swarm.NodeID}}')"
  SKEP_NODE_IDS+=("$node_id")
  measure "$SKEP_HOST" "com.docker.swarm.node.id=$node_id"
  stop_skepd
  remove_containers "com.docker.swarm.node.id=$node_id"
}

round_swarm() {
  docker -H "$HOSTD" swarm init --advertise-addr 127.0.0.1 >/dev/null
  SWARM_ACTIVE=1
  measure "$HOSTD" "com.docker.swarm.service.name=$SERVICE"
  docker -H "$HOSTD" swarm leave --force >/dev/null
  SWARM_ACTIVE=0
  remove_containers "com.docker.swarm.service.name=$SERVICE"
}

# The floor: the same containers made and removed straight through dockerd's API, all at once, no orchestrator.
round_floor() {
  local t0 create scale rm
  t0=$(now)
  seq 1 "$REPLICAS" | xargs -P "$REPLICAS" -I{} bash -c "floor_start floor-$$-{}"
  create=$(elapsed "$t0" "$(now)")
  t0=$(now)
  seq $((REPLICAS + 1)) "$SCALE_TO" | xargs -P "$((SCALE_TO - REPLICAS))" -I{} bash -c "floor_start floor-$$-{}"
  scale=$(elapsed "$t0" "$(now)")
  t0=$(now)
  docker -H "$HOSTD" ps -aq --filter "label=$FLOOR_LABEL" | xargs -r -P "$SCALE_TO" -I{} bash -c "floor_remove {}"
  rm=$(elapsed "$t0" "$(now)")
  RESULT="$create $scale $rm"
}

SKEP_RUNS=()
SWARM_RUNS=()
FLOOR_RUNS=()
for round in $(seq 1 "$ROUNDS"); do
  if runs skep; then
    log "round $round/$ROUNDS: Skep"
    round_skep "$round"
    SKEP_RUNS+=("$RESULT")
    log "  Skep (create scale rm): $RESULT"
  fi
  if runs swarm; then
    log "round $round/$ROUNDS: Docker Swarm"
    round_swarm
    SWARM_RUNS+=("$RESULT")
    log "  Swarm (create scale rm): $RESULT"
  fi
  if runs floor; then
    log "round $round/$ROUNDS: floor (dockerd's API, no orchestrator)"
    round_floor
    FLOOR_RUNS+=("$RESULT")
    log "  floor (create scale rm): $RESULT"
  fi
done

column() {   # column INDEX RUN... : the INDEX-th figure of each run, space separated ("-" without runs)
  local i=$1; shift
  if [ $# -eq 0 ]; then echo "-"; return; fi
  printf '%s\n' "$@" | awk -v i="$i" '{ print $i }' | paste -sd' '
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
median() {
  tr ' ' '\n' | sort -g | awk '$1 != "-" { v[++n] = $1 }
    END { if (n == 0) print "-"; else if (n % 2) print v[(n + 1) / 2]; else printf "%.2f\n", (v[n / 2] + v[n / 2 + 1]) / 2 }'
}

echo
echo "Service create/scale/rm, $ROUNDS rounds${SKEPD_JAVA_OPTS:+, skepd JVM options: $SKEPD_JAVA_OPTS}, $(date -u +%Y-%m-%dT%H:%MZ), docker CLI $(docker version --format '{{.Client.Version}}'), dockerd $(docker -H "$HOSTD" version --format '{{.Server.Version}}'), $(nproc) CPUs"
echo
echo "| operation | Skep median (s) | Swarm median (s) | ratio (Skep/Swarm) | floor median (s) | floor/Swarm | Skep runs (s) | Swarm runs (s) | floor runs (s) |"
echo "|---|---|---|---|---|---|---|---|---|"
i=1
for op in "create $REPLICAS replicas until all running" "scale $REPLICAS→$SCALE_TO until all running" "rm until all containers gone"; do
  skep_runs="$(column "$i" ${SKEP_RUNS[@]+"${SKEP_RUNS[@]}"})"
  swarm_runs="$(column "$i" ${SWARM_RUNS[@]+"${SWARM_RUNS[@]}"})"
  skep_median="$(echo "$skep_runs" | median)"
  swarm_median="$(echo "$swarm_runs" | median)"
  floor_runs="$(column "$i" ${FLOOR_RUNS[@]+"${FLOOR_RUNS[@]}"})"
  floor_median="$(echo "$floor_runs" | median)"
  echo "| $op | $skep_median | $swarm_median | $(ratio "$skep_median" "$swarm_median") | $floor_median | $(ratio "$floor_median" "$swarm_median") | $skep_runs | $swarm_runs | $floor_runs |"
  i=$((i + 1))
done
