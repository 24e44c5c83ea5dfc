#!/usr/bin/env bash
# Regenerates crds/ from the api module's classes (the CrdsUpToDateTest fails while crds/ is stale).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl api -am package -DskipTests
rm -f crds/*.yaml
cp api/target/crds/*.yaml crds/
git status --short crds/
