#!/usr/bin/env bash
# API write throughput (issue #3 point 8): services created per second through the Engine API, Skep against
# real Docker Swarm on this machine, in one run.
#
# For each system, N raw `POST /services/create` requests (a 0-replica service each, so no container starts),
# first from 1 client (one after another) and then from 16 concurrent clients; one curl process drives them
# (`curl --parallel --parallel-max 16` with a config of N requests), so client overhead is small and the same
# for every system. Throughput = acknowledged (2xx) creates / wall time.
#
# Skep 1 manager: one skepd (--executor sim). Skep 3 managers: three skepd forming one Raft group; requests go
#   round-robin to the three managers' sockets (followers forward writes to the leader).
# Swarm: the host dockerd, `docker swarm init --advertise-addr 127.0.0.1`; `docker swarm leave --force`
#   afterwards, always (trap), and docker_gwbridge is removed again if this run created it.
#
# Usage (as root, host dockerd not in a swarm):  bench/write-throughput.sh     N=300 SYSTEMS="skep1 skep3 swarm"
# SKEP_JAVA_OPTS=-Dskep.raft.cleartext=true measures Skep with its Raft log in clear (issue 12: what sealing costs).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-300}
SYSTEMS=${SYSTEMS:-skep1 skep3 swarm}
HOSTD=unix:///var/run/docker.sock
unset DOCKER_HOST DOCKER_CONTEXT
export DOCKER_CLI_HINTS=false

die() { echo "write-throughput: $*" >&2; exit 1; }
log() { echo "[$(date +%T)] $*" >&2; }
now() { date +%s.%N; }
runs() { [[ " $SYSTEMS " == *" $1 "* ]]; }

[ "$(id -u)" = 0 ] || die "run as root (it drives the host's dockerd in swarm mode)"
if runs swarm; then
  docker -H "$HOSTD" info >/dev/null 2>&1 || die "no dockerd answers on $HOSTD"
  [ "$(docker -H "$HOSTD" info --format '{{.Swarm.LocalNodeState}}')" = inactive ] \
    || die "the host dockerd is already in a swarm; refusing to touch it"
fi
JAVA_HOME="$(scripts/java-home.sh)"
JAVA="$JAVA_HOME/bin/java"
if { runs skep1 || runs skep3; } && { [ "${REBUILD:-0}" = 1 ] || ! compgen -G 'dist/target/lib/skep-daemon-*.jar' >/dev/null; }; then
  log "building dist"
  ./mvnw -q -pl dist -am package -DskipTests
fi

WORK="$(mktemp -d /tmp/skep-throughput.XXXXXX)"
# shellcheck source=bench/skep-cluster.sh
source bench/skep-cluster.sh
SWARM_ACTIVE=0
GWBRIDGE_BEFORE="$(docker -H "$HOSTD" network ls -q --filter name=^docker_gwbridge$ 2>/dev/null || true)"

cleanup() {
  set +e
  skep_stop_all
  if [ "$SWARM_ACTIVE" = 1 ]; then
    docker -H "$HOSTD" swarm leave --force >/dev/null 2>&1
    SWARM_ACTIVE=0
    if [ -z "$GWBRIDGE_BEFORE" ]; then docker -H "$HOSTD" network rm docker_gwbridge >/dev/null 2>&1; fi
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# creates LABEL CLIENTS SOCK... : N creates over the sockets (round-robin), CLIENTS at a time; sets RATE (creates/s).
creates() {
  local label=$1 clients=$2; shift 2
  local socks=("$@") cfg="$WORK/requests-$label-$clients.cfg" i t0 t1 acked
  : >"$cfg"
  for i in $(seq 1 "$N"); do
    [ "$i" = 1 ] || echo "next" >>"$cfg"
    cat >>"$cfg" <<REQ
unix-socket = "${socks[$(( (i - 1) % ${#socks[@]} ))]}"
request = "POST"
header = "Content-Type: application/json"
data = "{\"Name\":\"wt-$clients-$i\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox:latest\"}},\"Mode\":{\"Replicated\":{\"Replicas\":0}}}"
url = "http://d/v1.41/services/create"
output = "/dev/null"
max-time = 30
write-out = "%{http_code}\n"
REQ
  done
  t0=$(now)
  acked="$(curl -s --parallel --parallel-max "$clients" -K "$cfg" 2>/dev/null | grep -c '^2' || true)"
  t1=$(now)
  [ "$acked" = "$N" ] || log "  warning: only $acked of $N creates were acknowledged"
  RATE="$(awk -v n="$acked" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }')"
  log "  $label, $clients client(s): $acked creates in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s = $RATE/s"
}

declare -A RESULT
measure() {   # measure LABEL SOCK... : 1 client, then 16
  local label=$1; shift
  creates "$label" 1 "$@"
  RESULT[$label,1]=$RATE
  creates "$label" 16 "$@"
  RESULT[$label,16]=$RATE
}

if runs skep1; then
  log "Skep, 1 manager"
  skep_start_cluster 1
  measure skep1 "${SKEP_SOCKS[1]}"
  skep_stop_all
  rm -rf "$WORK"/skep-*
fi

if runs skep3; then
  log "Skep, 3 managers"
  skep_start_cluster 3
  measure skep3 "${SKEP_SOCKS[1]}" "${SKEP_SOCKS[2]}" "${SKEP_SOCKS[3]}"
  skep_stop_all
fi

if runs swarm; then
  log "Docker Swarm, host dockerd, 1 manager"
  docker -H "$HOSTD" swarm init --advertise-addr 127.0.0.1 >/dev/null
  SWARM_ACTIVE=1
  measure swarm /var/run/docker.sock
  docker -H "$HOSTD" swarm leave --force >/dev/null
  SWARM_ACTIVE=0
  if [ -z "$GWBRIDGE_BEFORE" ]; then docker -H "$HOSTD" network rm docker_gwbridge >/dev/null 2>&1 || true; fi
fi

echo
echo "API write throughput, $N creates per cell (0-replica services), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, dockerd $(docker -H "$HOSTD" version --format '{{.Server.Version}}' 2>/dev/null)"
echo
echo "| system | 1 client (creates/s) | 16 clients (creates/s) |"
echo "|---|---|---|"
for s in skep1 skep3 swarm; do
  case $s in skep1) name="Skep, 1 manager";; skep3) name="Skep, 3 managers (round-robin)";; swarm) name="Docker Swarm, 1 manager";; esac
  echo "| $name | ${RESULT[$s,1]:--} | ${RESULT[$s,16]:--} |"
done
