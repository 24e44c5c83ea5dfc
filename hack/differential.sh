#!/usr/bin/env bash
# Differential test of Baton's scheduler against Debian's crm_simulate on generated clusters
# (scheduler/src/test/java/dev/baton/scheduler/differential/, docs/differential.md):
#
#   hack/differential.sh [N] [--seed S]        # N clusters (default 200): agreement per tag, minimized cases
#   hack/differential.sh 200 --seed 1 --gate scheduler/src/test/resources/differential-agreeing.txt
#   ... --write-gate FILE                      # write the list of agreeing clusters
#   ... --minimize K                           # minimize up to K disagreements per kind (default 3; 0: none)
#   ... --out DIR                              # cases go to DIR/cases/s<seed>-<index>/ (default scheduler/target/differential)
#
# The first run of a checkout compiles the scheduler's tests (mvn -o); DIFFERENTIAL_BUILD=0 skips that.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
CONFORMANCE=${CONFORMANCE:-$REPO/../shared/conformance}
command -v crm_simulate > /dev/null || { echo "crm_simulate not found: run hack/deps.sh" >&2; exit 1; }
[[ -f "$CONFORMANCE/oracle.py" ]] || { echo "no oracle.py in $CONFORMANCE" >&2; exit 1; }

CP_FILE=scheduler/target/differential.classpath
mkdir -p scheduler/target
if [[ "${DIFFERENTIAL_BUILD:-1}" == 1 || ! -f "$CP_FILE" ]]; then
  # the test classpath, as exec-maven-plugin (pinned in pom.xml) sees it
  mvn -B -q -ntp -o -pl scheduler test-compile exec:exec -Dexec.executable=echo -Dexec.args=%classpath \
    -Dexec.classpathScope=test | sed 's/\x1b\[[0-9;]*m//g' | grep -v '^$' | tail -1 > "$CP_FILE"
fi
CP=$(cat "$CP_FILE")
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" dev.baton.scheduler.differential.Differential \
  --conformance "$CONFORMANCE" --batch "$REPO/hack/lib/oracle-batch.py" "$@"
