#!/usr/bin/env bash
# Builds Skep's offline test images from Debian's static busybox (package busybox-static):
#   skep-busybox:latest  FROM scratch, busybox at /bin/busybox with its applets installed as links
#   skep-busybox:v2      the same plus a different label and file, so it has a different image ID
# No registry is reached: the context holds only the busybox binary and a Dockerfile.
# Idempotent: an image that is already present is left alone.
# Usage: scripts/build-test-images.sh [DOCKER_HOST]   (e.g. unix:///var/run/docker.sock)
set -euo pipefail

if [[ $# -ge 1 && -n "$1" ]]; then
  export DOCKER_HOST="$1"
fi

BUSYBOX=${BUSYBOX:-/usr/bin/busybox}
if [[ ! -x "$BUSYBOX" ]]; then
  echo "build-test-images: $BUSYBOX is missing; install it with: apt-get install -y busybox-static" >&2
  exit 1
fi
if ! "$BUSYBOX" true; then
  echo "build-test-images: $BUSYBOX does not run" >&2
  exit 1
fi

build_image() {
  local tag=$1 variant=$2
  if docker image inspect "$tag" >/dev/null 2>&1; then
    echo "build-test-images: $tag already present ($(docker image inspect -f '{{.Id}}' "$tag"))"
    return
  fi
  local ctx
  ctx=$(mktemp -d)
  trap 'rm -rf "$ctx"' RETURN
  cp "$BUSYBOX" "$ctx/busybox"
  echo "$variant" > "$ctx/variant"
  # busybox --install -s makes a symlink per applet (sh, sleep, nc, httpd, echo, cat, env, hostname, ls,
  # wget, ...) in the directory of each applet's usual path; /tmp is needed by several tools.
  cat > "$ctx/Dockerfile" <<EOF
FROM scratch
COPY busybox /bin/busybox
COPY variant /etc/skep-variant
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox mkdir -p /usr/bin /sbin /usr/sbin /tmp /root /var/www && /bin/busybox chmod 1777 /tmp && /bin/busybox --install -s && echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd && echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> /etc/passwd && echo 'root:x:0:' > /etc/group && echo 'nogroup:x:65534:' >> /etc/group"]
ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin
LABEL dev.skep.test-image="$variant"
CMD ["sleep", "1000000"]
EOF
  echo "build-test-images: building $tag (variant $variant)"
  # The classic builder needs no buildx plugin and talks to old engines (20.10) as well.
  DOCKER_BUILDKIT=0 docker build -q -t "$tag" "$ctx" 2> >(grep -v -e DEPRECATED -e 'legacy builder' -e BuildKit -e '^ *environment-variable' -e '^$' >&2)
  echo "build-test-images: built $tag ($(docker image inspect -f '{{.Id}}' "$tag"))"
}

build_image skep-busybox:latest v1
build_image skep-busybox:v2 v2

# The DockerCoins demo images (skep-coins-*:1: rng, hasher, worker, webui, redis), built offline the same way.
bash "$(dirname "$0")/../demo/coins/build-images.sh"
