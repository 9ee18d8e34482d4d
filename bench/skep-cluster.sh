# shellcheck shell=bash
# Shared by bench/failover.sh and bench/write-throughput.sh (source it; not a program):
# starts skepd processes (--executor sim) on this machine and forms a swarm of them.
# Needs: WORK (a temp dir), JAVA, die, the repository root as the working directory; fills SKEP_PIDS[i],
# SKEP_SOCKS[i], SKEP_PORTS[i], SKEP_NAMES[i] (i from 1).

# shellcheck source=scripts/skepd-common.sh
source scripts/skepd-common.sh

SKEP_PIDS=(); SKEP_SOCKS=(); SKEP_PORTS=(); SKEP_NAMES=()

skep_launch() {   # skep_launch I : (re)starts skepd number I on its data dir, socket and ports
  local i=$1 dir="$WORK/skep-$1" opts
  mkdir -p "$dir/data"
  # SKEP_JAVA_OPTS: extra JVM options for every skepd, e.g. -Dskep.raft.cleartext=true (write-throughput.sh).
  read -ra opts <<<"${SKEP_JAVA_OPTS:-}"
  "$JAVA" -Xmx512m "${opts[@]}" -cp "dist/target/classes:dist/target/lib/*" dev.skep.daemon.DaemonMain \
    --data-dir "$dir/data" --socket "$dir/skepd.sock" --listen-addr "127.0.0.1:${SKEP_PORTS[$i]}" \
    --advertise-addr 127.0.0.1 --node-name "${SKEP_NAMES[$i]}" --executor sim >>"$dir/skepd.log" 2>&1 &
  SKEP_PIDS[$i]=$!
}

skep_await_ping() {   # skep_await_ping I
  await_api "skepd $1" "${SKEP_SOCKS[$1]}" "${SKEP_PIDS[$1]}" "$WORK/skep-$1/skepd.log" 90
}

skep_start_cluster() {   # skep_start_cluster N : N managers, swarm init on the first, the others join
  local n=$1 i token
  for i in $(seq 1 "$n"); do
    SKEP_PORTS[$i]="$(free_port_pair)"
    SKEP_SOCKS[$i]="$WORK/skep-$i/skepd.sock"
    SKEP_NAMES[$i]="bench-m$i"
    skep_launch "$i"
  done
  for i in $(seq 1 "$n"); do skep_await_ping "$i"; done
  docker -H "unix://${SKEP_SOCKS[1]}" swarm init >/dev/null
  if [ "$n" -gt 1 ]; then
    token="$(docker -H "unix://${SKEP_SOCKS[1]}" swarm join-token -q manager)"
    for i in $(seq 2 "$n"); do
      docker -H "unix://${SKEP_SOCKS[$i]}" swarm join --token "$token" "127.0.0.1:${SKEP_PORTS[1]}" >/dev/null
    done
  fi
}

skep_kill() {   # skep_kill I : SIGKILL, as a crash would
  [ -n "${SKEP_PIDS[$1]:-}" ] || return 0
  kill -9 "${SKEP_PIDS[$1]}" 2>/dev/null || true
  wait "${SKEP_PIDS[$1]}" 2>/dev/null || true
  SKEP_PIDS[$1]=""
}

skep_stop_all() {
  local i
  for i in "${!SKEP_PIDS[@]}"; do skep_kill "$i"; done
}
