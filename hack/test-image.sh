#!/usr/bin/env bash
# The operator as a Kubernetes user installs it: the image the build made
# (operator/target/baton-operator-image.tar, `mvn package -Pimage`) imported into containerd, and
# `kubectl apply -k manifests/`, on a control plane of its own with a kubelet
# (BATON_CP_KUBELET=1 hack/control-plane.sh). Asserts: the image runs as 65532 with no shell in
# it; both operator Pods become Ready; one of them holds the leader Lease. Prints the Pods'
# start-to-Ready time and the operator's RSS.
#
# The one patch over manifests/: this control plane has no kube-proxy, so the Pods are told where
# the API server is (KUBERNETES_SERVICE_HOST/PORT, the Pod bridge's host end).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
IMAGE_TAR=${IMAGE_TAR:-operator/target/baton-operator-image.tar}
export BATON_CP_DIR=${BATON_CP_DIR:-/tmp/baton-cp-image}
export BATON_CP_KUBELET=1
OUT=$(mktemp -d /tmp/baton-test-image.XXXXXX)
log() { printf '[test-image] %s\n' "$*" >&2; }
fail() { log "FAIL: $*"; log "logs in $OUT and $BATON_CP_DIR/kubelet/logs"; exit 1; }
passed=0
pass() { passed=$((passed + 1)); log "ok: $*"; }
[[ -f $IMAGE_TAR ]] || fail "$IMAGE_TAR is missing: mvn -pl operator -am package -Pimage"

# the image itself: OCI layout, user, no shell in any layer
mkdir "$OUT/oci" && tar -xf "$IMAGE_TAR" -C "$OUT/oci"
python3 - "$OUT/oci" <<'PY' || fail "image content"
import json, os, sys, tarfile
d = sys.argv[1]
blob = lambda digest: os.path.join(d, "blobs", *digest.split(":"))
index = json.load(open(os.path.join(d, "index.json")))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))["config"]
assert config["User"] == "65532:65532", config["User"]
shells = [m for layer in manifest["layers"] for m in tarfile.open(blob(layer["digest"])).getnames()
          if m.lstrip("./") in ("usr/bin/sh", "usr/bin/bash", "usr/bin/dash", "bin/sh")]
assert not shells, f"shells in the image: {shells}"
PY
pass "OCI image: user 65532:65532, no shell in its layers"

hack/control-plane.sh start > "$OUT/cp.env"
trap 'hack/control-plane.sh stop; log "logs in $OUT"' EXIT
# shellcheck disable=SC1091
source "$OUT/cp.env"
KUBECTL="$(hack/control-plane.sh bin)/kubectl"
CTR=(ctr --address "$BATON_CP_DIR/kubelet/containerd.sock" -n k8s.io)
"${CTR[@]}" images import "$IMAGE_TAR" > /dev/null
pass "image imported: $("${CTR[@]}" images ls -q | grep baton-operator)"

port=$(cat "$BATON_CP_DIR/port")
mkdir "$OUT/overlay"
rel=$(python3 -c 'import os, sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$REPO/manifests" "$OUT/overlay")
cat > "$OUT/overlay/kustomization.yaml" <<EOF
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- $rel
patches:
- target: {kind: Deployment, name: baton-operator}
  patch: |
    - op: add
      path: /spec/template/spec/containers/0/env/-
      value: {name: KUBERNETES_SERVICE_HOST, value: "203.0.113.129"}
    - op: add
      path: /spec/template/spec/containers/0/env/-
      value: {name: KUBERNETES_SERVICE_PORT, value: "$port"}
EOF
"$KUBECTL" apply --server-side -k "$OUT/overlay" > "$OUT/apply.log" 2>&1 || { cat "$OUT/apply.log" >&2; fail "kubectl apply -k"; }
"$KUBECTL" -n baton-system rollout status deployment/baton-operator --timeout=240s > "$OUT/rollout.log" 2>&1 || {
  "$KUBECTL" -n baton-system get pods -o wide >&2; "$KUBECTL" -n baton-system describe pods > "$OUT/describe.txt" 2>&1
  for p in $("$KUBECTL" -n baton-system get pods -o name); do
    "$KUBECTL" -n baton-system logs --previous "$p" > "$OUT/${p#pod/}.log" 2>&1 || "$KUBECTL" -n baton-system logs "$p" > "$OUT/${p#pod/}.log" 2>&1 || true
  done
  fail "the operator Deployment did not become available"; }
ready=$("$KUBECTL" -n baton-system get pods -l app.kubernetes.io/name=baton-operator \
  -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True || true)
[[ $ready == 2 ]] || fail "$ready of 2 operator Pods Ready"
pass "kubectl apply -k manifests/: 2 operator Pods Ready"

holder=""
for _ in $(seq 1 60); do
  holder=$("$KUBECTL" -n baton-system get lease -o jsonpath='{.items[*].spec.holderIdentity}' 2>/dev/null || true)
  [[ -n $holder ]] && break
  sleep 1
done
[[ -n $holder ]] || fail "no operator holds a leader Lease"
pass "leader: $holder"

# figures: start (container started) to Ready, and each operator JVM's resident memory
"$KUBECTL" -n baton-system get pods -l app.kubernetes.io/name=baton-operator -o json | python3 -c '
import datetime, json, sys
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
for p in json.load(sys.stdin)["items"]:
    started = t(p["status"]["containerStatuses"][0]["state"]["running"]["startedAt"])
    ready = t(next(c["lastTransitionTime"] for c in p["status"]["conditions"] if c["type"] == "Ready"))
    name = p["metadata"]["name"]
    print(f"{name}: container start to Ready {(ready - started).total_seconds():.0f} s")'
for pid in $("${CTR[@]}" tasks ls | awk 'NR > 1 && $2 != "" {print $2}'); do
  if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q quarkus-run.jar; then
    log "operator pid $pid: $(grep VmRSS "/proc/$pid/status" | tr -s ' \t' ' ')"
  fi
done
echo "image: $passed passed, 0 failed"
