#!/usr/bin/env bash
# Leader failover benchmark (issue #3 point 8): Skep against real Docker Swarm on this machine, in one run.
#
# 3 managers each. RUNS times: SIGKILL the current leader, then write through a surviving manager every
# 50 ms (raw `POST /services/create` of a 0-replica service, each attempt bounded by 1 s) until one succeeds;
# the time from the kill to that acknowledged write is the failover time. Then restart the killed manager from
# its data dir and wait until every manager is Leader or Reachable again before the next run.
#
# Skep: 3 skepd processes (--executor sim) on 127.0.0.1 with their own data dirs, sockets and port pairs.
# Swarm: 3 dockerd, each in its own network namespace (bridge + veths, tmpfs /run/docker, cgroup re-mounts,
# own data root, socket and --bip), as in docs/TESTING.md ("Nodes in network namespaces"). Everything is removed
# on exit (dockerds, namespaces, veths, bridge, the FORWARD rule, temp dirs). The host dockerd is not touched.
#
# Usage (as root, from anywhere):  bench/failover.sh        RUNS=10 SYSTEMS="skep swarm" by default
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10}
SYSTEMS=${SYSTEMS:-skep swarm}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-120}
unset DOCKER_HOST DOCKER_CONTEXT
export DOCKER_CLI_HINTS=false

die() { echo "failover: $*" >&2; exit 1; }
log() { echo "[$(date +%T)] $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
runs() { [[ " $SYSTEMS " == *" $1 "* ]]; }

[ "$(id -u)" = 0 ] || die "run as root (network namespaces, dockerd)"
JAVA_HOME="$(scripts/java-home.sh)"
JAVA="$JAVA_HOME/bin/java"
if runs skep && { [ "${REBUILD:-0}" = 1 ] || ! compgen -G 'dist/target/lib/skep-daemon-*.jar' >/dev/null; }; then
  log "building dist"
  ./mvnw -q -pl dist -am package -DskipTests
fi

WORK="$(mktemp -d /tmp/skep-failover.XXXXXX)"
# shellcheck source=bench/skep-cluster.sh
source bench/skep-cluster.sh
# shellcheck source=bench/swarm-netns.sh
source bench/swarm-netns.sh

cleanup() {
  set +e
  skep_stop_all
  swarm_netns_teardown
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# write_ok SOCK NAME : one cheap write (a 0-replica service), 2xx within 1 s.
write_ok() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 --unix-socket "$1" -X POST \
    -H 'Content-Type: application/json' \
    --data "{\"Name\":\"$2\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox:latest\"}},\"Mode\":{\"Replicated\":{\"Replicas\":0}}}" \
    http://d/v1.41/services/create 2>/dev/null)" || true
  [[ "$code" == 2* ]]
}

# leader_index SOCK PREFIX : the number N of the manager named PREFIX-N (or bench-mN) that SOCK's node ls calls Leader.
leader_name() {
  docker -H "unix://$1" node ls --format '{{.Hostname}} {{.ManagerStatus}}' 2>/dev/null | awk '$2 == "Leader" { print $1 }'
}

# all_reachable SOCK : SOCK's node ls shows one Leader and only Reachable others.
all_reachable() {
  local statuses
  statuses="$(docker -H "unix://$1" node ls --format '{{.ManagerStatus}}' 2>/dev/null)" || return 1
  [ "$(grep -c '^Leader$' <<<"$statuses")" = 1 ] && ! grep -q 'Unreachable' <<<"$statuses"
}

wait_until() {
  local what=$1; shift
  local deadline=$(( $(date +%s) + WAIT_TIMEOUT ))
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || die "timed out after ${WAIT_TIMEOUT}s waiting for $what"
    sleep 0.1
  done
}

# measure_failover SYSTEM RUN SOCKS... : sets KILLED (index) and RESULT (seconds). SYSTEM is skep or swarm.
measure_failover() {
  local system=$1 run=$2; shift 2
  local socks=("" "$@") leader idx survivor t0 attempt=0
  leader=""
  wait_until "a leader" eval 'leader="$(leader_name "${socks[1]}")"; [ -n "$leader" ] || leader="$(leader_name "${socks[2]}")"; [ -n "$leader" ]'
  idx="${leader##*[!0-9]}"
  survivor=$(( idx % 3 + 1 ))
  t0=$(now)
  if [ "$system" = skep ]; then skep_kill "$idx"; else swarm_kill "$idx"; fi
  until write_ok "${socks[$survivor]}" "fo-$run-$attempt"; do
    attempt=$((attempt + 1))
    [ "$(elapsed "$t0" "$(now)" | cut -d. -f1)" -lt "$WAIT_TIMEOUT" ] || die "no write succeeded within ${WAIT_TIMEOUT}s"
    sleep 0.05
  done
  RESULT=$(elapsed "$t0" "$(now)")
  KILLED=$idx
  SURVIVOR=$survivor
}

median() {
  tr ' ' '\n' | sort -g | awk 'NF { v[++n] = $1 }
    END { if (n == 0) print "-"; else if (n % 2) print v[(n + 1) / 2]; else printf "%.2f\n", (v[n / 2] + v[n / 2 + 1]) / 2 }'
}

SKEP_RUNS=()
SWARM_RUNS=()

if runs skep; then
  log "Skep: starting 3 managers"
  skep_start_cluster 3
  wait_until "3 managers reachable" all_reachable "${SKEP_SOCKS[1]}"
  for run in $(seq 1 "$RUNS"); do
    measure_failover skep "$run" "${SKEP_SOCKS[1]}" "${SKEP_SOCKS[2]}" "${SKEP_SOCKS[3]}"
    SKEP_RUNS+=("$RESULT")
    log "  Skep run $run: killed ${SKEP_NAMES[$KILLED]}, write through ${SKEP_NAMES[$SURVIVOR]} after ${RESULT}s"
    skep_launch "$KILLED"
    skep_await_ping "$KILLED"
    wait_until "the restarted manager Reachable" all_reachable "${SKEP_SOCKS[$KILLED]}"
    wait_until "all managers Reachable" all_reachable "${SKEP_SOCKS[$SURVIVOR]}"
  done
  skep_stop_all
fi

if runs swarm; then
  log "Swarm: 3 dockerd in network namespaces"
  swarm_netns_setup 3
  for i in 1 2 3; do swarm_start_dockerd "$i"; done
  swarm_form 3
  wait_until "3 managers reachable" all_reachable "${SW_SOCKS[1]}"
  for run in $(seq 1 "$RUNS"); do
    measure_failover swarm "$run" "${SW_SOCKS[1]}" "${SW_SOCKS[2]}" "${SW_SOCKS[3]}"
    SWARM_RUNS+=("$RESULT")
    log "  Swarm run $run: killed swarm-n$KILLED, write through swarm-n$SURVIVOR after ${RESULT}s"
    swarm_start_dockerd "$KILLED"
    wait_until "the restarted manager Reachable" all_reachable "${SW_SOCKS[$KILLED]}"
    wait_until "all managers Reachable" all_reachable "${SW_SOCKS[$SURVIVOR]}"
  done
  swarm_netns_teardown
fi

skep_median="$(echo "${SKEP_RUNS[*]:-}" | median)"
swarm_median="$(echo "${SWARM_RUNS[*]:-}" | median)"
echo
echo "Leader failover, 3 managers, $RUNS kills each, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, dockerd $(dockerd --version | awk '{print $3}' | tr -d ,)"
echo
echo "| system | median (s) | runs: kill -9 of the leader → first acknowledged write through a survivor (s) |"
echo "|---|---|---|"
echo "| Skep | $skep_median | ${SKEP_RUNS[*]:--} |"
echo "| Docker Swarm | $swarm_median | ${SWARM_RUNS[*]:--} |"
