#!/usr/bin/env bash
# Runs every test: unit tests, integration tests against the real dockerd, and the docker-CLI end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(scripts/java-home.sh)"
export JAVA_HOME
exec ./mvnw -B -ntp verify "$@"
