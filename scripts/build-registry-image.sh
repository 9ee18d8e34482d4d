#!/usr/bin/env bash
# Builds skep-registry:2.8 offline: the Docker registry (distribution) from Debian's `docker-registry` package,
# FROM scratch with the binary, the C library it links, and a configuration without authentication that stores
# images under /var/lib/registry and listens on :5000. For running a registry as a Skep service (issue #6).
# Idempotent: an image that is already present is left alone.
# Usage: scripts/build-registry-image.sh [DOCKER_HOST]
set -euo pipefail

if [[ $# -ge 1 && -n "$1" ]]; then
  export DOCKER_HOST="$1"
fi
TAG=${REGISTRY_IMAGE:-skep-registry:2.8}
say() { echo "build-registry-image: $*"; }

if docker image inspect "$TAG" >/dev/null 2>&1; then
  say "$TAG already present ($(docker image inspect -f '{{.Id}}' "$TAG"))"
  exit 0
fi

CTX=$(mktemp -d)
trap 'rm -rf "$CTX"' EXIT
say "fetching Debian's docker-registry package"
(cd "$CTX" && apt-get download docker-registry >/dev/null 2>&1) || {
  apt-get update -qq >/dev/null && (cd "$CTX" && apt-get download docker-registry >/dev/null); }
dpkg-deb -x "$CTX"/docker-registry_*.deb "$CTX/pkg"
mkdir -p "$CTX/root/bin" "$CTX/root/etc/docker/registry" "$CTX/root/var/lib/registry" "$CTX/root/tmp"
cp "$CTX/pkg/usr/bin/docker-registry" "$CTX/root/bin/registry"
# The shared libraries the binary links (libc and the loader), at the paths ldd names.
ldd "$CTX/root/bin/registry" | awk '/=> \// { print $3 } /^\t\// { print $1 }' | while read -r lib; do
  mkdir -p "$CTX/root$(dirname "$lib")"
  cp -L "$lib" "$CTX/root$lib"
done
cat > "$CTX/root/etc/docker/registry/config.yml" <<'YAML'
version: 0.1
log:
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: :5000
YAML
echo 'hosts: files dns' > "$CTX/root/etc/nsswitch.conf"
cat > "$CTX/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY root/ /
EXPOSE 5000
VOLUME /var/lib/registry
LABEL dev.skep.test-image="registry"
ENTRYPOINT ["/bin/registry"]
CMD ["serve", "/etc/docker/registry/config.yml"]
DOCKERFILE
say "building $TAG"
DOCKER_BUILDKIT=0 docker build -q -t "$TAG" "$CTX" 2> >(grep -v -e DEPRECATED -e 'legacy builder' -e BuildKit -e '^ *environment-variable' -e '^$' >&2)
say "built $TAG ($(docker image inspect -f '{{.Size}}' "$TAG") bytes)"
