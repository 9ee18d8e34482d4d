#!/usr/bin/env bash
# Builds the DockerCoins images offline, with no registry: FROM scratch images made of files from this host.
#   skep-coins-base:1    a Java runtime made by jlink from the build JDK, the glibc libraries it needs (ldd),
#                        Debian's static busybox for `docker exec … sh`
#   skep-coins-rng:1, skep-coins-hasher:1, skep-coins-worker:1, skep-coins-webui:1
#                        FROM the base: the skep-coins jar and its dependency jars (one shared layer), one entry point each
#   skep-coins-redis:1   Debian's Redis server binary and its libraries
# Each image carries the label dev.skep.coins.inputs, a hash of what it is made of; an image whose label
# matches is left alone, so a second run only computes hashes.
# Usage: demo/coins/build-images.sh [DOCKER_HOST]
set -euo pipefail

if [[ $# -ge 1 && -n "$1" ]]; then
  export DOCKER_HOST="$1"
fi
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAVA_HOME=${JAVA_HOME:-$("$ROOT/scripts/java-home.sh")}
export JAVA_HOME
TAG=1
LABEL=dev.skep.coins.inputs
# jdeps over the jar and its dependencies lists java.sql (gson's optional adapters) and java.compiler
# (annotations only) too; neither is used at run time. java.logging is there for the CDS archive's default
# class list (without it jlink warns about every logging class it cannot archive).
MODULES=java.base,java.net.http,jdk.httpserver,java.management,java.logging
BUSYBOX=/usr/bin/busybox
REDIS_BINARY=/usr/bin/redis-check-rdb   # Debian's redis-tools: the server binary, started as redis-server
# Small heaps and C1 only: ten workers on a laptop stay light. Short DNS caching: a service that starts late
# or moves (dnsrr) is found again within seconds, not after Java's default 10 s (unknown) / 30 s (known).
JAVA_OPTS='"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx96m", "-XX:-UsePerfData", "-Dsun.net.inetaddr.ttl=5", "-Dsun.net.inetaddr.negative.ttl=1"'

log() { echo "coins-images: $*"; }
fail() { echo "coins-images: $*" >&2; exit 1; }
sum() { sha256sum | cut -c1-32; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

current_label() { docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null || true; }

# The legacy builder needs no buildx plugin and works with old engines (20.10).
docker_build() {
  local tag=$1 dockerfile=$2 context=$3
  DOCKER_BUILDKIT=0 docker build -q -t "$tag" -f "$dockerfile" "$context" >/dev/null \
    2> >(grep -v -e DEPRECATED -e 'legacy builder' -e BuildKit -e '^ *environment-variable' -e '^$' >&2)
  log "built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.1f MB", $1 / 1e6}'))"
}

# Shared libraries an ELF file loads, as resolved on this host (Debian), plus the dynamic loader.
shared_libraries() {
  ldd "$@" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/lib64\// {print $1}' | sort -u
}

# Copies the libraries into rootfs at the same paths; /lib64/ld-linux-x86-64.so.2 is the ELF interpreter.
copy_libraries() {
  local rootfs=$1; shift
  local lib
  for lib in "$@"; do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
}

files_sum() { local f; for f in "$@"; do sha256sum "$(readlink -f "$f")" | cut -c1-64; done | sum; }

# ---------------------------------------------------------------------------------------------------------- inputs
SCRIPT_SUM=$(sum < "$0")
[[ -x "$BUSYBOX" ]] || fail "$BUSYBOX is missing; install it with: apt-get install -y busybox-static"
[[ -x "$JAVA_HOME/bin/jlink" ]] || fail "no jlink in $JAVA_HOME"
# What the runtime's native code loads comes from these JDK files; their libraries are the ones copied below.
JDK_NATIVE=("$JAVA_HOME/bin/java" "$JAVA_HOME/lib/libjli.so" "$JAVA_HOME/lib/server/libjvm.so")
mapfile -t JAVA_LIBS < <(shared_libraries "${JDK_NATIVE[@]}" "$JAVA_HOME"/lib/lib{java,net,nio,zip,jimage,management,extnet}.so | grep -v "^$JAVA_HOME")
BASE_SUM=$( { echo "$SCRIPT_SUM $MODULES"; cat "$JAVA_HOME/release"; files_sum "$BUSYBOX" "${JAVA_LIBS[@]}"; } | sum)
APP_SUM=$( { echo "$BASE_SUM"; cd "$ROOT" && find demo/coins/src demo/coins/pom.xml pom.xml -type f | LC_ALL=C sort | xargs sha256sum; } | sum)

# ------------------------------------------------------------------------------------------------------------ base
build_base() {
  local tag=skep-coins-base:$TAG ctx=$WORK/base
  if [[ "$(current_label "$tag")" == "$BASE_SUM" ]]; then
    log "$tag is up to date"
    return
  fi
  log "building $tag: jlink $MODULES from $JAVA_HOME"
  mkdir -p "$ctx/rootfs/opt" "$ctx/rootfs/bin" "$ctx/rootfs/etc" "$ctx/rootfs/tmp" "$ctx/rootfs/app/lib"
  "$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --output "$ctx/rootfs/opt/java" \
    --strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive >"$WORK/jlink.log" 2>&1 \
    || { cat "$WORK/jlink.log" >&2; fail "jlink failed"; }
  # The class-data archive for heaps over 32 GB is never used with the services' small heaps.
  rm -f "$ctx/rootfs/opt/java/lib/server/classes_nocoops.jsa"
  mapfile -t libs < <(shared_libraries "$ctx/rootfs/opt/java/bin/java" $(find "$ctx/rootfs/opt/java/lib" -name '*.so') \
    | grep -v "^$ctx")
  copy_libraries "$ctx/rootfs" "${libs[@]}"
  cp "$BUSYBOX" "$ctx/rootfs/bin/busybox"
  local applet
  for applet in $("$BUSYBOX" --list); do
    [[ "$applet" == busybox ]] || ln -s busybox "$ctx/rootfs/bin/$applet"
  done
  chmod 1777 "$ctx/rootfs/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$ctx/rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$ctx/rootfs/etc/group"
  echo 'hosts: files dns' > "$ctx/rootfs/etc/nsswitch.conf"
  cat > "$ctx/Dockerfile" <<EOF
FROM scratch
COPY rootfs/ /
ENV PATH=/opt/java/bin:/bin JAVA_HOME=/opt/java
LABEL $LABEL="$BASE_SUM"
CMD ["java", "-version"]
EOF
  docker_build "$tag" "$ctx/Dockerfile" "$ctx"
}

# -------------------------------------------------------------------------------------------------------- services
SERVICES=(rng:dev.skep.coins.rng.RngMain hasher:dev.skep.coins.hasher.HasherMain
          worker:dev.skep.coins.worker.WorkerMain webui:dev.skep.coins.webui.WebUiMain)

build_jar() {
  log "building the skep-coins jar (mvnw package)"
  cd "$ROOT"
  if ! ./mvnw -o -q -B -pl demo/coins -am package -DskipTests >"$WORK/mvn.log" 2>&1; then
    log "offline build failed; trying online"
    ./mvnw -q -B -pl demo/coins -am package -DskipTests >"$WORK/mvn.log" 2>&1 || { cat "$WORK/mvn.log" >&2; fail "maven build failed"; }
  fi
}

build_services() {
  local entry name main outdated=()
  for entry in "${SERVICES[@]}"; do
    name=${entry%%:*}
    if [[ "$(current_label "skep-coins-$name:$TAG")" == "$APP_SUM" ]]; then
      log "skep-coins-$name:$TAG is up to date"
    else
      outdated+=("$entry")
    fi
  done
  [[ ${#outdated[@]} -gt 0 ]] || return 0
  build_jar
  local ctx=$WORK/app
  mkdir -p "$ctx/lib"
  cp "$ROOT"/demo/coins/target/lib/*.jar "$ctx/lib/"
  cp "$ROOT"/demo/coins/target/skep-coins-*.jar "$ctx/lib/skep-coins.jar"
  for entry in "${outdated[@]}"; do
    name=${entry%%:*}
    main=${entry#*:}
    # The same COPY in every Dockerfile: the builder's cache makes it one layer shared by the four images.
    cat > "$ctx/Dockerfile.$name" <<EOF
FROM skep-coins-base:$TAG
COPY lib/ /app/lib/
EXPOSE 80
ENTRYPOINT ["java", $JAVA_OPTS, "-cp", "/app/lib/*", "$main"]
LABEL $LABEL="$APP_SUM"
EOF
    docker_build "skep-coins-$name:$TAG" "$ctx/Dockerfile.$name" "$ctx"
  done
}

# ----------------------------------------------------------------------------------------------------------- redis
build_redis() {
  local tag=skep-coins-redis:$TAG ctx=$WORK/redis
  if [[ ! -x "$REDIS_BINARY" ]]; then
    [[ $(id -u) -eq 0 ]] || fail "$REDIS_BINARY is missing; install it with: apt-get install -y redis-tools"
    log "installing redis-tools (Debian's Redis server binary)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-tools >"$WORK/apt.log" 2>&1 \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-tools; }
  fi
  local libs
  mapfile -t libs < <(shared_libraries "$REDIS_BINARY")
  local redis_sum
  redis_sum=$( { echo "$SCRIPT_SUM"; files_sum "$REDIS_BINARY" "${libs[@]}"; } | sum)
  if [[ "$(current_label "$tag")" == "$redis_sum" ]]; then
    log "$tag is up to date"
    return
  fi
  log "building $tag from $REDIS_BINARY ($(dpkg-query -W -f='${Version}' redis-tools 2>/dev/null || echo unknown version))"
  mkdir -p "$ctx/rootfs/usr/bin" "$ctx/rootfs/data" "$ctx/rootfs/tmp"
  cp -L "$REDIS_BINARY" "$ctx/rootfs/usr/bin/redis-server"
  copy_libraries "$ctx/rootfs" "${libs[@]}"
  chmod 1777 "$ctx/rootfs/tmp"
  # No snapshots: the demo's counters need not outlive the container, and a fork per save costs memory.
  cat > "$ctx/Dockerfile" <<EOF
FROM scratch
COPY rootfs/ /
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["/usr/bin/redis-server"]
CMD ["--protected-mode", "no", "--bind", "0.0.0.0", "--save", "", "--appendonly", "no"]
LABEL $LABEL="$redis_sum"
EOF
  docker_build "$tag" "$ctx/Dockerfile" "$ctx"
}

start=$SECONDS
build_base
build_services
build_redis
log "done in $((SECONDS - start)) s"
