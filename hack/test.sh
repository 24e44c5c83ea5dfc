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

mvn -B -ntp verify "$@"
# the chaos matrix, one round of each fault kind (its own control plane and lab; docs/chaos.md)
hack/chaos.sh 12 --seed 1
echo "[test] all tests passed in $((SECONDS - start)) s"
