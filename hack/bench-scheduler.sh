#!/usr/bin/env bash
# Times Baton's scheduler against Pacemaker's crm_simulate on CIBs from ../shared/conformance/gen_cib.py
# (N Dummy primitives in colocated+ordered chains of 3, M nodes, empty status), checks both decide the
# same transition, and runs the in-process JMH benchmark.
#
#   hack/bench-scheduler.sh                 # default sizes; crm_simulate up to 1200x16 (its 3000x32 run takes 13 min)
#   BENCH_SIZES="300x8 1200x16" hack/bench-scheduler.sh
#   BENCH_CRM_MAX=100000 hack/bench-scheduler.sh   # also run crm_simulate where N*M <= 100000
#   BENCH_JMH=0 hack/bench-scheduler.sh     # skip the JMH benchmark
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
CONFORMANCE=${CONFORMANCE:-$REPO/../shared/conformance}
SIZES=${BENCH_SIZES:-"300x8 1200x16 1500x32 3000x32 6000x32 12000x32 12000x64"}
CRM_MAX=${BENCH_CRM_MAX:-19200}
WORK=$(mktemp -d /tmp/bench-scheduler.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-XX:+UseSerialGC -XX:TieredStopAtLevel=1"}

if [[ ! -f cli/target/kubectl-baton.jar || -n "${BENCH_BUILD:-}" ]]; then
  mvn -B -q -o -pl scheduler install -DskipTests
  mvn -B -q -o -pl cli package -DskipTests
fi

# "start RSC NODE" lines of a transition, sorted: from Baton's JSON or crm_simulate's summary
baton_actions() { python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
for a in d["actions"]:
    print(a["action"], a["resource"], a.get("node") or a.get("from")+"->"+a.get("to"))' "$1" | sort; }
crm_actions() { python3 -c '
import re,sys
for line in open(sys.argv[1]):
    m=re.match(r"\s+\* (\w+)\s+(\S+)\s+\(\s*(.*?)\s*\)", line)
    if m: print(m.group(1).lower(), m.group(2), m.group(3).replace(" -> ","->"))' "$1" | sort; }

measure() { # prints "seconds peak_kib" of a command, its stdout to $1
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > "$out" 2>"$WORK/stderr" || { cat "$WORK/stderr" >&2; return 1; }
  cat "$WORK/time"
}

printf '%-7s %-4s %10s %11s %14s %13s %8s %9s\n' N M baton_s baton_MiB crm_simulate_s crm_MiB ratio same
declare -A BATON_T
for size in $SIZES; do
  n=${size%x*}; m=${size#*x}
  cib=$WORK/cib-$n-$m.xml
  python3 "$CONFORMANCE/gen_cib.py" "$n" "$m" "$cib" > /dev/null
  read -r bt bk < <(measure "$WORK/baton.json" java $JAVA_OPTS -jar cli/target/kubectl-baton.jar simulate --cib "$cib" -o json)
  BATON_T[$size]=$bt
  ct=- ; ck=- ; ratio=- ; same=-
  if command -v crm_simulate > /dev/null && (( n * m <= CRM_MAX )); then
    read -r ct ck < <(LC_ALL=C measure "$WORK/crm.txt" crm_simulate -x "$cib" -R)
    ck=$((ck / 1024)); ratio=$(python3 -c "print(f'{$ct/$bt:.1f}x')")
    if diff <(baton_actions "$WORK/baton.json") <(crm_actions "$WORK/crm.txt") > "$WORK/diff"; then
      same=yes
    else
      same="NO($(wc -l < "$WORK/diff"))"
    fi
  elif [[ "$n" == 3000 && "$m" == 32 ]]; then
    ct="777.5*"; ck="1041*"; ratio=$(python3 -c "print(f'{777.5/$bt:.0f}x*')")
  fi
  printf '%-7s %-4s %10s %11s %14s %13s %8s %9s\n' "$n" "$m" "$bt" "$((bk / 1024))" "$ct" "$ck" "$ratio" "$same"
done
echo "* crm_simulate not run here: figure from ../shared/conformance/perf-anchor.md (same generator, same sizes)"

echo
echo "Baton (whole process) when N doubles at the same M:"
for size in $SIZES; do
  n=${size%x*}; m=${size#*x}
  half="$((n / 2))x$m"
  if [[ -n "${BATON_T[$half]:-}" ]]; then
    python3 -c "print(f'  {$((n / 2))} -> {$n} (M={$m}): time x{${BATON_T[$size]}/${BATON_T[$half]}:.2f}')"
  fi
done

if [[ "${BENCH_JMH:-1}" == 1 ]]; then
  echo
  echo "In-process scheduler (JMH, average time per Scheduler.schedule):"
  mvn -B -q -o -pl scheduler dependency:build-classpath -Dmdep.outputFile="$WORK/cp" -Dmdep.includeScope=test > /dev/null
  CP="scheduler/target/test-classes:scheduler/target/classes:$(cat "$WORK/cp")"
  params=()
  JMH_SIZES=${BENCH_JMH_SIZES:-"3000x32 6000x64 12000x64"}
  for size in $JMH_SIZES; do
    n=${size%x*}; m=${size#*x}
    cib=$WORK/cib-$n-$m.xml
    [[ -f "$cib" ]] || python3 "$CONFORMANCE/gen_cib.py" "$n" "$m" "$cib" > /dev/null
    params+=("$cib")
  done
  java -cp "$CP" org.openjdk.jmh.Main SchedulerBenchmark -p cib="$(IFS=,; echo "${params[*]}")" 2>&1 \
    | sed -n '/^Benchmark/,$p' | sed "s|$WORK/||"
fi
