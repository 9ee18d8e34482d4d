#!/usr/bin/env bash
# Smoke test of the DockerCoins images on the local Docker Engine, without Skep: the five services as plain
# containers on a user-defined bridge network (their service names as network aliases, so rng, hasher and
# redis resolve as in a stack), then the webui's /json read twice a few seconds apart: hashes must increase.
# Removes everything it created, also on failure. Exits non-zero when the check fails.
# Usage: demo/coins/smoke.sh [DOCKER_HOST]      (SKIP_BUILD=1 to use the images as they are)
set -euo pipefail

if [[ $# -ge 1 && -n "$1" ]]; then
  export DOCKER_HOST="$1"
fi
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=coins-smoke-$$
NETWORK=$PREFIX
SERVICES=(redis rng hasher webui worker)
INTERVAL=${INTERVAL:-6}

log() { echo "coins-smoke: $*"; }

cleanup() {
  local service
  for service in "${SERVICES[@]}"; do
    docker rm -f "$PREFIX-$service" >/dev/null 2>&1 || true
  done
  docker network rm "$NETWORK" >/dev/null 2>&1 || true
}
trap cleanup EXIT

fail() {
  echo "coins-smoke: FAILED: $*" >&2
  local service
  for service in "${SERVICES[@]}"; do
    echo "--- logs of $service" >&2
    docker logs --tail 15 "$PREFIX-$service" >&2 2>&1 || true
  done
  exit 1
}

if [[ -z "${SKIP_BUILD:-}" ]]; then
  "$HERE/build-images.sh"
fi

log "network $NETWORK"
docker network create "$NETWORK" >/dev/null
for service in "${SERVICES[@]}"; do
  publish=()
  [[ $service == webui ]] && publish=(-p 127.0.0.1::80)
  docker run -d --name "$PREFIX-$service" --network "$NETWORK" --network-alias "$service" "${publish[@]}" \
    "skep-coins-$service:1" >/dev/null
  log "started $service"
done
address=$(docker port "$PREFIX-webui" 80/tcp | head -1)
log "webui on http://$address"

sample() { curl -fsS --max-time 3 "http://$address/json"; }
field() { jq -r ".$1" <<<"$2"; }

first=""
for _ in $(seq 60); do
  first=$(sample 2>/dev/null) && [[ $(field hashes "$first") -gt 0 ]] && break
  first=""
  sleep 1
done
[[ -n "$first" ]] || fail "the hashes counter did not start within 60 s"
log "first sample:  $first"
sleep "$INTERVAL"
second=$(sample) || fail "webui stopped answering"
log "second sample: $second"

rate=$(jq -n --argjson a "$first" --argjson b "$second" '(($b.hashes - $a.hashes) / ($b.now - $a.now)) * 100 | round / 100')
[[ $(jq -n --argjson a "$first" --argjson b "$second" '$b.hashes > $a.hashes') == true ]] \
  || fail "hashes did not increase"
curl -fsS --max-time 3 "http://$address/" | grep -q '<svg' || fail "the web page has no chart"
log "OK: hashes increase at $rate hashes/s with one worker (the classic lesson expects about 3.3)"
