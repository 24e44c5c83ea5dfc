#!/usr/bin/env bash
# All tests: installs what they need, starts the local Kubernetes control plane (built from the
# Go module proxy the first time, cached in ~/.cache/baton), runs `mvn verify` on every module,
# and stops the control plane again.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

hack/deps.sh
hack/control-plane.sh start > /tmp/baton-test-cp.env
trap 'hack/control-plane.sh stop' EXIT
# shellcheck disable=SC1091
source /tmp/baton-test-cp.env

# -Pimage: the operator image too (operator/target/baton-operator-image.tar)
mvn -B -ntp verify -Pimage "$@"
# Differential pass (docs/differential.md): 200 generated clusters of a fixed seed through crm_simulate and
# Baton; every cluster listed as agreeing must still agree (the list only grows; newly agreeing ones are printed)
hack/differential.sh 200 --seed 1 --minimize 0 --gate scheduler/src/test/resources/differential-agreeing.txt
# the fault matrix (docs/chaos.md): one round of each of the 15 fault kinds, seed 1, on a control plane and lab of
# its own (beside the suite's: faults stop and restart it); fails when a round does not recover, two controllers
# ever held the VIP, or an object was lost
BATON_CP_DIR="${BATON_CP_DIR:-${TMPDIR:-/tmp}/baton-control-plane}-chaos" hack/chaos.sh --seed 1
# the agent as controllers install it: the .deb, lintian, dpkg into throw-away roots, the failover
hack/test-package.sh
# the operator as a Kubernetes user installs it: the image on a kubelet, kubectl apply -k manifests/ (a control
# plane of its own, with a kubelet)
BATON_CP_DIR="${BATON_CP_DIR:-${TMPDIR:-/tmp}/baton-control-plane}-image" hack/test-image.sh
echo "[test] all tests passed in $((SECONDS - start)) s"
