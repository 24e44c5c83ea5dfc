#!/usr/bin/env bash
# Agent benchmarks (issue 4). As root. Prints:
#  1. native IPaddr2 start (netlink add + first gratuitous ARP) vs the script ocf:heartbeat:IPaddr2 start,
#     p50/p99 over MOVES moves of 198.51.100.100/24 between two network namespaces on one bridge;
#  2. the agent daemon's idle RSS and CPU with RESOURCES Dummy resources monitored every 10 s, against
#     the local control plane (hack/control-plane.sh) or KUBECONFIG.
# Only TEST-NET-2 addresses inside namespaces made here; everything is removed on exit.
#   hack/bench-agent.sh [MOVES=100] [RESOURCES=50] [IDLE_SECONDS=60]     (MOVES=0 skips part 1)
# AGENT_JAVA_OPTS adds JVM options to the daemon's (e.g. -XX:NativeMemoryTracking=summary).
set -euo pipefail
cd "$(dirname "$0")/.."
MOVES="${1:-100}"
RESOURCES="${2:-50}"
IDLE="${3:-60}"
JAR=agent/target/baton-agent.jar
P="bb$$-"
log() { printf '[bench-agent] %s\n' "$*" >&2; }

[[ -f $JAR ]] || mvn -B -q -pl agent package -DskipTests
# run from a private copy: a build rewriting agent/target meanwhile must not pull the jar from under the JVM
RUNJAR="${TMPDIR:-/tmp}/baton-agent-bench-$$.jar"
cp "$JAR" "$RUNJAR"
JAR="$RUNJAR"
# the JVM options of manifests/agent/baton-agent.service
JAVA_FLAGS=("@$PWD/manifests/agent/agent.jvm")

agent_pid=""
ns_list=()
own_cp=""
cleanup() {
  rm -f "$RUNJAR"
  [[ -n $agent_pid ]] && kill "$agent_pid" 2>/dev/null || true
  [[ -n $own_cp ]] && hack/control-plane.sh stop >/dev/null 2>&1 || true
  for ns in "${ns_list[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  [[ -n ${STATE:-} ]] && rm -rf "$STATE"
}
trap cleanup EXIT

# ---- 1. VIP moves ----
if ((MOVES > 0)); then
ip netns add "${P}sw"; ns_list+=("${P}sw")
ip -n "${P}sw" link add br0 type bridge
ip -n "${P}sw" link set br0 up
octet=11
for h in c1 c2 client; do
  ns="$P$h"; ip netns add "$ns"; ns_list+=("$ns")
  ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$ns" link add eth0 type veth peer name "p$octet" netns "${P}sw"
  ip -n "${P}sw" link set "p$octet" master br0 up
  ip -n "$ns" addr add "198.51.100.$octet/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  octet=$((octet + 1))
done
log "moving 198.51.100.100/24 $MOVES times between ${P}c1 and ${P}c2, native then script"
vip_out=$(java "${JAVA_FLAGS[@]}" -cp "$JAR" dev.baton.agent.net.VipBench "${P}c1" "${P}c2" 198.51.100.100/24 eth0 "$MOVES")
echo "$vip_out"
native_p50=$(sed -nE 's/^native.* p50 +([0-9.]+) ms.*/\1/p' <<<"$vip_out")
script_p50=$(sed -nE 's/^script.* p50 +([0-9.]+) ms.*/\1/p' <<<"$vip_out")
awk -v n="$native_p50" -v s="$script_p50" 'BEGIN { printf "speed-up at p50: %.0fx (goal >= 10x)\n", s / n }'
fi

# ---- 2. idle daemon with RESOURCES monitored resources ----
if [[ -z ${KUBECONFIG:-} ]]; then
  # a private instance: another user's hack/test.sh stopping the shared one must not end this run
  export BATON_CP_DIR="${TMPDIR:-/tmp}/baton-bench-agent-cp-$$"
  own_cp=1
  eval "$(hack/control-plane.sh start)"
fi
K=(kubectl)
command -v kubectl >/dev/null || K=("$(hack/control-plane.sh bin)/kubectl")
NS="bench-agent-$$"
STATE=$(mktemp -d)
crd_args=(); for f in crds/*.baton.dev.yaml; do crd_args+=(-f "$f"); done
"${K[@]}" apply --server-side --force-conflicts --field-manager=bench-agent "${crd_args[@]}" >/dev/null
"${K[@]}" create namespace "$NS" >/dev/null
[[ -n $own_cp ]] || trap 'cleanup; "${K[@]}" delete namespace "$NS" --wait=false >/dev/null 2>&1 || true' EXIT
# shellcheck disable=SC2086
MALLOC_ARENA_MAX=2 java "${JAVA_FLAGS[@]}" ${AGENT_JAVA_OPTS:-} -jar "$JAR" --node bench-1 --namespace "$NS" --kubeconfig "$KUBECONFIG" \
  --no-quorum-policy freeze 2>"$STATE/agent.log" &
agent_pid=$!
{
  for i in $(seq 1 "$RESOURCES"); do
    for a in start monitor; do
      cat <<YAML
---
apiVersion: baton.dev/v1alpha1
kind: ResourceAction
metadata: {name: d$i-$a}
spec: {node: bench-1, resource: d$i, action: $a, class: ocf, provider: heartbeat, type: Dummy,
       params: {state: "$STATE/d$i.state"}, interval: "$([[ $a == monitor ]] && echo 10s || echo 0)", timeout: 20s}
YAML
    done
  done
} | "${K[@]}" -n "$NS" apply -f - >/dev/null
log "waiting for $((RESOURCES * 2)) actions to finish"
for _ in $(seq 1 120); do
  done_count=$("${K[@]}" -n "$NS" get resourceactions.baton.dev -o jsonpath='{range .items[*]}{.status.phase}{"\n"}{end}' 2>/dev/null | grep -c Succeeded || true)
  [[ $done_count -ge $((RESOURCES * 2)) ]] && break
  sleep 1
done
log "$done_count actions succeeded; idling $IDLE s"
alive() {
  if ! kill -0 "$agent_pid" 2>/dev/null; then
    log "the agent died; its log:"; tail -20 "$STATE/agent.log" >&2; exit 1
  fi
}
sleep 5
alive
hz=$(getconf CLK_TCK)
read -r u0 s0 cu0 cs0 < <(awk '{print $14, $15, $16, $17}' "/proc/$agent_pid/stat")
sleep "$IDLE"
alive
read -r u1 s1 cu1 cs1 < <(awk '{print $14, $15, $16, $17}' "/proc/$agent_pid/stat")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$agent_pid/status")
if [[ ${AGENT_JAVA_OPTS:-} == *NativeMemoryTracking* ]]; then
  jcmd "$agent_pid" VM.native_memory summary | grep -E '^-|Total' >&2
fi
awk -v r="$rss" -v n="$RESOURCES" -v jvm=$(( (u1 - u0) + (s1 - s0) )) -v kids=$(( (cu1 - cu0) + (cs1 - cs0) )) -v hz="$hz" -v t="$IDLE" 'BEGIN {
  printf "agent idle, %d resources monitored every 10 s: RSS %.1f MB (goal <= 100 MB)\n", n, r / 1024
  printf "  CPU over %d s: agent JVM %.2f %% of one core, monitor processes (children) %.2f %%\n", t, 100 * jvm / hz / t, 100 * kids / hz / t
}'
