# Sourced by hack/test-image.sh and hack/lib/cluster.sh (the demo): the operator as a Kubernetes
# user installs it, on the local control plane's kubelet node (BATON_CP_KUBELET=1).
# Needs: REPO, OUT (log directory), KUBECTL; a running control plane with its kubelet (BATON_CP_DIR as
# hack/control-plane.sh has it).

# ctr on the node's containerd, in the namespace the kubelet uses
CP_DIR=${BATON_CP_DIR:-${TMPDIR:-/tmp}/baton-control-plane}
OPERATOR_CTR=(ctr --address "$CP_DIR/kubelet/containerd.sock" -n k8s.io)

# operator_pod_import TAR: the image archive of `mvn package -Pimage` into the node's containerd
# (what `ctr -n k8s.io images import` does on each node of a cluster without a registry)
operator_pod_import() {
  "${OPERATOR_CTR[@]}" images import "$1" > /dev/null
}

# operator_pod_overlay DIR [KUSTOMIZATION_LINES]: a kustomization in DIR over manifests/ with the one
# patch this control plane needs: it has no kube-proxy, so the Pods are told where the API server
# is (the Pod bridge's host end, hack/kubelet.sh); more kustomization lines (images:, patches) follow
operator_pod_overlay() {
  local dir=$1 rel port
  port=$(cat "$CP_DIR/port")
  mkdir -p "$dir"
  rel=$(python3 -c 'import os, sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$REPO/manifests" "$dir")
  cat > "$dir/kustomization.yaml" <<EOF
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
${2:-}
EOF
}

# operator_pod_apply DIR: kubectl apply -k DIR, then until the Deployment has rolled out; on failure
# the Pods' state and logs go to OUT
operator_pod_apply() {
  local p
  "$KUBECTL" apply --server-side --force-conflicts -k "$1" > "$OUT/apply.log" 2>&1 || { cat "$OUT/apply.log" >&2; return 1; }
  "$KUBECTL" -n baton-system rollout status deployment/baton-operator --timeout=240s > "$OUT/rollout.log" 2>&1 && return 0
  "$KUBECTL" -n baton-system get pods -o wide >&2
  "$KUBECTL" -n baton-system describe pods > "$OUT/describe.txt" 2>&1
  for p in $("$KUBECTL" -n baton-system get pods -o name); do
    "$KUBECTL" -n baton-system logs --previous "$p" > "$OUT/${p#pod/}.log" 2>&1 ||
      "$KUBECTL" -n baton-system logs "$p" > "$OUT/${p#pod/}.log" 2>&1 || true
  done
  echo "the operator Deployment did not roll out (kubectl describe and logs in $OUT)" >&2
  return 1
}
