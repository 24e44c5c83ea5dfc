# Sourced by hack/demo.sh and hack/bench-failover.sh: a Baton cluster on the lab of hack/lab.sh —
# the local control plane, the operator jar and one agent per controller namespace.
# Needs: REPO, NS (the HA cluster's namespace), LAB (lab prefix), OUT (log directory).
VIP=198.51.100.100
PIDS=()
KUBECTL=true

cluster_up() {
  hack/control-plane.sh start > "$OUT/cp.env"
  # shellcheck disable=SC1091
  source "$OUT/cp.env"
  KUBECTL="$(hack/control-plane.sh bin)/kubectl"
  "$KUBECTL" apply --server-side --force-conflicts -k crds/ >/dev/null
  "$KUBECTL" wait --for=condition=Established crd --all --timeout=60s >/dev/null
  "$KUBECTL" delete namespace "$NS" --wait=true --ignore-not-found >/dev/null
  "$KUBECTL" create namespace "$NS" >/dev/null
  hack/lab.sh up "$LAB"
  BATON_NAMESPACE=$NS BATON_HTTP_PORT=0 java -jar operator/target/quarkus-app/quarkus-run.jar > "$OUT/operator.log" 2>&1 &
  PIDS+=($!)
  agent_start c1
  agent_start c2
}

# agent_start c1|c2: the agent of compute-1|2, inside its controller's namespace
agent_start() {
  hack/lab.sh kubeconfig "$LAB" "$1" "$OUT/kubeconfig-$1"
  ip netns exec "$LAB-$1" java @manifests/agent/agent.jvm -jar agent/target/baton-agent.jar --node "compute-${1#c}" --namespace "$NS" \
    --kubeconfig "$OUT/kubeconfig-$1" --lsb-root "$REPO/hack/lab/init.d" >> "$OUT/agent-$1.log" 2>&1 &
  eval "AGENT_$1=$!"
  PIDS+=($!)
}

# power_off c1|c2: the controller's agent and services die at once, its links go down
power_off() {
  local pid_var="AGENT_$1"
  kill -9 "${!pid_var}" 2>/dev/null || true
  for s in apache2 nova-network; do
    local f="/run/baton-lab/$LAB-$1/$s/pid"
    [[ -f "$f" ]] && { kill -9 "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; }
  done
  ip -n "$LAB-$1" link set eth0 down
  ip -n "$LAB-$1" link set mgmt0 down
}

power_on() {
  ip -n "$LAB-$1" link set eth0 up
  ip -n "$LAB-$1" link set mgmt0 up
  agent_start "$1"
}

cluster_down() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 2
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  hack/lab.sh down "$LAB" >/dev/null 2>&1 || true
  "$KUBECTL" delete namespace "$NS" --wait=false >/dev/null 2>&1 || true
}

# fetch [timeout]: what the client gets from http://VIP/ (empty when nothing answers)
fetch() { ip netns exec "$LAB-client" curl -s --max-time "${1:-0.3}" "http://$VIP/" 2>/dev/null || true; }

# wait_served TEXT SECONDS: until the client's answer contains TEXT
wait_served() {
  local end=$((SECONDS + $2))
  while ((SECONDS < end)); do
    [[ "$(fetch)" == *"$1"* ]] && return 0
    sleep 0.02
  done
  return 1
}

now() { date +%s.%N; }
