# Sourced by scripts/netns-cluster.sh and scripts/host-cluster.sh: finding skepd's java and class path, waiting for
# a node's skepd to answer, joining a node to the swarm, and telling whether a recorded PID is alive. Expects
# ROOT, DIR, say, die and node_dir.

# Sets JAVA and CP: SKEP_JAVA/SKEP_CLASSPATH when given, else the launcher's build (made first if needed).
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

# Waits up to 60 s until node K's skepd answers on DIR/nodeK/skep.sock; dies with its log if it exits or never does.
await_skepd() {
  local k=$1 d
  d=$(node_dir "$k")
  for _ in $(seq 1 300); do
    [[ -S "$d/skep.sock" ]] && docker -H "unix://$d/skep.sock" version >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$d/skepd.pid")" 2>/dev/null || { tail -30 "$d/skepd.log" >&2; die "node$k: skepd exited"; }
    sleep 0.2
  done
  tail -30 "$d/skepd.log" >&2
  die "node$k: skepd did not answer within 60 s"
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
