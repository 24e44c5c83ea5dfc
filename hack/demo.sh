#!/usr/bin/env bash
# The demo: the field report's two OpenStack controllers, made highly available by Baton.
#
# Builds Baton (with the operator image), starts the local Kubernetes control plane with one
# kubelet node, creates compute-1, compute-2 and a client as network namespaces (hack/lab.sh),
# installs the operator as docs/install.md says (the image imported into the node's containerd,
# `kubectl apply -k manifests/`: two operator Pods, one leader) and one agent per controller
# (installed from the baton-agent .deb into each controller's root),
# applies samples/openstack-controllers/, breaks www on compute-1 and shows the VIP and www
# moving to compute-2 while the client fetches http://198.51.100.100/. Prints the measured
# failover time as `failover: N.NNN s`; exits 0 only if the failover happened. Tears all down.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -n "${BATON_LAB_LOCKED:-}" ]] || exec python3 hack/lib/lab-lock.py "$PWD/hack/$(basename "$0")" "$@"
REPO=$PWD
NS=baton-demo
LAB=demo
OUT=$(mktemp -d /tmp/baton-demo.XXXXXX)

hack/deps.sh
echo "== building Baton and the operator image (mvn package -Pimage, tests skipped: hack/test.sh runs them)"
mvn -B -q -ntp package -Pimage -DskipTests
export BATON_CP_KUBELET=1 BATON_OPERATOR_IMAGE=$REPO/operator/target/baton-operator-image.tar
BATON=(java -jar "$REPO/cli/target/kubectl-baton.jar")
echo "== packaging the agent (hack/package-agent.sh): each controller gets it installed from the .deb"
hack/package-agent.sh "$OUT/dist"
export BATON_AGENT_DEB
BATON_AGENT_DEB=$(echo "$OUT"/dist/baton-agent_*_all.deb)
# shellcheck source=hack/lib/cluster.sh
source hack/lib/cluster.sh
trap 'cluster_down; hack/control-plane.sh stop; echo "(logs in $OUT)"' EXIT

echo "== the lab: compute-1, compute-2 and a client as network namespaces on 198.51.100.0/24;"
echo "   the local control plane and its node, the operator (kubectl apply -k manifests/), one agent per controller"
cluster_up
echo
echo "== kubectl get pods -n baton-system"
"$KUBECTL" get pods -n baton-system

echo "== kubectl apply -f samples/openstack-controllers/"
"$KUBECTL" apply -n "$NS" -f samples/openstack-controllers/

wait_served "$LAB-c1" 120 || { echo "the VIP never came up on compute-1"; exit 1; }
echo
echo "== kubectl baton status"
"${BATON[@]}" status -n "$NS" || true
echo
echo "== the client fetches http://$VIP/ : $(fetch 1)"
echo
echo "== breaking www on compute-1 (its web server dies; the 10 s monitor will notice)"
start=$(now)
kill -9 "$(cat "$(service_pidfile c1 apache2)")"
# Show the failover as it happens: what the client gets, every half second.
end=$((SECONDS + 60))
last="served by $LAB-c1"
while ((SECONDS < end)); do
  got=$(fetch 0.2)
  t=$(now)
  if [[ "$got" != "$last" ]]; then
    printf '  +%6.2f s  client gets: %s\n' "$(echo "$t - $start" | bc)" "${got:-(no answer)}"
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
failover=$(echo "$t - $start" | bc)
echo
echo "== kubectl get transitions"
"$KUBECTL" get transitions -n "$NS"
echo
echo "== kubectl baton status"
"${BATON[@]}" status -n "$NS" || true
echo
printf 'failover: %.3f s\n' "$failover"
