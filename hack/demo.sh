#!/usr/bin/env bash
# The demo: builds Baton, starts the local Kubernetes control plane, applies the field report's
# cluster (samples/openstack-controllers), shows the objects and what Baton would do with them,
# and tears everything down.
set -euo pipefail
cd "$(dirname "$0")/.."
NS=baton-demo

hack/deps.sh
echo "== building Baton"
mvn -B -q -ntp install -DskipTests
hack/control-plane.sh start > /tmp/baton-demo-cp.env
# shellcheck disable=SC1091
source /tmp/baton-demo-cp.env
KUBECTL="$(hack/control-plane.sh bin)/kubectl"
cleanup() {
  "$KUBECTL" delete namespace "$NS" --wait=false >/dev/null 2>&1 || true
  hack/control-plane.sh stop
}
trap cleanup EXIT

"$KUBECTL" apply --server-side --force-conflicts -f crds/ >/dev/null
"$KUBECTL" wait --for=condition=Established crd --all --timeout=60s >/dev/null
"$KUBECTL" create namespace "$NS" >/dev/null
echo "== kubectl apply -f samples/openstack-controllers/"
"$KUBECTL" apply -n "$NS" -f samples/openstack-controllers/
echo
echo "== kubectl get baton"
"$KUBECTL" get baton -n "$NS"
echo
echo "== a bad object is rejected by the API server, naming the field"
if "$KUBECTL" apply -n "$NS" -f - <<'YAML'
apiVersion: baton.dev/v1alpha1
kind: Primitive
metadata: {name: broken}
spec: {class: ocf, type: IPaddr2, operations: [{name: monitor, interval: 3 seconds}]}
YAML
then echo "unexpected: accepted"; exit 1; fi
if [[ -f cli/target/kubectl-baton.jar ]]; then
  echo
  echo "== kubectl baton simulate --from samples/openstack-controllers --show-scores"
  java -jar cli/target/kubectl-baton.jar simulate --from samples/openstack-controllers --show-scores
fi
