#!/usr/bin/env bash
# A Skep cluster of real nodes on one machine: each node is its own network namespace with its own dockerd and
# skepd, on a test bridge in the root namespace (recipe: docs/TESTING.md, "Nodes in network namespaces").
#
#   scripts/netns-cluster.sh up N DIR     start N nodes (node1 inits the swarm, the others join as workers)
#   scripts/netns-cluster.sh down DIR     kill everything `up` started (by PID), delete namespaces, links,
#                                         iptables rules and DIR; safe after a failed or partial `up`
#   scripts/netns-cluster.sh status DIR   one line per node: name, address, SKEP_HOST, dockerd/skepd alive
#   scripts/netns-cluster.sh kill K DIR   node K dies: SIGKILL its skepd and dockerd, its link to the bridge goes
#                                         down (its containers are cut off, as on a dead machine)
#
# Needs root, iproute2 (ip netns), dockerd, docker CLI, iptables. Every piece of state (PIDs, sockets, data, logs)
# lives under DIR; keep DIR short (unix socket paths are limited to 108 bytes), e.g. /tmp/skepnet.
# Node K (1-based) is namespace ${SKEP_NETNS_PREFIX}K, address ${SKEP_NETNS_NET}.(10+K), hostname nodeK,
# Docker at unix://DIR/nodeK/docker.sock, Skep at unix://DIR/nodeK/skep.sock (its SKEP_HOST / DOCKER_HOST).
#
# Environment (all optional):
#   SKEP_NETNS_BRIDGE   test bridge name                    (skepbr0)
#   SKEP_NETNS_NET      first three octets of the /24       (10.231.0; the bridge is .1, node K is .(10+K))
#   SKEP_NETNS_PREFIX   namespace name prefix               (skep-node)
#   SKEP_NETNS_VETH     root-side veth name prefix          (skv; node K's is skvK)
#   SKEP_NETNS_BIP      first two octets of each node's docker0 (10.232; node K gets 10.232.K.1/24)
#   SKEP_NETNS_MANAGERS how many nodes join as managers     (1: only node1)
#   SKEP_NETNS_IMAGES   extra images to copy into every node (skep-busybox:latest, :v2 and skep-coins-* always)
#   SKEP_NETNS_NET2     the course's two-interface machines: every node also gets eth1 at NET2.(10+K)/24 on a second
#                       bridge (SKEP_NETNS_BRIDGE2, default BRIDGE with a "b"); skepd starts without address flags,
#                       node1 runs `docker swarm init SKEP_NETNS_INIT_FLAGS` (default: the course's
#                       "--advertise-addr eth1:7777 --listen-addr eth1:7777") and the others run the
#                       `docker swarm join ...` line that `docker swarm join-token worker` prints, as typed
#   SKEP_JAVA           java binary for skepd               (the launcher's JDK)
#   SKEP_CLASSPATH      skepd's class path                  (dist/target/classes:dist/target/lib/*, built first)
#   SKEP_JAVA_OPTS      extra JVM options for skepd         (-Xmx384m -XX:+UseSerialGC)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BRIDGE=${SKEP_NETNS_BRIDGE:-skepbr0}
NET=${SKEP_NETNS_NET:-10.231.0}
PREFIX=${SKEP_NETNS_PREFIX:-skep-node}
VETH=${SKEP_NETNS_VETH:-skv}
BIP=${SKEP_NETNS_BIP:-10.232}
MANAGERS=${SKEP_NETNS_MANAGERS:-1}
NET2=${SKEP_NETNS_NET2:-}
BRIDGE2=${SKEP_NETNS_BRIDGE2:-${BRIDGE}b}
INIT_FLAGS=${SKEP_NETNS_INIT_FLAGS:---advertise-addr eth1:7777 --listen-addr eth1:7777}
FORWARD_RULE=(FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT)

say() { echo "netns-cluster: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }
# shellcheck source=scripts/skepd-common.sh
. "$ROOT/scripts/skepd-common.sh"
# shellcheck source=scripts/netns-common.sh
. "$ROOT/scripts/netns-common.sh"
elapsed() { echo "$(( $(date +%s%N) / 1000000 - START_MS )) ms"; }

usage() {
  sed -n '5,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

preflight() {
  [[ $(id -u) -eq 0 ]] || die "needs root (network namespaces, bridges, dockerd)"
  ip netns list >/dev/null 2>&1 || die "'ip netns' is not available (iproute2 with netns support)"
  command -v dockerd >/dev/null || die "dockerd is not installed"
  command -v docker >/dev/null || die "the docker CLI is not installed"
  command -v iptables >/dev/null || die "iptables is not installed"
  command -v unshare >/dev/null || die "unshare (util-linux) is not installed"
}

node_dir() { echo "$DIR/node$1"; }
node_ns() { echo "$PREFIX$1"; }
node_ip() { echo "$NET.$((10 + $1))"; }
node_ip2() { echo "$NET2.$((10 + $1))"; }
node_veth() { echo "$VETH$1"; }

# ---- up ----------------------------------------------------------------------------------------------------

bridge_up() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    echo "$BRIDGE" >"$DIR/bridge.created"
  fi
  ip addr replace "$NET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # dockerd's FORWARD policy drops bridged traffic once br_netfilter is on: let the test bridge through
  if ! iptables -C "${FORWARD_RULE[@]}" 2>/dev/null; then
    iptables -I "${FORWARD_RULE[@]}"
    echo "${FORWARD_RULE[*]}" >"$DIR/iptables.added"
  fi
  [[ -n $NET2 ]] || return 0
  if ! ip link show "$BRIDGE2" >/dev/null 2>&1; then
    ip link add "$BRIDGE2" type bridge
    echo "$BRIDGE2" >"$DIR/bridge2.created"
  fi
  ip addr replace "$NET2.1/24" dev "$BRIDGE2"
  ip link set "$BRIDGE2" up
  local rule2=(FORWARD -i "$BRIDGE2" -o "$BRIDGE2" -j ACCEPT)
  if ! iptables -C "${rule2[@]}" 2>/dev/null; then
    iptables -I "${rule2[@]}"
    echo "${rule2[*]}" >"$DIR/iptables2.added"
  fi
}

netns_up() {
  local k=$1 ns veth
  ns=$(node_ns "$k"); veth=$(node_veth "$k")
  ip netns list | grep -qw "^$ns" && die "namespace $ns already exists (another cluster? run: $0 down DIR)"
  mkdir -p "$(node_dir "$k")"
  ip netns add "$ns"
  echo "$ns" >"$(node_dir "$k")/netns"
  ip link add "$veth" type veth peer name eth0 netns "$ns"
  echo "$veth" >"$(node_dir "$k")/veth"
  ip link set "$veth" master "$BRIDGE" up
  ip -n "$ns" addr add "$(node_ip "$k")/24" dev eth0
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$NET.1"
  [[ -n $NET2 ]] || return 0
  ip link add "${veth}b" type veth peer name eth1 netns "$ns"
  echo "${veth}b" >"$(node_dir "$k")/veth2"
  ip link set "${veth}b" master "$BRIDGE2" up
  ip -n "$ns" addr add "$(node_ip2 "$k")/24" dev eth1
  ip -n "$ns" link set eth1 up
}

dockerd_start() {
  local k=$1 d
  d=$(node_dir "$k")
  mkdir -p "$d/docker" "$d/exec" "$d/skep/secrets"
  # skepd's tmpfs for its tasks' secrets (<data-dir>/secrets), mounted before the node's dockerd and skepd get
  # their own mount namespaces so that both see the same one (`down` unmounts everything under DIR)
  mountpoint -q "$d/skep/secrets" ||
    mount -t tmpfs -o mode=0700,nosuid,nodev,noexec,size=64m tmpfs "$d/skep/secrets"
  netns_dockerd_script "node$k" --data-root "$d/docker" --exec-root "$d/exec" --pidfile "$d/dockerd.pid" \
    -H "unix://$d/docker.sock" --bip "$BIP.$k.1/24" --storage-driver "${SKEP_NETNS_STORAGE_DRIVER:-overlay2}" \
    --log-level warn >"$d/dockerd.sh"
  ip netns exec "$(node_ns "$k")" unshare --uts sh "$d/dockerd.sh" >"$d/dockerd.log" 2>&1 &
  echo $! >"$d/dockerd.launched.pid"
}

await_dockerd() {
  local k=$1 d
  d=$(node_dir "$k")
  await_api "node$k: dockerd" "$d/docker.sock" "$(cat "$d/dockerd.launched.pid")" "$d/dockerd.log" 30
}

images_save() {
  local images=(skep-busybox:latest skep-busybox:v2)
  local extra
  extra=$(docker images --format '{{.Repository}}:{{.Tag}}' | grep '^skep-coins-' || true)
  # shellcheck disable=SC2206
  images+=($extra ${SKEP_NETNS_IMAGES:-})
  local present=()
  for i in "${images[@]}"; do
    docker image inspect "$i" >/dev/null 2>&1 && present+=("$i") || say "image $i is not on the host's dockerd; skipped"
  done
  if [[ ${#present[@]} -gt 0 ]]; then
    docker save "${present[@]}" >"$DIR/images.tar"
    say "images: ${present[*]}"
  fi
}

images_load() {
  local k=$1 d
  d=$(node_dir "$k")
  [[ -f "$DIR/images.tar" ]] || return 0
  docker -H "unix://$d/docker.sock" load -i "$DIR/images.tar" >"$d/load.log" 2>&1 \
    || { cat "$d/load.log" >&2; die "node$k: docker load failed"; }
}

skepd_start() {
  local k=$1 d ip
  d=$(node_dir "$k"); ip=$(node_ip "$k")
  mkdir -p "$d/skep"
  # on the course's machines skepd knows no address: swarm init and join say them all
  local addrs=(--listen-addr "$ip:2377" --advertise-addr "$ip")
  [[ -z $NET2 ]] || addrs=()
  # shellcheck disable=SC2086
  ip netns exec "$(node_ns "$k")" unshare --uts sh -c 'hostname "$0"; exec "$@"' "node$k" \
    "$JAVA" ${SKEP_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC} -cp "$CP" dev.skep.daemon.DaemonMain \
    --data-dir "$d/skep" --socket "$d/skep.sock" "${addrs[@]}" \
    --docker-host "unix://$d/docker.sock" --node-name "node$k" >"$d/skepd.log" 2>&1 &
  echo $! >"$d/skepd.pid"
}

cmd_up() {
  local n=$1 k
  [[ $n =~ ^[0-9]+$ && $n -ge 1 && $n -le 200 ]] || die "N must be a number from 1 to 200"
  preflight
  if [[ -f "$DIR/nodes" ]]; then die "$DIR already holds a cluster; run: $0 down $DIR"; fi
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
  echo "$n" >"$DIR/nodes"
  printf 'BRIDGE=%s\nNET=%s\nPREFIX=%s\nVETH=%s\nNET2=%s\nBRIDGE2=%s\n' "$BRIDGE" "$NET" "$PREFIX" "$VETH" \
    "$NET2" "$BRIDGE2" >"$DIR/config"
  START_MS=$(( $(date +%s%N) / 1000000 ))
  java_setup
  say "bridge $BRIDGE $NET.1/24 and $n namespaces"
  bridge_up
  for k in $(seq 1 "$n"); do netns_up "$k"; done
  say "starting $n dockerd ($(elapsed))"
  images_save &
  local saver=$!
  for k in $(seq 1 "$n"); do dockerd_start "$k"; done
  for k in $(seq 1 "$n"); do await_dockerd "$k"; done
  wait "$saver" || die "docker save failed"
  say "dockerd up; loading images and starting $n skepd ($(elapsed))"
  local loaders=()
  for k in $(seq 1 "$n"); do images_load "$k" & loaders+=($!); done
  for k in $(seq 1 "$n"); do skepd_start "$k"; done
  for p in "${loaders[@]}"; do wait "$p" || die "loading images failed"; done
  for k in $(seq 1 "$n"); do await_skepd "$k"; done
  say "skepd up; forming the swarm ($(elapsed))"
  if [[ -n $NET2 ]]; then form_course_swarm "$n"; else form_swarm "$n"; fi
  say "cluster of $n nodes up in $(elapsed)"
  cmd_status
}

form_swarm() {
  local n=$1 d1 token mtoken k
  d1=$(node_dir 1)
  docker -H "unix://$d1/skep.sock" swarm init --advertise-addr "$(node_ip 1)" >"$DIR/init.log" 2>&1 \
    || { cat "$DIR/init.log" >&2; die "swarm init on node1 failed"; }
  token=$(docker -H "unix://$d1/skep.sock" swarm join-token -q worker)
  mtoken=$(docker -H "unix://$d1/skep.sock" swarm join-token -q manager)
  for k in $(seq 2 "$n"); do
    local t=$token role=worker
    if [[ $k -le $MANAGERS ]]; then t=$mtoken; role=manager; fi
    join_node "$k" "$t" "$(node_ip 1):2377"
    say "node$k joined as $role"
  done
}

# The course's way: node1 inits with interface names and a custom port; the workers type the printed join line.
form_course_swarm() {
  local n=$1 d1 line k d words
  d1=$(node_dir 1)
  # shellcheck disable=SC2086
  docker -H "unix://$d1/skep.sock" swarm init $INIT_FLAGS >"$DIR/init.log" 2>&1 \
    || { cat "$DIR/init.log" >&2; die "swarm init $INIT_FLAGS on node1 failed"; }
  line=$(docker -H "unix://$d1/skep.sock" swarm join-token worker | grep -o 'docker swarm join .*')
  echo "$line" >"$DIR/join-command"
  read -r -a words <<<"$line"
  for k in $(seq 2 "$n"); do
    d=$(node_dir "$k")
    docker -H "unix://$d/skep.sock" "${words[@]:1}" >"$d/join.log" 2>&1 \
      || { cat "$d/join.log" >&2; die "node$k: '$line' failed"; }
    say "node$k joined: $line"
  done
}

cmd_status() {
  local n k d
  [[ -f "$DIR/nodes" ]] || die "no cluster in $DIR"
  n=$(cat "$DIR/nodes")
  for k in $(seq 1 "$n"); do
    d=$(node_dir "$k")
    printf 'node%s %s SKEP_HOST=unix://%s/skep.sock DOCKER_HOST=unix://%s/docker.sock dockerd=%s skepd=%s\n' \
      "$k" "$(node_ip "$k")" "$d" "$d" "$(alive "$d/dockerd.launched.pid")" "$(alive "$d/skepd.pid")"
  done
}

# ---- down --------------------------------------------------------------------------------------------------

descendants() {
  local c
  for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do descendants "$c"; echo "$c"; done
}

# SIGKILL the given PIDs and all their descendants (found first, so reparenting cannot hide them)
kill_tree() {
  local p all=()
  for p in "$@"; do
    [[ -n $p ]] && kill -0 "$p" 2>/dev/null || continue
    all+=("$p" $(descendants "$p"))
  done
  [[ ${#all[@]} -gt 0 ]] || return 0
  kill -KILL "${all[@]}" 2>/dev/null || true
  for p in "${all[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
  done
}

cmd_kill() {
  local k=$1 d
  [[ $(id -u) -eq 0 ]] || die "needs root"
  d=$(node_dir "$k")
  [[ -d $d ]] || die "no node$k in $DIR"
  [[ -f "$d/skepd.pid" ]] && kill -KILL "$(cat "$d/skepd.pid")" 2>/dev/null || true
  [[ -f "$d/dockerd.launched.pid" ]] && kill -KILL "$(cat "$d/dockerd.launched.pid")" 2>/dev/null || true
  [[ -f "$d/veth" ]] && ip link set "$(cat "$d/veth")" down
  say "node$k killed (skepd and dockerd SIGKILLed, $(cat "$d/veth" 2>/dev/null) down)"
}

cmd_down() {
  [[ $(id -u) -eq 0 ]] || die "needs root"
  # tear down as much as there is: a missing piece (after a failed `up`) is not an error
  set +e +o pipefail
  [[ -d $DIR ]] || { say "$DIR does not exist; nothing to do"; return 0; }
  DIR=$(cd "$DIR" && pwd)
  # the settings `up` used, so `down` needs no environment
  # shellcheck disable=SC1091
  [[ -f "$DIR/config" ]] && . "$DIR/config"
  FORWARD_RULE=(FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT)
  local d pids
  # everything started in a node's namespace (skepd, dockerd, containerd, shims) and the shims' children (the
  # containers, in their own namespaces): SIGKILL, since the data dir goes anyway and dockerd would spend
  # seconds stopping containers politely
  for d in "$DIR"/node*/; do
    pids=""
    [[ -f "$d/skepd.pid" ]] && pids+=" $(cat "$d/skepd.pid")"
    [[ -f "$d/dockerd.launched.pid" ]] && pids+=" $(cat "$d/dockerd.launched.pid")"
    [[ -f "$d/netns" ]] && pids+=" $(ip netns pids "$(cat "$d/netns")" 2>/dev/null | tr '\n' ' ')"
    kill_tree $pids
  done
  for d in "$DIR"/node*/; do
    [[ -f "$d/veth" ]] && ip link del "$(cat "$d/veth")" 2>/dev/null || true
    [[ -f "$d/veth2" ]] && ip link del "$(cat "$d/veth2")" 2>/dev/null || true
    [[ -f "$d/netns" ]] && ip netns del "$(cat "$d/netns")" 2>/dev/null || true
  done
  if [[ -f "$DIR/iptables.added" ]]; then
    iptables -D "${FORWARD_RULE[@]}" 2>/dev/null || true
  fi
  if [[ -f "$DIR/iptables2.added" ]]; then
    iptables -D FORWARD -i "$BRIDGE2" -o "$BRIDGE2" -j ACCEPT 2>/dev/null || true
  fi
  for f in "$DIR/bridge.created" "$DIR/bridge2.created"; do
    [[ -f $f ]] && ip link del "$(cat "$f")" 2>/dev/null || true
  done
  # dockerd leaves overlay/shm mounts under its data root when killed
  grep -F " $DIR/" /proc/self/mounts | awk '{print $2}' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$DIR" || die "could not remove $DIR"
  say "down: $DIR removed"
}

[[ $# -ge 2 ]] || usage
case $1 in
  up) [[ $# -eq 3 ]] || usage; DIR=$3; cmd_up "$2" ;;
  down) DIR=$2; cmd_down ;;
  kill) [[ $# -eq 3 ]] || usage; DIR=$(cd "$3" && pwd); [[ -f "$DIR/config" ]] && . "$DIR/config"; cmd_kill "$2" ;;
  status) DIR=$2; DIR=$(cd "$DIR" && pwd); [[ -f "$DIR/config" ]] && . "$DIR/config"; cmd_status ;;
  *) usage ;;
esac
