#!/usr/bin/env bash
# The fast target: every module's unit tests, without root or dockerd, in a few minutes (docs/TESTING.md).
# Leaves out the end-to-end tests (it/) and the classes tagged docker, root or slow; scripts/test.sh runs all.
# Extra arguments go to Maven, e.g. scripts/test-fast.sh -pl manager -am -Dtest='Scheduler*'
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(scripts/java-home.sh)"
export JAVA_HOME
exec ./mvnw -B -ntp -Pfast test -Dsurefire.failIfNoSpecifiedTests=false "$@"
