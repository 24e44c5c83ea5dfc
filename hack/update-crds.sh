#!/usr/bin/env bash
# Regenerates crds/ from the api module's classes (the CrdsUpToDateTest fails while crds/ is stale).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl api -am package -DskipTests
find crds -name "*.baton.dev.yaml" -delete
cp api/target/crds/*.yaml crds/
git status --short crds/
