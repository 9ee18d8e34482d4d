#!/usr/bin/env bash
# Skep's data plane measured (issue #6 point 8), on a 3-node cluster of real nodes (scripts/netns-cluster.sh: a
# network namespace, dockerd and skepd per node):
#
#  1. HTTP requests/s and p99 latency (wrk) to one nginx task on node2, from node3, so every request crosses the
#     VXLAN overlay or the test bridge between two nodes:
#       direct        wrk in a client task (overlay `bench`, node3) → the web task's overlay IP
#       VIP           the same client → the service's VIP on `bench` (nftables DNAT on node3)
#       ns direct     wrk in node3's namespace → the web task's address on `ingress` (VXLAN node3 → node2, from
#                     node3's own ingress address): the same client as the mesh rows, so mesh remote/ns direct is
#                     the like-for-like price of the routing mesh's extra hop
#       mesh, remote  wrk in node3's namespace → node1:8080 (routing mesh: node1 DNATs to node2:8080 and SNATs,
#                     node2 DNATs to its task) — the usual case of a load balancer in front of a cluster
#       mesh, local   wrk in node3's namespace → node2:8080 (the receiving node runs the task)
#       host mode     wrk in node3's namespace → node2:8081 (a second task on node2, --publish mode=host)
#     each with keep-alive connections and with a new connection per request (`Connection: close`, so every
#     request pays the DNAT/conntrack setup), RUNS runs of DURATION s, interleaved; the table shows medians and
#     the ratio to `direct` (the issue's goal: ≥ 90 % of direct throughput) and to `ns direct`.
#  2. DNS answer latency of node3's Skep DNS server (at the `bench` gateway): QUERIES sequential A queries of
#     `web` and `tasks.web`, each timed around its UDP round trip (python3 in node3's namespace; dig and busybox
#     nslookup only time in milliseconds or include a process start); median and p99.
#  3. Time from a task being Running (its status timestamp, set by the agent when the container started) to
#     being reachable by name (also from the container's StartedAt, which dockerd records when the process
#     starts: the agent stamps Running with a time taken before it calls docker start): TRIALS times, a new service `probeN` on node2 while the client task on node3
#     starts `GET http://probeN/` (busybox nc) every 20 ms (each attempt in the background, so one lost SYN does not hide
#     the moment); the first success's time minus the Running timestamp.
#
# Usage (as root, from anywhere):  bench/dataplane.sh
#   DURATION=10 RUNS=5 THREADS=2 CONNS=8 QUERIES=2000 TRIALS=5 DIR=/tmp/skep-bnet; KEEP=1 leaves the cluster up
#   (remove it with: scripts/netns-cluster.sh down DIR). The cluster's bridge, subnet, namespace prefix and
#   docker0 ranges default to skepbbr0, 10.231.9.0/24, skb-node, 10.234 (override with SKEP_NETNS_*).
# Builds skep-nginx:1 and skep-wrk:1 (scripts/build-bench-images.sh) and leaves them on the host's dockerd.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
RUNS=${RUNS:-5}
THREADS=${THREADS:-2}
CONNS=${CONNS:-8}
QUERIES=${QUERIES:-2000}
TRIALS=${TRIALS:-5}
DIR=${DIR:-/tmp/skep-bnet}
export SKEP_NETNS_BRIDGE=${SKEP_NETNS_BRIDGE:-skepbbr0}
export SKEP_NETNS_NET=${SKEP_NETNS_NET:-10.231.9}
export SKEP_NETNS_PREFIX=${SKEP_NETNS_PREFIX:-skb-node}
export SKEP_NETNS_VETH=${SKEP_NETNS_VETH:-skbv}
export SKEP_NETNS_BIP=${SKEP_NETNS_BIP:-10.234}
export SKEP_NETNS_IMAGES="skep-nginx:1 skep-wrk:1"
NODES=3
MESH_PORT=8080
HOST_PORT=8081

die() { echo "dataplane: $*" >&2; exit 1; }
log() { echo "[$(date +%T)] $*" >&2; }
[ "$(id -u)" = 0 ] || die "run as root (network namespaces, dockerd)"
command -v python3 >/dev/null || die "python3 is needed to time DNS queries"
command -v jq >/dev/null || die "jq is needed"
if ! command -v wrk >/dev/null; then
  log "installing wrk (Debian)"
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi

cleanup() { [ "${KEEP:-0}" = 1 ] || scripts/netns-cluster.sh down "$DIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT

log "building the benchmark images"
bash scripts/build-test-images.sh >&2
bash scripts/build-bench-images.sh >&2
log "starting a $NODES-node cluster in $DIR"
scripts/netns-cluster.sh down "$DIR" >/dev/null 2>&1 || true
scripts/netns-cluster.sh up "$NODES" "$DIR" >&2
SKEP="unix://$DIR/node1/skep.sock"
skep() { docker -H "$SKEP" "$@"; }
node_docker() { local k=$1; shift; docker -H "unix://$DIR/node$k/docker.sock" "$@"; }
node_ip() { echo "$SKEP_NETNS_NET.$((10 + $1))"; }
in_node() { local k=$1; shift; ip netns exec "$SKEP_NETNS_PREFIX$k" "$@"; }

await_running() {   # await_running SERVICE N : until N tasks of SERVICE run
  local deadline=$(( $(date +%s) + 120 ))
  until [ "$(skep service ls --filter "name=$1" --format '{{.Name}} {{.Replicas}}' 2>/dev/null \
            | awk -v s="$1" '$1 == s { split($2, r, "/"); print r[1] + 0 }')" -ge "$2" ] 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$1 did not reach $2 running tasks"
    sleep 0.5
  done
}

task_container() {   # task_container NODE SERVICE : the ID of SERVICE's container on node NODE
  node_docker "$1" ps -q --filter "label=com.docker.swarm.service.name=$2" | head -1
}

log "network and services"
skep network create -d overlay bench >/dev/null
BENCH_NET=$(skep network inspect bench --format '{{.Id}}')
skep service create --detach --no-resolve-image --name web --network bench --publish "$MESH_PORT:80" \
  --constraint node.hostname==node2 skep-nginx:1 >/dev/null
# on `bench` too: Skep's host-mode rule DNATs to the task's first overlay address, and a task on no overlay
# network gets no rule at all (found by this benchmark; Swarm would use Docker's port binding there)
skep service create --detach --no-resolve-image --name webhost --network bench --publish "mode=host,published=$HOST_PORT,target=80" \
  --constraint node.hostname==node2 skep-nginx:1 >/dev/null
skep service create --detach --no-resolve-image --name client --network bench --constraint node.hostname==node3 skep-wrk:1 >/dev/null
for s in web webhost client; do await_running "$s" 1; done
sleep 5   # let the freshly started skepd and dockerd settle before anything is timed

CLIENT=$(task_container 3 client)
[ -n "$CLIENT" ] || die "no client container on node3"
WEB_CONTAINER=$(task_container 2 web)
SUBNET=$(skep network inspect bench | jq -r '.[0].IPAM.Config[0].Subnet')
# the web container's address on `bench` (it also has one on `ingress`)
TASK_IP=$(python3 -c 'import ipaddress, sys; n = ipaddress.ip_network(sys.argv[1])
print(next((a for a in sys.argv[2:] if ipaddress.ip_address(a) in n), ""))' "$SUBNET" \
  $(node_docker 2 inspect "$WEB_CONTAINER" | jq -r '.[0].NetworkSettings.Networks[].IPAddress'))
VIP=$(skep service inspect web | jq -r --arg n "$BENCH_NET" '.[0].Endpoint.VirtualIPs[] | select(.NetworkID == $n) | .Addr' \
  | cut -d/ -f1)
GATEWAY=$(skep network inspect bench | jq -r '.[0].IPAM.Config[0].Gateway')
[ -n "$TASK_IP" ] && [ -n "$VIP" ] && [ -n "$GATEWAY" ] || die "task IP '$TASK_IP', VIP '$VIP' or gateway '$GATEWAY' missing"
# the like-for-like direct path for the mesh rows: node3's namespace straight to the task's ingress address over
# VXLAN, from node3's own address on ingress (its routes would pick the gateway, which is node2's too)
INGRESS_SUBNET=$(skep network inspect ingress | jq -r '.[0].IPAM.Config[0].Subnet')
INGRESS_GATEWAY=$(skep network inspect ingress | jq -r '.[0].IPAM.Config[0].Gateway')
INGRESS_TASK_IP=$(python3 -c 'import ipaddress, sys; n = ipaddress.ip_network(sys.argv[1])
print(next((a for a in sys.argv[2:] if ipaddress.ip_address(a) in n), ""))' "$INGRESS_SUBNET" \
  $(node_docker 2 inspect "$WEB_CONTAINER" | jq -r '.[0].NetworkSettings.Networks[].IPAddress'))
INGRESS_DEV=$(in_node 3 ip -o -4 route get "$INGRESS_TASK_IP" | sed -n 's/.* dev \([^ ]*\).*/\1/p')
NODE3_INGRESS=$(in_node 3 ip -o -4 addr show dev "$INGRESS_DEV" | awk -v p="/${INGRESS_SUBNET#*/}" -v g="$INGRESS_GATEWAY" \
  '{ split($4, a, "/") } "/" a[2] == p && a[1] != g { print a[1]; exit }')
[ -n "$INGRESS_TASK_IP" ] && [ -n "$NODE3_INGRESS" ] || die "ingress task IP '$INGRESS_TASK_IP' or node3's ingress address missing"
in_node 3 ip route replace "$INGRESS_TASK_IP/32" dev "$INGRESS_DEV" src "$NODE3_INGRESS"
log "web task $TASK_IP, VIP $VIP on bench; DNS at $GATEWAY; mesh on every node's :$MESH_PORT"

# every path answers before anything is timed
# (nc, not busybox wget: this busybox's wget segfaults inside containers)
HTTP_GET='printf "GET / HTTP/1.0\r\n\r\n" | nc -w 2 "$0" 80 | grep -q "200 OK"'
for host in "$TASK_IP" "$VIP" web; do
  node_docker 3 exec "$CLIENT" sh -c "$HTTP_GET" "$host" || die "client cannot reach http://$host/"
done
for url in "http://$INGRESS_TASK_IP:80/" "http://$(node_ip 1):$MESH_PORT/" "http://$(node_ip 2):$MESH_PORT/" "http://$(node_ip 2):$HOST_PORT/"; do
  in_node 3 curl -sf --max-time 5 -o /dev/null "$url" || die "node3 cannot reach $url"
done

# ---- 1. throughput and p99 ---------------------------------------------------------------------------------

CASES=(direct vip ns-direct mesh-remote mesh-local host-mode)
declare -A LABEL=(
  [direct]="direct: client task → task IP"
  [vip]="VIP: client task → service VIP"
  [ns-direct]="direct: node3 → task's ingress IP"
  [mesh-remote]="mesh: node3 → node1:$MESH_PORT (task on node2)"
  [mesh-local]="mesh: node3 → node2:$MESH_PORT (task on node2)"
  [host-mode]="host mode: node3 → node2:$HOST_PORT"
)

wrk_case() {   # wrk_case CASE SECONDS [HEADER] : wrk's output
  local args=(-t"$THREADS" -c"$CONNS" -d"$2s" --latency)
  [ -n "${3:-}" ] && args+=(-H "$3")
  case $1 in
    direct) node_docker 3 exec "$CLIENT" wrk "${args[@]}" "http://$TASK_IP:80/" ;;
    vip) node_docker 3 exec "$CLIENT" wrk "${args[@]}" "http://$VIP:80/" ;;
    ns-direct) in_node 3 wrk "${args[@]}" "http://$INGRESS_TASK_IP:80/" ;;
    mesh-remote) in_node 3 wrk "${args[@]}" "http://$(node_ip 1):$MESH_PORT/" ;;
    mesh-local) in_node 3 wrk "${args[@]}" "http://$(node_ip 2):$MESH_PORT/" ;;
    host-mode) in_node 3 wrk "${args[@]}" "http://$(node_ip 2):$HOST_PORT/" ;;
  esac
}

# "<requests/s> <p99 in ms> <errors>" from wrk's output
wrk_parse() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
    $1 == "99%" { p99 = ms($2) }
    $1 == "Requests/sec:" { rps = $2 }
    /Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
    /Non-2xx/ { err += $NF }
    END { printf "%.0f %.3f %d\n", rps, p99, err }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A RPS P99 ERR
MODES=(keepalive close)
for mode in "${MODES[@]}"; do
  header=""; [ "$mode" = close ] && header="Connection: close"
  for c in "${CASES[@]}"; do wrk_case "$c" 2 "$header" >/dev/null; done   # warm-up: caches, conntrack, JIT-free paths
  for run in $(seq 1 "$RUNS"); do
    for c in "${CASES[@]}"; do
      out=$(wrk_case "$c" "$DURATION" "$header" 2>&1) || die "wrk failed for $c: $out"
      read -r rps p99 err < <(echo "$out" | wrk_parse)
      RPS[$mode,$c]+="$rps "; P99[$mode,$c]+="$p99 "; ERR[$mode,$c]=$(( ${ERR[$mode,$c]:-0} + err ))
      log "$mode run $run $c: $rps req/s, p99 $p99 ms, $err errors"
    done
  done
done

# ---- 2. DNS answer latency ---------------------------------------------------------------------------------

log "DNS: $QUERIES queries each of web and tasks.web at $GATEWAY (node3)"
DNS_ROWS=$(in_node 3 python3 - "$GATEWAY" "$QUERIES" web tasks.web <<'PY'
import socket, struct, sys, time
server, n, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.connect((server, 53))
def query(qid, name):
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    q += b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0" + struct.pack(">HH", 1, 1)
    t = time.perf_counter_ns()
    s.send(q)
    while True:
        r = s.recv(4096)
        if struct.unpack(">H", r[:2])[0] == qid:
            break
    dt = time.perf_counter_ns() - t
    flags, _, an = struct.unpack(">HHH", r[2:8])
    return dt, flags & 0xF, an
for name in names:
    for i in range(100):                       # warm-up (JIT of the server's code path)
        query(i, name)
    lat, bad, answers = [], 0, 0
    for i in range(n):
        dt, rcode, an = query((i + 1000) & 0xFFFF, name)
        lat.append(dt / 1000.0)
        bad += rcode != 0
        answers = an
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
    print(f"| `{name}` | {n} | {answers} | {pct(0.5):.0f} µs | {pct(0.99):.0f} µs | {lat[-1]:.0f} µs | {bad} |")
PY
)

# ---- 3. Running → reachable by name ------------------------------------------------------------------------

ts_seconds() { date -d "$1" +%s.%N; }
REACH=(); REACH_STARTED=()
for i in $(seq 1 "$TRIALS"); do
  name="probe$i"
  node_docker 3 exec -d "$CLIENT" sh -c "rm -f /tmp/$name; while [ ! -s /tmp/$name ]; do
      (sh -c '$HTTP_GET' $name && /usr/local/bin/date +%s.%N >>/tmp/$name) & usleep 20000; done"
  skep service create --detach --no-resolve-image --name "$name" --network bench --constraint node.hostname==node2 skep-nginx:1 >/dev/null
  deadline=$(( $(date +%s) + 60 ))
  until reached=$(node_docker 3 exec "$CLIENT" cat "/tmp/$name" 2>/dev/null) && [ -n "$reached" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$name not reachable by name within 60 s"
    sleep 0.2
  done
  sleep 0.5   # attempts still in flight may have succeeded earlier than the first line written
  reached=$(node_docker 3 exec "$CLIENT" cat "/tmp/$name" | sort -g | head -1)
  task=$(skep service ps -q --filter desired-state=running "$name" | head -1)
  state=$(skep inspect --type task "$task" | jq -r '.[0].Status | .State + " " + .Timestamp')
  [ "${state%% *}" = running ] || die "$name's task is $state"
  running=$(ts_seconds "${state#* }")
  started=$(ts_seconds "$(node_docker 2 inspect "$(task_container 2 "$name")" | jq -r '.[0].State.StartedAt')")
  ms=$(awk -v a="$running" -v b="$reached" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
  ms_started=$(awk -v a="$started" -v b="$reached" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
  REACH+=("$ms"); REACH_STARTED+=("$ms_started")
  log "$name: Running at $running (container started $started), reachable by name at $reached: $ms ms ($ms_started ms)"
  skep service rm "$name" >/dev/null
done

# ---- report ------------------------------------------------------------------------------------------------

echo "Data plane, $NODES nodes, wrk -t$THREADS -c$CONNS, $RUNS × ${DURATION}s per case, nginx (1 worker) on node2, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $(nproc) CPUs"
echo
echo "| case | connections | requests/s (median) | p99 latency (median) | ratio to direct | ratio to ns direct | errors |"
echo "|---|---|---|---|---|---|---|"
for mode in "${MODES[@]}"; do
  direct=$(echo "${RPS[$mode,direct]}" | tr ' ' '\n' | grep . | median)
  nsdirect=$(echo "${RPS[$mode,ns-direct]}" | tr ' ' '\n' | grep . | median)
  for c in "${CASES[@]}"; do
    rps=$(echo "${RPS[$mode,$c]}" | tr ' ' '\n' | grep . | median)
    p99=$(echo "${P99[$mode,$c]}" | tr ' ' '\n' | grep . | median)
    ratio=$(awk -v a="$rps" -v b="$direct" 'BEGIN { printf "%.0f %%", a * 100 / b }')
    nsratio=$(awk -v a="$rps" -v b="$nsdirect" 'BEGIN { printf "%.0f %%", a * 100 / b }')
    conn="keep-alive"; [ "$mode" = close ] && conn="new per request"
    printf '| %s | %s | %.0f | %.2f ms | %s | %s | %s |\n' "${LABEL[$c]}" "$conn" "$rps" "$p99" "$ratio" "$nsratio" "${ERR[$mode,$c]}"
  done
done
echo
echo "Every run (requests/s): $(for mode in "${MODES[@]}"; do for c in "${CASES[@]}"; do printf '%s/%s: %s; ' "$mode" "$c" "${RPS[$mode,$c]% }"; done; done)"
echo
echo "DNS answers from node3's Skep DNS server ($GATEWAY), sequential UDP queries from node3's namespace:"
echo
echo "| name | queries | A records | median | p99 | max | non-NOERROR |"
echo "|---|---|---|---|---|---|---|"
echo "$DNS_ROWS"
echo
echo "Task Running → reachable by name (HTTP through the VIP) from a task on another node, $TRIALS new services:"
echo
echo "| from | each trial | median |"
echo "|---|---|---|"
echo "| the task's Running timestamp | $(printf '%s ms, ' "${REACH[@]}" | sed 's/, $//') | $(printf '%s\n' "${REACH[@]}" | median) ms |"
echo "| the container's StartedAt (dockerd) | $(printf '%s ms, ' "${REACH_STARTED[@]}" | sed 's/, $//') | $(printf '%s\n' "${REACH_STARTED[@]}" | median) ms |"
