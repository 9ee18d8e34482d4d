#!/usr/bin/env bash
# Prints a JAVA_HOME whose java is version 21 or newer (the default java on these machines is 17).
# The JDK's own release file says its version without starting a JVM (every `skep` command runs this script).
java_major() {
  local v
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)"
  [ -n "$v" ] || v="$("$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}')"
  echo "$v"
}
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/*; do
  [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
  major="$(java_major "$candidate")"
  if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$candidate"; exit 0; fi
done
echo "no JDK 21 or newer found under /usr/lib/jvm; install one (e.g. Temurin 21+) or set JAVA_HOME" >&2
exit 1
