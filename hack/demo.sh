#!/usr/bin/env bash
# The demo: the field report's two OpenStack controllers, made highly available by Baton.
#
# Builds Baton, starts the local Kubernetes control plane, creates compute-1, compute-2 and a
# client as network namespaces (hack/lab.sh), starts the operator and one agent per controller,
# applies samples/openstack-controllers/, breaks www on compute-1 and shows the VIP and www
# moving to compute-2 while the client fetches http://198.51.100.100/. Prints the measured
# failover time as `failover: N.NNN s`; exits 0 only if the failover happened. Tears all down.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
NS=baton-demo
LAB=demo
OUT=$(mktemp -d /tmp/baton-demo.XXXXXX)
VIP=198.51.100.100

hack/deps.sh
echo "== building Baton (mvn install, tests skipped: hack/test.sh runs them)"
mvn -B -q -ntp install -DskipTests
hack/control-plane.sh start > "$OUT/cp.env"
# shellcheck disable=SC1091
source "$OUT/cp.env"
KUBECTL="$(hack/control-plane.sh bin)/kubectl"
BATON=(java -jar "$REPO/cli/target/kubectl-baton.jar")
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  hack/lab.sh down "$LAB" >/dev/null 2>&1 || true
  "$KUBECTL" delete namespace "$NS" --wait=false >/dev/null 2>&1 || true
  hack/control-plane.sh stop
  echo "(logs in $OUT)"
}
trap cleanup EXIT

"$KUBECTL" apply --server-side --force-conflicts -f crds/ >/dev/null
"$KUBECTL" wait --for=condition=Established crd --all --timeout=60s >/dev/null
"$KUBECTL" delete namespace "$NS" --wait=true --ignore-not-found >/dev/null
"$KUBECTL" create namespace "$NS" >/dev/null

echo "== the lab: compute-1, compute-2 and a client as network namespaces on 198.51.100.0/24"
hack/lab.sh up "$LAB"

echo "== starting the operator and the agents"
BATON_NAMESPACE=$NS BATON_HTTP_PORT=0 java -jar operator/target/quarkus-app/quarkus-run.jar > "$OUT/operator.log" 2>&1 &
PIDS+=($!)
for n in c1 c2; do
  hack/lab.sh kubeconfig "$LAB" "$n" "$OUT/kubeconfig-$n"
  ip netns exec "$LAB-$n" java -Xmx96m -jar agent/target/baton-agent.jar --node "compute-${n#c}" --namespace "$NS" \
    --kubeconfig "$OUT/kubeconfig-$n" --lsb-root "$REPO/hack/lab/init.d" > "$OUT/agent-$n.log" 2>&1 &
  PIDS+=($!)
done

echo "== kubectl apply -f samples/openstack-controllers/"
"$KUBECTL" apply -n "$NS" -f samples/openstack-controllers/

fetch() { ip netns exec "$LAB-client" curl -s --max-time "${1:-0.3}" "http://$VIP/" 2>/dev/null || true; }
wait_for() { # TEXT SECONDS
  local end=$((SECONDS + $2))
  while ((SECONDS < end)); do
    [[ "$(fetch)" == *"$1"* ]] && return 0
    sleep 0.05
  done
  return 1
}

wait_for "$LAB-c1" 120 || { echo "the VIP never came up on compute-1"; exit 1; }
echo
echo "== kubectl baton status"
"${BATON[@]}" status -n "$NS" || true
echo
echo "== the client fetches http://$VIP/ : $(fetch 1)"
echo
echo "== breaking www on compute-1 (its web server dies; the 10 s monitor will notice)"
start=$(date +%s.%N)
kill -9 "$(cat "/run/baton-lab/$LAB-c1/apache2/pid")"
# Show the failover as it happens: what the client gets, every half second.
end=$((SECONDS + 60))
last=""
while ((SECONDS < end)); do
  got=$(fetch 0.2)
  now=$(date +%s.%N)
  if [[ "$got" != "$last" ]]; then
    printf '  +%6.2f s  client gets: %s\n' "$(echo "$now - $start" | bc)" "${got:-(no answer)}"
    last=$got
  fi
  if [[ "$got" == *"$LAB-c2"* ]]; then
    break
  fi
  sleep 0.05
done
if [[ "$last" != *"$LAB-c2"* ]]; then
  echo "failover did not happen within 60 s"
  exit 1
fi
failover=$(echo "$now - $start" | bc)
echo
echo "== kubectl get transitions"
"$KUBECTL" get transitions -n "$NS"
echo
echo "== kubectl baton status"
"${BATON[@]}" status -n "$NS" || true
echo
printf 'failover: %.3f s\n' "$failover"
