# shellcheck shell=bash
# Shared by bench/failover.sh (source it; not a program): real Docker Swarm managers, one dockerd per network
# namespace on this machine, started like scripts/netns-cluster.sh starts a node's dockerd (scripts/netns-common.sh).
# Needs WORK, die() and the repository root as the working directory; fills SW_SOCKS[i].
# swarm_netns_teardown removes everything it made: dockerds, namespaces, veths, the bridge, the iptables rule.

# shellcheck source=scripts/skepd-common.sh
source scripts/skepd-common.sh
# shellcheck source=scripts/netns-common.sh
source scripts/netns-common.sh

SW_BRIDGE=skbench0
SW_NET=10.231.7
SW_PIDS=(); SW_SOCKS=(); SW_NODES=0; SW_RULE=0; SW_BRIDGE_MADE=0

swarm_netns_setup() {   # swarm_netns_setup N : bridge, N namespaces with veths, FORWARD rule
  local n=$1 i ns
  ip link add "$SW_BRIDGE" type bridge
  SW_BRIDGE_MADE=1
  ip addr add "$SW_NET.1/24" dev "$SW_BRIDGE"
  ip link set "$SW_BRIDGE" up
  iptables -I FORWARD -i "$SW_BRIDGE" -o "$SW_BRIDGE" -j ACCEPT
  SW_RULE=1
  for i in $(seq 1 "$n"); do
    ns="skbench-n$i"
    ip netns add "$ns"
    SW_NODES=$i
    ip link add "skbv$i" type veth peer name "skbp$i"
    ip link set "skbv$i" master "$SW_BRIDGE" up
    ip link set "skbp$i" netns "$ns"
    ip netns exec "$ns" ip link set "skbp$i" name eth0
    ip netns exec "$ns" ip addr add "$SW_NET.1$i/24" dev eth0
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" ip link set eth0 up
    ip netns exec "$ns" ip route add default via "$SW_NET.1"
    SW_SOCKS[$i]="$WORK/sw-$i/docker.sock"
  done
}

swarm_start_dockerd() {   # swarm_start_dockerd I : (re)starts node I's dockerd on its own data root
  local i=$1 dir="$WORK/sw-$1"
  mkdir -p "$dir/root" "$dir/exec"
  netns_dockerd_script "swarm-n$i" --data-root "$dir/root" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    -H "unix://$dir/docker.sock" --bip "172.31.$((10 + i)).1/24" >"$dir/dockerd.sh"
  ip netns exec "skbench-n$i" unshare --uts sh "$dir/dockerd.sh" >>"$dir/dockerd.log" 2>&1 &
  SW_PIDS[$i]=$!
  await_api "dockerd $i" "$dir/docker.sock" "${SW_PIDS[$i]}" "$dir/dockerd.log" 60
}

swarm_form() {   # swarm_form N : init on node 1 and join the others as managers
  local n=$1 i token
  docker -H "unix://${SW_SOCKS[1]}" swarm init --advertise-addr "$SW_NET.11" >/dev/null
  token="$(docker -H "unix://${SW_SOCKS[1]}" swarm join-token -q manager)"
  for i in $(seq 2 "$n"); do
    docker -H "unix://${SW_SOCKS[$i]}" swarm join --advertise-addr "$SW_NET.1$i" --token "$token" "$SW_NET.11:2377" >/dev/null
  done
}

swarm_kill() {   # swarm_kill I : SIGKILL node I's dockerd (its containerd dies with it: parent-death signal)
  [ -n "${SW_PIDS[$1]:-}" ] || return 0
  kill -9 "${SW_PIDS[$1]}" 2>/dev/null || true
  wait "${SW_PIDS[$1]}" 2>/dev/null || true
  SW_PIDS[$1]=""
}

swarm_netns_teardown() {
  local i pids
  for i in $(seq 1 "$SW_NODES"); do
    if [ -n "${SW_PIDS[$i]:-}" ]; then
      kill "${SW_PIDS[$i]}" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "${SW_PIDS[$i]}" 2>/dev/null || break; sleep 0.2; done
      swarm_kill "$i"
    fi
    pids="$(ip netns pids "skbench-n$i" 2>/dev/null || true)"
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
    ip netns del "skbench-n$i" 2>/dev/null || true
  done
  SW_NODES=0
  if [ "$SW_RULE" = 1 ]; then iptables -D FORWARD -i "$SW_BRIDGE" -o "$SW_BRIDGE" -j ACCEPT || true; SW_RULE=0; fi
  if [ "$SW_BRIDGE_MADE" = 1 ]; then ip link del "$SW_BRIDGE" 2>/dev/null || true; SW_BRIDGE_MADE=0; fi
}
