#!/usr/bin/env bash
# Web console benchmark (issue 15): the page's time to first render (page load → the cluster's status shown) and
# its update latency (www's status moved in the API → shown by the page, and shown after the failover's transition
# completed), measured by ConsoleBrowserTest in Debian's headless Chromium against the real control plane
# (BATON_CP_DIR / KUBECONFIG as for the tests), the operator's Quarkus application and two real agents.
#   hack/bench-console.sh [RUNS=3]
# Each run is one Maven test run (about a minute; surefire runs the test in both of the operator's test JVMs, so
# a run gives two samples). Prints every sample and the median of each figure.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
log() { printf '[bench-console] %s\n' "$*" >&2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for ((i = 1; i <= RUNS; i++)); do
  log "run $i/$RUNS"
  mvn -B -ntp -o -q -pl operator -am verify -Dtest=ConsoleBrowserTest -Dsurefire.failIfNoSpecifiedTests=false \
    -DskipITs 2>&1 | grep '^\[console\]' | tee -a "$out"
done

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
first=$(sed -n 's/.*time to first render[^:]*: \([0-9]*\) ms.*/\1/p' "$out" | median)
update=$(sed -n 's/.*update latency[^:]*: \([-0-9]*\) ms;.*/\1/p' "$out" | median)
after=$(sed -n 's/.*page shown \([-0-9]*\) ms after the transition.*/\1/p' "$out" | median)
samples=$(grep -c 'time to first render' "$out" || true)
printf 'console: %s samples; time to first render median %s ms; update latency median %s ms (status in the API → shown); shown %s ms after the transition completed (median)\n' \
  "$samples" "$first" "$update" "$after"
