#!/usr/bin/env bash
# Makes sure a Docker Engine answers on /var/run/docker.sock: installs Debian's docker.io and
# busybox-static (and python3-docker, for the docker-py test) when missing (as root) and starts dockerd in the background when none answers. Not as root, it
# only checks that a Docker Engine answers (DOCKER_HOST or the default socket) and busybox-static is there.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
  # without root: a dockerd someone else runs, reached through the docker group (skep demo's shared-host cluster)
  if ! docker version >/dev/null 2>&1; then
    echo "no Docker Engine answers for $(id -un): start dockerd as root (or run this as root), and join the docker" \
      "group (sudo usermod -aG docker $(id -un), then log in again)" >&2
    exit 1
  fi
  [ -x /usr/bin/busybox ] || { echo "busybox-static is needed: sudo apt-get install busybox-static" >&2; exit 1; }
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1 || [ ! -x /usr/bin/busybox ] || ! command -v nft >/dev/null 2>&1 || ! /usr/bin/python3 -c "import docker" 2>/dev/null; then
  if [ "$(id -u)" != 0 ]; then echo "docker.io and busybox-static are needed; run as root or install them" >&2; exit 1; fi
  echo "Installing docker.io and busybox-static from Debian..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q docker.io busybox-static nftables iproute2 curl python3-docker >/dev/null
fi
if docker -H unix:///var/run/docker.sock version >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "no dockerd answers on /var/run/docker.sock; start it as root" >&2; exit 1; fi
echo "Starting dockerd..." >&2
mkdir -p /var/log
nohup dockerd >/var/log/skep-dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  if docker -H unix:///var/run/docker.sock version >/dev/null 2>&1; then exit 0; fi
  sleep 0.5
done
echo "dockerd did not come up; see /var/log/skep-dockerd.log" >&2
tail -20 /var/log/skep-dockerd.log >&2 || true
exit 1
