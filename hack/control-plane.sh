#!/usr/bin/env bash
# A real local Kubernetes control plane (etcd + kube-apiserver + kube-controller-manager
# + kubectl), built from the Go module proxy and cached under ~/.cache/baton/ by version.
#
#   hack/control-plane.sh build   build (or reuse) the binaries
#   hack/control-plane.sh start   build if needed, then start on loopback (idempotent)
#   hack/control-plane.sh stop    stop it and remove its state
#   hack/control-plane.sh env     print `export KUBECONFIG=...` for a running instance
#   hack/control-plane.sh status  exit 0 when it answers /readyz
#
# BATON_CP_KUBELET=1 also builds a kubelet (only then: it adds minutes to the first build) and
# `start` runs one worker node with Debian's containerd + runc (hack/kubelet.sh).
set -euo pipefail

K8S_VERSION="${BATON_K8S_VERSION:-v1.35.4}"
ETCD_VERSION="${BATON_ETCD_VERSION:-v3.6.16}"
CACHE="${BATON_CACHE:-$HOME/.cache/baton}"
BIN="$CACHE/k8s/${K8S_VERSION}-etcd-${ETCD_VERSION}-linux-amd64"
STATE="${BATON_CP_DIR:-${TMPDIR:-/tmp}/baton-control-plane}"

log() { printf '[control-plane] %s\n' "$*" >&2; }
# shellcheck source=hack/go-toolchain.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-toolchain.sh"

build_k8s() {
  local src="$CACHE/src/kubernetes-$K8S_VERSION" minor="${K8S_VERSION#v1.}"
  minor="${minor%%.*}"
  mkdir -p "$src"
  log "fetching k8s.io/kubernetes@$K8S_VERSION module metadata"
  local gomod
  gomod=$(cd "$src" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')
  # k8s.io/kubernetes replaces its staging modules with local paths; a wrapper module
  # replaces each with the published v0.X.Y tag instead.
  {
    echo "module baton.dev/hack/kubernetes"
    echo
    echo "go $(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    sed -nE 's#^[[:space:]]*(replace[[:space:]]+)?(k8s\.io/[a-z0-9-]+)[[:space:]]+=>[[:space:]]+\./staging/.*#replace \2 => \2 v0.'"${K8S_VERSION#v1.}"'#p' "$gomod"
  } > "$src/go.mod"
  cat > "$src/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  log "$(grep -c '^replace' "$src/go.mod") staging modules pinned to v0.${K8S_VERSION#v1.}"
  local ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  mkdir -p "$BIN.tmp"
  for cmd in kube-apiserver kube-controller-manager kubectl; do
    log "building $cmd $K8S_VERSION (several minutes the first time)"
    (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ld" -o "$BIN.tmp/$cmd" "k8s.io/kubernetes/cmd/$cmd")
  done
}

# The kubelet and the scheduler, from the same wrapper module as the API server, into the same cache directory.
build_kubelet() {
  local src="$CACHE/src/kubernetes-$K8S_VERSION" minor="${K8S_VERSION#v1.}"
  minor="${minor%%.*}"
  [[ -f "$src/go.mod" ]] || { log "build the control plane first (hack/control-plane.sh build)"; exit 1; }
  local ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  log "building kube-scheduler and kubelet $K8S_VERSION (several minutes the first time)"
  local cmd
  for cmd in kube-scheduler kubelet; do
    (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ld" -o "$BIN/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd")
    mv "$BIN/$cmd.tmp" "$BIN/$cmd"
  done
}

build_etcd() {
  local src="$CACHE/src/etcd-$ETCD_VERSION"
  mkdir -p "$src"
  cat > "$src/go.mod" <<MOD
module baton.dev/hack/etcd

go $(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
MOD
  log "building etcd $ETCD_VERSION"
  (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$BIN.tmp/etcd" go.etcd.io/etcd/server/v3)
}

# One build at a time on a machine: a second caller waits for the first, then finds the cache. The
# lock is closed again before anything starts (a daemon inheriting it would hold it forever).
cmd_build() {
  mkdir -p "$CACHE/k8s"
  local lock
  exec {lock}>"$BIN.lock"
  flock "$lock"
  build_once
  exec {lock}>&-
  # its own lock: a kubelet build does not hold up those who only need the API server
  if [[ -n "${BATON_CP_KUBELET:-}" ]]; then
    exec {lock}>"$BIN.kubelet.lock"
    flock "$lock"
    [[ -x "$BIN/kubelet" && -x "$BIN/kube-scheduler" ]] || build_kubelet
    exec {lock}>&-
  fi
}

build_once() {
  if [[ -x "$BIN/kube-apiserver" && -x "$BIN/etcd" && -x "$BIN/kubectl" && -x "$BIN/kube-controller-manager" ]]; then
    log "cached: $BIN"
    return
  fi
  command -v go >/dev/null || { log "go is not installed (apt-get install golang or see README)"; exit 1; }
  local t0=$SECONDS
  rm -rf "$BIN.tmp"
  build_etcd
  build_k8s
  mv "$BIN.tmp" "$BIN"
  log "built in $((SECONDS - t0)) s: $BIN"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

alive() { [[ -f "$STATE/$1.pid" ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

ready() {
  [[ -f "$STATE/kubeconfig" ]] && alive kube-apiserver && alive etcd &&
    "$BIN/kubectl" --kubeconfig "$STATE/kubeconfig" get --raw /readyz >/dev/null 2>&1
}

certs() {
  local d="$STATE/pki"
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=baton-local-ca" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  sign() { # name subject [san]
    openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$d/$1.key" -out "$d/$1.csr" 2>/dev/null
    local ext="$d/$1.ext"
    : > "$ext"
    [[ -n "${3:-}" ]] && echo "subjectAltName=$3" > "$ext"
    openssl x509 -req -in "$d/$1.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -days 3650 -extfile "$ext" -out "$d/$1.crt" 2>/dev/null
  }
  # 203.0.113.1/.5/.9: the host ends of the management links of hack/lab.sh, through which agents in
  # network namespaces reach the API server
  # 203.0.113.129: the host end of the kubelet's Pod bridge (hack/kubelet.sh)
  sign apiserver "/CN=kube-apiserver" "IP:127.0.0.1,IP:203.0.113.1,IP:203.0.113.5,IP:203.0.113.9,IP:203.0.113.129,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default"
  sign admin "/O=system:masters/CN=baton-admin"
  # the namespace controller deletes every kind of object: it runs with the admin group here
  sign controller-manager "/O=system:masters/CN=system:kube-controller-manager"
  # the API server's identity towards kubelets (logs, exec, port-forward): no group, only what the
  # kubelet's webhook authorization lets it do (system:kubelet-api-admin, bound by hack/kubelet.sh)
  sign apiserver-kubelet-client "/CN=kube-apiserver-kubelet-client"
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
}

kubeconfig() { # file user
  local d="$STATE/pki"
  cat > "$1" <<KC
apiVersion: v1
kind: Config
clusters:
- name: baton-local
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $d/ca.crt
users:
- name: $2
  user:
    client-certificate: $d/$2.crt
    client-key: $d/$2.key
contexts:
- name: baton-local
  context: {cluster: baton-local, user: $2, namespace: default}
current-context: baton-local
KC
}

cmd_start() {
  cmd_build
  if ready; then
    log "already running"
    echo "export KUBECONFIG=$STATE/kubeconfig"
    return
  fi
  cmd_stop quiet
  local t0; t0=$(date +%s.%N)
  mkdir -p "$STATE"
  certs
  API_PORT=$(free_port); local etcd_port etcd_peer; etcd_port=$(free_port); etcd_peer=$(free_port)
  echo "$API_PORT" > "$STATE/port"
  kubeconfig "$STATE/kubeconfig" admin
  kubeconfig "$STATE/controller-manager.kubeconfig" controller-manager
  setsid "$BIN/etcd" --name baton --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "baton=http://127.0.0.1:$etcd_peer" --unsafe-no-fsync --quota-backend-bytes 4294967296 \
    > "$STATE/etcd.log" 2>&1 < /dev/null &
  echo $! > "$STATE/etcd.pid"
  local d="$STATE/pki"
  setsid "$BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 0.0.0.0 --advertise-address 127.0.0.1 --secure-port "$API_PORT" --anonymous-auth=false \
    --tls-cert-file "$d/apiserver.crt" --tls-private-key-file "$d/apiserver.key" \
    --client-ca-file "$d/ca.crt" --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$d/sa.pub" --service-account-signing-key-file "$d/sa.key" \
    --service-cluster-ip-range 10.0.0.0/24 --allow-privileged=true \
    --kubelet-client-certificate "$d/apiserver-kubelet-client.crt" --kubelet-client-key "$d/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$d/ca.crt" --kubelet-preferred-address-types InternalIP \
    --enable-priority-and-fairness=false --profiling=false \
    > "$STATE/kube-apiserver.log" 2>&1 < /dev/null &
  echo $! > "$STATE/kube-apiserver.pid"
  local i
  for i in $(seq 1 600); do
    if "$BIN/kubectl" --kubeconfig "$STATE/kubeconfig" get --raw /readyz >/dev/null 2>&1; then break; fi
    alive kube-apiserver || { tail -20 "$STATE/kube-apiserver.log" >&2; log "kube-apiserver exited"; exit 1; }
    sleep 0.1
  done
  ready || { tail -20 "$STATE/kube-apiserver.log" >&2; log "kube-apiserver not ready after 60 s"; exit 1; }
  # Garbage collection and namespace deletion need the controller manager.
  setsid "$BIN/kube-controller-manager" --kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false \
    --controllers "namespace,garbagecollector,serviceaccount-token,serviceaccount${BATON_CP_KUBELET:+,deployment,replicaset,disruption,root-ca-cert-publisher,nodelifecycle}" \
    --service-account-private-key-file "$d/sa.key" --root-ca-file "$d/ca.crt" \
    > "$STATE/kube-controller-manager.log" 2>&1 < /dev/null &
  echo $! > "$STATE/kube-controller-manager.pid"
  if [[ -n "${BATON_CP_KUBELET:-}" ]]; then
    "$(dirname "${BASH_SOURCE[0]}")/kubelet.sh" start "$STATE" "$BIN" "$API_PORT"
  fi
  local t1; t1=$(date +%s.%N)
  log "ready in $(python3 -c "print(f'{$t1-$t0:.2f}')") s (Kubernetes $K8S_VERSION, etcd $ETCD_VERSION)"
  echo "export KUBECONFIG=$STATE/kubeconfig"
}

cmd_stop() {
  local p
  [[ -d "$STATE/kubelet" ]] && "$(dirname "${BASH_SOURCE[0]}")/kubelet.sh" stop "$STATE"
  for p in kube-controller-manager kube-apiserver etcd; do
    if alive "$p"; then
      kill "$(cat "$STATE/$p.pid")" 2>/dev/null || true
      for _ in $(seq 1 50); do alive "$p" || break; sleep 0.1; done
      alive "$p" && kill -9 "$(cat "$STATE/$p.pid")" 2>/dev/null || true
    fi
  done
  rm -rf "$STATE"
  [[ "${1:-}" == quiet ]] || log "stopped"
}

case "${1:-}" in
  build) cmd_build ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) ready && echo "export KUBECONFIG=$STATE/kubeconfig" || { log "not running"; exit 1; } ;;
  status) ready ;;
  bin) echo "$BIN" ;;
  *) echo "usage: $0 build|start|stop|env|status|bin" >&2; exit 2 ;;
esac
