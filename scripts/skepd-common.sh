# shellcheck shell=bash
# The one place for what every script that starts skepd needs: finding skepd's java and class path, a free pair of
# ports, waiting for a daemon to answer, joining a node to the swarm, and telling whether a recorded PID is alive.
# Sourced by scripts/netns-cluster.sh, scripts/host-cluster.sh, bench/skep-cluster.sh (failover, write-throughput),
# bench/service-create.sh and bench/create-cpu.sh. Every function expects die; java_setup also ROOT, DIR and say;
# await_skepd and join_node also node_dir.

# Sets JAVA and CP: SKEP_JAVA/SKEP_CLASSPATH when given, else the launcher's build (made first if needed).
# shellcheck disable=SC2034  # JAVA and CP are for the script that sources this file
java_setup() {
  if [[ -n "${SKEP_CLASSPATH:-}" ]]; then
    JAVA=${SKEP_JAVA:-java}
    CP=$SKEP_CLASSPATH
    return
  fi
  say "building Skep if needed (./skep --help)"
  "$ROOT/skep" --help >/dev/null 2>"$DIR/build.log" || { cat "$DIR/build.log" >&2; die "Skep did not build"; }
  JAVA=${SKEP_JAVA:-"$("$ROOT/scripts/java-home.sh")/bin/java"}
  CP="$ROOT/dist/target/classes:$ROOT/dist/target/lib/*"
}

# A port P such that nothing listens on P or P+1: skepd's cluster port and the Raft port after it.
free_port_pair() {
  local port
  while :; do
    port=$(( 40000 + RANDOM % 20000 ))
    if ! ss -Htln | awk '{print $4}' | grep -Eq ":($port|$((port + 1)))\$"; then echo "$port"; return; fi
  done
}

# await_api NAME SOCK PID LOG SECONDS: waits until the daemon (skepd or dockerd; both serve the Engine API) with
# PID answers on the unix socket SOCK; dies with the tail of LOG if it exits or does not answer within SECONDS.
await_api() {
  local name=$1 sock=$2 pid=$3 log=$4 seconds=$5 deadline
  deadline=$(( $(date +%s) + seconds ))
  until [[ -S $sock ]] && docker -H "unix://$sock" version >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$log" >&2; die "$name exited"; }
    [[ $(date +%s) -lt $deadline ]] || { tail -30 "$log" >&2; die "$name did not answer within $seconds s"; }
    sleep 0.2
  done
}

# Waits up to 60 s until node K's skepd answers on DIR/nodeK/skep.sock; dies with its log if it exits or never does.
await_skepd() {
  local k=$1 d
  d=$(node_dir "$k")
  await_api "node$k: skepd" "$d/skep.sock" "$(cat "$d/skepd.pid")" "$d/skepd.log" 60
}

# "up" when the PID in file $1 runs, else "down".
alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null && echo up || echo down; }

# Node K joins the swarm through its own socket with TOKEN via the manager at ADDR; dies with the CLI's output.
join_node() {
  local k=$1 token=$2 addr=$3 d
  d=$(node_dir "$k")
  docker -H "unix://$d/skep.sock" swarm join --token "$token" "$addr" >"$d/join.log" 2>&1 \
    || { cat "$d/join.log" >&2; die "node$k: swarm join failed"; }
}
