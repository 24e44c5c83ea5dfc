#!/usr/bin/env bash
# The randomized fault matrix, like Pacemaker's CTS (issue 11): a control plane of its own
# (BATON_CP_DIR, default /tmp/baton-chaos-cp: faults may stop parts of it; stopped at the end), the
# lab of three controllers (hack/lab.sh up chaos 3) with one agent each, the operator, the HA
# cluster of operator/src/test/resources/chaos/cluster.yaml and a client probing the VIP every
# 10 ms. ROUNDS rounds (default: one per fault kind, 15) each inject one fault chosen at random (seeded; the first
# rounds take every kind once), wait for the recovery and audit. Prints one row per fault kind and
# last the verdict line; exits non-zero when anything did not recover, two controllers held the
# VIP or an object was lost. Logs: operator/target/e2e/.
#   hack/chaos.sh [ROUNDS] [--seed S]      (as root)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -n "${BATON_LAB_LOCKED:-}" ]] || exec python3 hack/lib/lab-lock.py "$PWD/hack/$(basename "$0")" "$@"
export BATON_CP_DIR=${BATON_CP_DIR:-/tmp/baton-chaos-cp}
hack/deps.sh
trap 'hack/lab.sh down chaos >/dev/null 2>&1 || true; hack/control-plane.sh stop >/dev/null 2>&1 || true' EXIT

# the operator and agent jars, and the harness (test classes, on the classpath the build wrote)
jars=(operator/target/quarkus-app/quarkus-run.jar agent/target/baton-agent.jar operator/target/test.classpath)
stale=$(find pom.xml api cib scheduler agent cli operator test-support \( -path '*/src/*' -o -name pom.xml \) \
  -newer operator/target/quarkus-app/quarkus-run.jar -print -quit 2>/dev/null || echo missing)
for j in "${jars[@]}"; do [[ -f "$j" ]] || stale=missing; done
if [[ -n "$stale" ]]; then
  echo "[chaos] building (changed: $stale)" >&2
  mvn -B -q -ntp -o -pl operator -am package -DskipTests
fi
cd operator
java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:$(cat target/test.classpath)" \
  dev.baton.operator.e2e.Chaos "$@"
