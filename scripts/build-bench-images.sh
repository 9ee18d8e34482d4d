#!/usr/bin/env bash
# Builds the data-plane benchmark's images offline (bench/dataplane.sh), from Debian packages, no registry:
#   skep-nginx:1  FROM scratch: Debian's nginx binary with the shared libraries it links; one worker process, no
#                 access log, a 615-byte index.html on :80 (an event-driven server: it does not fork per request,
#                 so the server is not what limits the measurement, unlike busybox httpd)
#   skep-wrk:1    FROM skep-busybox:latest (sh, sleep, wget): Debian's wrk (apt-get install wrk) with its libraries, and GNU date as
#                 /usr/local/bin/date (busybox date has no %N, the benchmark needs sub-second timestamps)
# Idempotent: an image that is already present is left alone. Needs skep-busybox:latest (build-test-images.sh).
# Usage: scripts/build-bench-images.sh [DOCKER_HOST]
set -euo pipefail

if [[ $# -ge 1 && -n "$1" ]]; then
  export DOCKER_HOST="$1"
fi
NGINX_TAG=skep-nginx:1
WRK_TAG=skep-wrk:1
say() { echo "build-bench-images: $*"; }

# copy_with_libs ROOT FILE DEST : FILE at ROOT/DEST plus every shared library ldd names, at the same paths
copy_with_libs() {
  local root=$1 file=$2 dest=$3
  mkdir -p "$root$(dirname "$dest")"
  cp "$file" "$root$dest"
  ldd "$file" | awk '/=> \// { print $3 } /^\t\// { print $1 }' | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

# deb_extract CTX PACKAGE : the package's files under CTX/pkg
deb_extract() {
  local ctx=$1 pkg=$2
  (cd "$ctx" && apt-get download "$pkg" >/dev/null 2>&1) || {
    apt-get update -qq >/dev/null && (cd "$ctx" && apt-get download "$pkg" >/dev/null 2>&1); }
  dpkg-deb -x "$ctx/${pkg}"_*.deb "$ctx/pkg"
}

docker_build() {   # docker_build TAG CTX
  DOCKER_BUILDKIT=0 docker build -q -t "$1" "$2" \
    2> >(grep -v -e DEPRECATED -e 'legacy builder' -e BuildKit -e '^ *environment-variable' -e '^$' >&2) >/dev/null
  say "built $1 ($(docker image inspect -f '{{.Size}}' "$1") bytes)"
}

build_nginx() {
  local ctx
  ctx=$(mktemp -d)
  trap 'rm -rf "$ctx"' RETURN
  say "building $NGINX_TAG from Debian's nginx package"
  deb_extract "$ctx" nginx
  local r=$ctx/root
  copy_with_libs "$r" "$ctx/pkg/usr/sbin/nginx" /usr/sbin/nginx
  # the paths nginx was configured with (nginx -V) must exist; it runs as root inside the container
  mkdir -p "$r/etc/nginx" "$r/var/log/nginx" "$r/var/lib/nginx" "$r/run" "$r/tmp" "$r/srv/www" "$r/var/lock"
  echo 'root:x:0:0:root:/root:/nonexistent' >"$r/etc/passwd"
  echo 'root:x:0:' >"$r/etc/group"
  cat >"$r/etc/nginx/nginx.conf" <<'CONF'
# one worker: on the 2-core benchmark machine the client and the kernel need the other core
user root root;
worker_processes 1;
daemon off;
pid /run/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 65s;
    default_type text/html;
    server {
        listen 80 default_server;
        root /srv/www;
        index index.html;
    }
}
CONF
  # the same size as nginx's stock welcome page, so responses are a realistic small page
  { printf '<!DOCTYPE html>\n<html><head><title>skep</title></head><body><p>'
    head -c 540 /dev/zero | tr '\0' 'x'
    printf '</p></body></html>\n'; } >"$r/srv/www/index.html"
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY root/ /
EXPOSE 80
LABEL dev.skep.test-image="nginx"
ENTRYPOINT ["/usr/sbin/nginx"]
DOCKERFILE
  docker_build "$NGINX_TAG" "$ctx"
}

build_wrk() {
  local ctx wrk
  ctx=$(mktemp -d)
  trap 'rm -rf "$ctx"' RETURN
  docker image inspect skep-busybox:latest >/dev/null 2>&1 \
    || { say "skep-busybox:latest is missing: run scripts/build-test-images.sh"; exit 1; }
  say "building $WRK_TAG from Debian's wrk package (installed here if missing: its libraries are copied from this host)"
  command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
  wrk=$(command -v wrk)
  copy_with_libs "$ctx/root" "$wrk" /usr/bin/wrk
  copy_with_libs "$ctx/root" "$(command -v date)" /usr/local/bin/date
  mkdir -p "$ctx/root/etc" && cp /etc/services "$ctx/root/etc/services"   # wrk resolves the port name "http"
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM skep-busybox:latest
COPY root/ /
LABEL dev.skep.test-image="wrk"
CMD ["sleep", "1000000"]
DOCKERFILE
  docker_build "$WRK_TAG" "$ctx"
}

for tag in "$NGINX_TAG" "$WRK_TAG"; do
  if docker image inspect "$tag" >/dev/null 2>&1; then
    say "$tag already present ($(docker image inspect -f '{{.Id}}' "$tag"))"
  elif [[ $tag == "$NGINX_TAG" ]]; then
    build_nginx
  else
    build_wrk
  fi
done
