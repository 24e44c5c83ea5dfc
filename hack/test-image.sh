#!/usr/bin/env bash
# The operator as a Kubernetes user installs it: the image the build made
# (operator/target/baton-operator-image.tar, `mvn package -Pimage`) imported into containerd, and
# `kubectl apply -k manifests/`, on a control plane of its own with a kubelet
# (BATON_CP_KUBELET=1 hack/control-plane.sh). Asserts: the image runs as 65532 with no shell in
# it; both operator Pods become Ready; one of them holds the leader Lease; `kubectl apply -k` of a
# new build rolls the Deployment with the Lease handed from an old Pod to a new one and never two
# leaders. Prints the Pods' start-to-Ready time, the operator's RSS and the handovers.
#
# The one patch over manifests/: this control plane has no kube-proxy, so the Pods are told where
# the API server is (hack/lib/operator-pod.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# the kubelet's Pod bridge (203.0.113.129/26) is one per machine, as a lab's host addresses are
[[ -n "${BATON_LAB_LOCKED:-}" ]] || exec python3 hack/lib/lab-lock.py "$PWD/hack/$(basename "$0")" "$@"
REPO=$PWD
IMAGE_TAR=${IMAGE_TAR:-operator/target/baton-operator-image.tar}
export BATON_CP_DIR=${BATON_CP_DIR:-/tmp/baton-cp-image}
export BATON_CP_KUBELET=1
OUT=$(mktemp -d /tmp/baton-test-image.XXXXXX)
log() { printf '[test-image] %s\n' "$*" >&2; }
# the Pods' logs (previous containers' too) go with the control plane's state: keep them
fail() { log "FAIL: $*"; cp -r "$BATON_CP_DIR/kubelet/logs/pods" "$OUT/pod-logs" 2>/dev/null || true; exit 1; }
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
port_forward=""
# (|| true: the trap runs under set -e, and a port-forward that already exited must not skip the stop)
trap '[[ -z $port_forward ]] || kill "$port_forward" 2>/dev/null || true; hack/control-plane.sh stop; log "logs in $OUT"' EXIT
# shellcheck disable=SC1091
source "$OUT/cp.env"
KUBECTL="$(hack/control-plane.sh bin)/kubectl"
# shellcheck source=hack/lib/operator-pod.sh
source hack/lib/operator-pod.sh
operator_pod_import "$IMAGE_TAR"
pass "image imported: $("${OPERATOR_CTR[@]}" images ls -q | grep baton-operator)"

operator_pod_overlay "$OUT/overlay"
operator_pod_apply "$OUT/overlay" || fail "kubectl apply -k manifests/"
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
# and keeps it: the leader renews the Lease every retry period (2 s), and no operator restarted
renewed=$("$KUBECTL" -n baton-system get lease baton-operator-leader -o jsonpath='{.spec.renewTime}')
sleep 6
[[ $("$KUBECTL" -n baton-system get lease baton-operator-leader -o jsonpath='{.spec.renewTime}') != "$renewed" ]] ||
  fail "$holder did not renew the leader Lease in 6 s (last renewal $renewed)"
restarts=$("$KUBECTL" -n baton-system get pods -l app.kubernetes.io/name=baton-operator \
  -o jsonpath='{range .items[*]}{.status.containerStatuses[0].restartCount}{end}')
last_states='{range .items[*]}{.metadata.name}: {.status.containerStatuses[0].lastState.terminated.reason}'
last_states+=' exit {.status.containerStatuses[0].lastState.terminated.exitCode}; {end}'
[[ $restarts =~ ^0+$ ]] || fail "operator containers restarted: restart counts $restarts; last states: $("$KUBECTL" \
  -n baton-system get pods -l app.kubernetes.io/name=baton-operator -o jsonpath="$last_states")"
pass "leader: $holder, renewing its Lease; no operator restarted"

# figures: start (container started) to Ready, and each operator JVM's resident memory
"$KUBECTL" -n baton-system get pods -l app.kubernetes.io/name=baton-operator -o json | python3 -c '
import datetime, json, sys
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
for p in json.load(sys.stdin)["items"]:
    started = t(p["status"]["containerStatuses"][0]["state"]["running"]["startedAt"])
    ready = t(next(c["lastTransitionTime"] for c in p["status"]["conditions"] if c["type"] == "Ready"))
    name = p["metadata"]["name"]
    print(f"{name}: container start to Ready {(ready - started).total_seconds():.0f} s")'
for pid in $("${OPERATOR_CTR[@]}" tasks ls | awk 'NR > 1 && $2 != "" {print $2}'); do
  if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q quarkus-run.jar; then
    log "operator pid $pid: $(grep VmRSS "/proc/$pid/status" | tr -s ' \t' ' ')"
  fi
done
# The console as docs/console.md says to reach it: `kubectl port-forward` to the Deployment (the API
# server proxies to the kubelet, the kubelet to containerd, containerd into the Pod's network namespace),
# then the page and its API from this side, signed in with a ServiceAccount's token that may see one
# HACluster. The API's answer names the user the API server said the token is (TokenReview from the Pod).
"$KUBECTL" apply -f - > "$OUT/console-viewer.log" 2>&1 <<'YAML' || fail "the console viewer's objects: $(cat "$OUT/console-viewer.log")"
apiVersion: v1
kind: Namespace
metadata: {name: baton-portfwd}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: console-viewer, namespace: baton-portfwd}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: console-viewer, namespace: baton-portfwd}
rules:
- {apiGroups: [baton.dev], resources: [haclusters], verbs: [get, list, watch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: console-viewer, namespace: baton-portfwd}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: console-viewer}
subjects:
- {kind: ServiceAccount, name: console-viewer, namespace: baton-portfwd}
---
apiVersion: baton.dev/v1alpha1
kind: HACluster
metadata: {name: portfwd, namespace: baton-portfwd}
spec: {}
YAML
token=$("$KUBECTL" -n baton-portfwd create token console-viewer) || fail "kubectl create token"
local_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
console=http://127.0.0.1:$local_port/console
t0=${EPOCHREALTIME/,/.}
"$KUBECTL" -n baton-system port-forward --address 127.0.0.1 deployment/baton-operator "$local_port:8080" \
  > "$OUT/port-forward.log" 2>&1 &
port_forward=$!
code=""
for _ in $(seq 1 100); do
  code=$(curl -sS --max-time 5 -o "$OUT/console.html" -w '%{http_code}' "$console/" 2> "$OUT/curl.err") && break
  kill -0 "$port_forward" 2>/dev/null || break
  sleep 0.2
done
[[ $code == 200 ]] || fail "GET $console/ through kubectl port-forward: ${code:-no answer} $(cat "$OUT/port-forward.log" "$OUT/curl.err")"
# the page of operator/src/main/resources/META-INF/resources/console/index.html
grep -q '<title>Baton console</title>' "$OUT/console.html" || fail "GET $console/: not the console's page: $(head -c 300 "$OUT/console.html")"
t1=${EPOCHREALTIME/,/.}
code=$(curl -sS --max-time 10 -o "$OUT/namespaces-anonymous.json" -w '%{http_code}' "$console/api/namespaces")
[[ $code == 401 ]] || fail "GET console/api/namespaces without a token: $code, not 401"
code=$(curl -sS --max-time 10 -o "$OUT/namespaces.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
  "$console/api/namespaces")
[[ $code == 200 ]] || fail "GET console/api/namespaces with the viewer's token: $code $(cat "$OUT/namespaces.json")"
python3 -c '
import json, sys
answer = json.load(open(sys.argv[1]))
assert answer["user"] == "system:serviceaccount:baton-portfwd:console-viewer", answer
assert answer["namespaces"] == ["baton-portfwd"], answer' "$OUT/namespaces.json" ||
  fail "console/api/namespaces with the viewer's token: $(cat "$OUT/namespaces.json")"
kill "$port_forward" 2>/dev/null || true
wait "$port_forward" 2>/dev/null || true
port_forward=""
pass "console through kubectl port-forward (page after $(python3 -c "print(f'{$t1 - $t0:.2f}')") s): /console/ 200," \
  "api/namespaces 401 without a token, 200 with the viewer's: $(cat "$OUT/namespaces.json")"
# kubectl logs goes the same way (API server → kubelet): the operator's own log lines
pod=$("$KUBECTL" -n baton-system get pods -l app.kubernetes.io/name=baton-operator -o jsonpath='{.items[0].metadata.name}')
"$KUBECTL" -n baton-system logs "$pod" > "$OUT/kubectl-logs.txt" 2>&1 || fail "kubectl logs $pod: $(cat "$OUT/kubectl-logs.txt")"
grep -q 'started in' "$OUT/kubectl-logs.txt" || fail "kubectl logs $pod has no Quarkus start line: $(head -5 "$OUT/kubectl-logs.txt")"
pass "kubectl logs $pod: $(wc -l < "$OUT/kubectl-logs.txt") lines, $(grep -m1 -o 'started in [0-9.]*s' "$OUT/kubectl-logs.txt")"
# and the kubelet's port itself lets no one in unannounced (anonymous authentication is off)
kubelet_port=$("$KUBECTL" get node baton-node -o jsonpath='{.status.daemonEndpoints.kubeletEndpoint.Port}')
code=$(curl -sS --max-time 5 --cacert "$BATON_CP_DIR/pki/ca.crt" -o /dev/null -w '%{http_code}' \
  "https://203.0.113.129:$kubelet_port/pods") || true
[[ $code == 401 ]] || fail "the kubelet's API (203.0.113.129:$kubelet_port) answered $code without credentials, not 401"
pass "kubelet API on 203.0.113.129:$kubelet_port (its certificate of the control plane's CA): 401 without credentials"

# an upgrade as users roll one: a new build (here the same image under a second tag, which changes the
# Pod template as a new version does) and `kubectl apply -k manifests/` again. Two watchers follow the
# leader Lease and the Pods throughout; hack/lib/leader_handover.py asserts from what they saw that
# the Lease went from an old Pod to a new one and that no Pod took it before its holder's had expired.
old_hash=$("$KUBECTL" -n baton-system get pods -l app.kubernetes.io/name=baton-operator \
  -o jsonpath='{.items[0].metadata.labels.pod-template-hash}')
image=$("$KUBECTL" -n baton-system get deployment baton-operator -o jsonpath='{.spec.template.spec.containers[0].image}')
"${OPERATOR_CTR[@]}" images tag "$image" "${image%:*}:upgrade" > /dev/null
# $EPOCHREALTIME, not date(1): no fork per line, so a loaded machine cannot make a stamper fall behind
stamp() { while IFS= read -r line; do printf '%s|%s\n' "${EPOCHREALTIME/,/.}" "$line"; done; }
"$KUBECTL" -n baton-system get lease baton-operator-leader --watch -o \
  jsonpath='{.spec.holderIdentity}{"|"}{.spec.acquireTime}{"|"}{.spec.renewTime}{"|"}{.spec.leaseDurationSeconds}{"\n"}' \
  2> "$OUT/lease-watch.err" > >(stamp > "$OUT/lease-watch.log") &
lease_watch=$!
"$KUBECTL" -n baton-system get pods -l app.kubernetes.io/name=baton-operator --watch --output-watch-events -o \
  jsonpath='{.type}{"|"}{.object.metadata.name}{"|"}{.object.metadata.labels.pod-template-hash}{"|"}{.object.metadata.deletionTimestamp}{"\n"}' \
  2> "$OUT/pods-watch.err" > >(stamp > "$OUT/pods-watch.log") &
pods_watch=$!
# the upgrade starts only once both watchers have listed what is there (the Lease's holder, both Pods):
# a watcher that is slow to start would otherwise miss the old leader's Pod
for _ in $(seq 1 300); do
  [[ -s $OUT/lease-watch.log && $(wc -l < "$OUT/pods-watch.log" 2>/dev/null || echo 0) -ge 2 ]] && break
  sleep 0.1
done
[[ -s $OUT/lease-watch.log && $(wc -l < "$OUT/pods-watch.log" 2>/dev/null || echo 0) -ge 2 ]] ||
  fail "the Lease and Pod watchers listed nothing in 30 s: $(cat "$OUT/lease-watch.err" "$OUT/pods-watch.err")"
t0=$SECONDS
operator_pod_overlay "$OUT/upgrade" "images:
- {name: ${image%:*}, newTag: upgrade}"
operator_pod_apply "$OUT/upgrade" || fail "kubectl apply -k manifests/ of the new build"
new_hash=$("$KUBECTL" -n baton-system get rs -l app.kubernetes.io/name=baton-operator \
  -o jsonpath='{range .items[?(@.spec.replicas>0)]}{.metadata.labels.pod-template-hash}{end}')
[[ -n $new_hash && $new_hash != "$old_hash" ]] || fail "no new ReplicaSet after the upgrade (old $old_hash, new $new_hash)"
# until a Pod of the new ReplicaSet holds the Lease (the last old leader's lease expires first)
for _ in $(seq 1 90); do
  holder=$("$KUBECTL" -n baton-system get lease baton-operator-leader -o jsonpath='{.spec.holderIdentity}')
  [[ $holder == *-"$new_hash"-* ]] && break
  sleep 1
done
[[ $holder == *-"$new_hash"-* ]] || fail "no Pod of the new build holds the Lease 90 s after the rollout (holder: $holder)"
rolled=$((SECONDS - t0))
sleep 3
kill "$lease_watch" "$pods_watch" 2>/dev/null || true
wait "$lease_watch" "$pods_watch" 2>/dev/null || true
sleep 0.5  # the stamping readers finish their last lines
python3 hack/lib/leader_handover.py "$OUT/lease-watch.log" "$OUT/pods-watch.log" "$old_hash" "$new_hash" \
  > "$OUT/handover.txt" 2>&1 || {
  cat "$OUT/handover.txt" "$OUT/lease-watch.err" "$OUT/pods-watch.err" >&2
  fail "leader handover during the rolling upgrade"
}
sed 's/^/[test-image]   /' "$OUT/handover.txt" >&2
pass "rolling upgrade by kubectl apply -k: leader on the new build after ${rolled} s, never two leaders"

echo "image: $passed passed, 0 failed"
