#!/usr/bin/env bash
# The scale benchmark (docs/BENCHMARKS.md, "Scale"): an in-JVM cluster of 3 Raft managers and simulated nodes.
# With no arguments, runs both scenarios, each in its own JVM:
#   1. placement throughput: 1,000 nodes, 20 services x 1,000 replicas, 8 rounds in one JVM (round 1 on a cold JVM;
#      the median of rounds 2-8 is the warm figure);
#   2. 100,000 tasks on 5,000 nodes (100 services x 1,000 replicas).
# With arguments, runs one scenario with them: scale.sh --nodes 1000 --services 20 --replicas 1000 [--managers 3]
#   [--rounds N] (repeat the burst N times in the same JVM, removing its services in between; every round is
#   printed, the table shows the last and the median after round 1)
# Environment: HEAP (default 8g) for -Xmx, JAVA_OPTS for more JVM options (e.g. -XX:StartFlightRecording=...),
# SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-$(scripts/java-home.sh)}"
export JAVA_HOME
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -o -pl bench -am package -DskipTests
fi
CP="bench/target/classes:$(ls bench/target/lib/*.jar | tr '\n' ':')"
run() {
  echo "\$ java -Xmx${HEAP:-8g} ${JAVA_OPTS:-} -cp … dev.skep.bench.ScaleBenchmark $*"
  "$JAVA_HOME/bin/java" -Xmx"${HEAP:-8g}" -Xms"${HEAP:-8g}" ${JAVA_OPTS:-} -cp "$CP" dev.skep.bench.ScaleBenchmark "$@"
}
if [ $# -gt 0 ]; then
  run "$@"
else
  run --nodes 1000 --services 20 --replicas 1000 --rounds 8
  run --nodes 5000 --services 100 --replicas 1000
fi
