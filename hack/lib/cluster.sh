# Sourced by hack/demo.sh and hack/bench-failover.sh: a Baton cluster on the lab of hack/lab.sh —
# the local control plane, the operator and one agent per controller namespace.
# Needs: REPO, NS (the HA cluster's namespace), LAB (lab prefix), OUT (log directory). With
# BATON_OPERATOR_IMAGE (an image archive of `mvn package -Pimage`) and BATON_CP_KUBELET=1 the operator
# runs as users install it, two Pods of `kubectl apply -k manifests/` (hack/lib/operator-pod.sh);
# otherwise its jar runs on the host.
VIP=198.51.100.100
# shellcheck source=hack/lib/controller-root.sh
source "$(dirname "${BASH_SOURCE[0]}")/controller-root.sh"
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
  if [[ -n "${BATON_OPERATOR_IMAGE:-}" ]]; then
    # shellcheck source=hack/lib/operator-pod.sh
    source hack/lib/operator-pod.sh
    operator_pod_import "$BATON_OPERATOR_IMAGE"
    operator_pod_overlay "$OUT/operator"
    operator_pod_apply "$OUT/operator"
  else
    BATON_NAMESPACE=$NS BATON_HTTP_PORT=0 java -jar operator/target/quarkus-app/quarkus-run.jar > "$OUT/operator.log" 2>&1 &
    PIDS+=($!)
  fi
  agent_start c1
  agent_start c2
}

# agent_start c1|c2: the agent of compute-1|2, inside its controller's namespace; with
# BATON_AGENT_DEB set, installed from that package as docs/install.md says (agent_start_installed)
agent_start() {
  if [[ -n "${BATON_AGENT_DEB:-}" ]]; then
    agent_start_installed "$1"
    return
  fi
  hack/lab.sh kubeconfig "$LAB" "$1" "$OUT/kubeconfig-$1"
  ip netns exec "$LAB-$1" java @manifests/agent/agent.jvm -jar agent/target/baton-agent.jar --node "compute-${1#c}" --namespace "$NS" \
    --kubeconfig "$OUT/kubeconfig-$1" --lsb-root "$REPO/hack/lab/init.d" >> "$OUT/agent-$1.log" 2>&1 &
  eval "AGENT_$1=$!"
  PIDS+=($!)
}

# agent_start_installed c1|c2: the package installed into the controller's own throw-away root
# (hack/lib/controller-root.sh), configured as an administrator would (agent.conf, a kubeconfig
# with the node's ServiceAccount token, the shared failsafe key), its systemd unit's service run
# inside the controller's namespace with the unit's capabilities (hack/lib/unit-exec.py). A root
# outlives its agent (power_on restarts the same installation).
agent_start_installed() {
  local n=${1#c} root="$ROOTS_DIR/$LAB-$1/root"
  if [[ ! -f "$root/etc/baton/kubeconfig" ]]; then
    if [[ ! -f "$OUT/agents-rbac" ]]; then
      "$KUBECTL" kustomize manifests/agents | sed "s/baton-demo/$NS/g" | "$KUBECTL" apply -f - > "$OUT/agents-rbac.log" 2>&1 ||
        { cat "$OUT/agents-rbac.log" >&2; return 1; }
      head -c 32 /dev/urandom > "$OUT/failsafe.key"
      touch "$OUT/agents-rbac"
    fi
    root=$(root_up "$LAB-$1" "$BATON_AGENT_DEB")
    agent_token_kubeconfig "$1" "compute-$n" > "$OUT/kubeconfig-$1"
    root_agent_config "$root" "compute-$n" "$NS" "$OUT/kubeconfig-$1"
    local peer=$((3 - n))
    sed -i -e "s/^failsafe-listen=.*/failsafe-listen=198.51.100.1$n:7405/" \
      -e "s/^failsafe-peers=.*/failsafe-peers=compute-$peer=198.51.100.1$peer:7405/" "$root/etc/baton/agent.conf"
    install -m 0600 "$OUT/failsafe.key" "$root/etc/baton/failsafe.key"
    # the lab's stand-ins for the controllers' services, where init scripts live
    install -m 0755 hack/lab/init.d/* "$root/etc/init.d/"
  fi
  ip netns exec "$LAB-$1" python3 hack/lib/unit-exec.py "$root" /lib/systemd/system/baton-agent.service \
    >> "$OUT/agent-$1.log" 2>&1 &
  eval "AGENT_$1=$!"
  PIDS+=($!)
}

# agent_token_kubeconfig c1|c2 NODE: a kubeconfig for NODE's agent, reaching the API server on the
# controller's management link, authenticated by a token of its ServiceAccount baton-agent-NODE
agent_token_kubeconfig() {
  local h; case "$1" in c1) h=203.0.113.1 ;; c2) h=203.0.113.5 ;; esac
  local token ca port
  token=$("$KUBECTL" create token -n "$NS" "baton-agent-$2" --duration=24h)
  ca=$("$KUBECTL" config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority}')
  port=$("$KUBECTL" config view --minify -o jsonpath='{.clusters[0].cluster.server}' | sed 's/.*://')
  cat <<KC
apiVersion: v1
kind: Config
clusters:
- name: baton
  cluster: {server: "https://$h:$port", certificate-authority-data: "$(base64 -w0 < "$ca")"}
users:
- name: baton-agent-$2
  user: {token: "$token"}
contexts:
- name: baton
  context: {cluster: baton, user: baton-agent-$2, namespace: $NS}
current-context: baton
KC
}

# service_pidfile c1|c2 NAME: the pid file of a lab service (hack/lab/init.d) on that controller,
# inside its root when the agent was installed from the package
service_pidfile() {
  local prefix=""
  [[ -n "${BATON_AGENT_DEB:-}" ]] && prefix="$ROOTS_DIR/$LAB-$1/root"
  echo "$prefix/run/baton-lab/$LAB-$1/$2/pid"
}

# power_off c1|c2: the controller's agent and services die at once, its links go down
power_off() {
  local pid_var="AGENT_$1"
  kill -9 "${!pid_var}" 2>/dev/null || true
  for s in apache2 nova-network; do
    local f; f=$(service_pidfile "$1" "$s")
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
  root_down "$LAB-c1"
  root_down "$LAB-c2"
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
