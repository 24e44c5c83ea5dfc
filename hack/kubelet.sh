#!/usr/bin/env bash
# One worker node for the local control plane: Debian's containerd + runc and a kubelet built from
# the Go module proxy (hack/control-plane.sh with BATON_CP_KUBELET=1 builds it and calls this).
#
#   hack/kubelet.sh start STATE BIN API_PORT    STATE: the control plane's directory (pki/ in it)
#   hack/kubelet.sh stop STATE
#
# Pods get addresses on a bridge in 203.0.113.128/26 (documentation range) with no default route:
# they reach the API server on the bridge's host end, 203.0.113.129 (in the API server's certificate),
# and nothing else. There is no kube-proxy: a Pod that talks to the API server is told where it
# is (KUBERNETES_SERVICE_HOST=203.0.113.129, KUBERNETES_SERVICE_PORT=API_PORT).
# The kubelet serves its API (kubectl logs, exec, port-forward through the API server) on that same
# address only, with a certificate of the control plane's CA, to those the API server vouches for.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${BATON_CACHE:-$HOME/.cache/baton}"
NODE=baton-node
# the host end of the Pods' bridge: the node's address
NODE_IP=203.0.113.129
log() { printf '[kubelet] %s\n' "$*" >&2; }

alive() { [[ -f "$K/$1.pid" ]] && kill -0 "$(cat "$K/$1.pid")" 2>/dev/null; }

# The Pod sandbox image (registry.k8s.io/pause elsewhere): a static binary that waits for SIGTERM.
pause_image() {
  local out="$CACHE/images/pause.tar"
  if [[ ! -f $out ]]; then
    mkdir -p "$CACHE/images" "$K/pause"
    (cd hack/kubelet && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$K/pause/pause" pause.go)
    python3 hack/lib/image_archive.py "$K/pause/pause" /pause baton.dev/pause:1 "$out.tmp"
    mv "$out.tmp" "$out"
  fi
  echo "$out"
}

start() {
  local state=$1 bin=$2 port=$3
  K=$state/kubelet
  mkdir -p "$K"/{containerd,cni/net.d,manifests,root,logs}
  # containerd: its own socket, root and state under STATE; cgroupfs (no systemd here); no OOM score
  # below its own (the kubelet asks -998 for sandboxes: this sandboxed root lacks CAP_SYS_RESOURCE).
  # Its CRI streaming server (exec, attach, port-forward, behind the kubelet) keeps its default,
  # 127.0.0.1 on a free port; a port-forward dials the Pod's localhost from inside its network
  # namespace in containerd itself (no socat or nsenter on the node).
  containerd config default | sed \
    -e "s#^root = .*#root = \"$K/containerd/root\"#" -e "s#^state = .*#state = \"$K/containerd/state\"#" \
    -e "s#address = \"/run/containerd/containerd.sock\"#address = \"$K/containerd.sock\"#" \
    -e "s#sandbox_image = .*#sandbox_image = \"baton.dev/pause:1\"#" \
    -e "s#restrict_oom_score_adj = false#restrict_oom_score_adj = true#" \
    -e "s#bin_dir = \"/opt/cni/bin\"#bin_dir = \"/usr/lib/cni\"#" \
    -e "s#conf_dir = \"/etc/cni/net.d\"#conf_dir = \"$K/cni/net.d\"#" > "$K/containerd/config.toml"
  cat > "$K/cni/net.d/10-baton.conflist" <<'CNI'
{"cniVersion": "0.4.0", "name": "baton-pods", "plugins": [
  {"type": "bridge", "bridge": "baton-pods0", "isGateway": true, "ipMasq": false,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "203.0.113.128/26", "gateway": "203.0.113.129"}]], "routes": []}},
  {"type": "loopback"}]}
CNI
  setsid containerd --config "$K/containerd/config.toml" > "$K/logs/containerd.log" 2>&1 < /dev/null &
  echo $! > "$K/containerd.pid"
  local ctr=(ctr --address "$K/containerd.sock" -n k8s.io)
  for _ in $(seq 1 100); do "${ctr[@]}" version >/dev/null 2>&1 && break; alive containerd || break; sleep 0.1; done
  "${ctr[@]}" version >/dev/null 2>&1 || { tail -20 "$K/logs/containerd.log" >&2; log "containerd did not start"; exit 1; }
  "${ctr[@]}" images import "$(pause_image)" >/dev/null

  # the kubelet's client certificate (the local CA; system:masters as the other components here)
  local d=$state/pki
  openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=system:node:$NODE" \
    -keyout "$d/kubelet.key" -out "$d/kubelet.csr" 2>/dev/null
  openssl x509 -req -in "$d/kubelet.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 3650 \
    -out "$d/kubelet.crt" 2>/dev/null
  sed -e "s#$d/admin.crt#$d/kubelet.crt#" -e "s#$d/admin.key#$d/kubelet.key#" -e "s#user: admin#user: kubelet#" \
    -e "s#name: admin#name: kubelet#" "$state/kubeconfig" > "$K/kubeconfig"
  # the Pods' bridge, made here so that the node's address exists before the kubelet listens on it
  ip link show baton-pods0 >/dev/null 2>&1 || ip link add baton-pods0 type bridge
  ip addr replace $NODE_IP/26 dev baton-pods0
  ip link set baton-pods0 up
  # The kubelet's API (logs, exec, port-forward: the API server proxies them to it, as on any node)
  # on the node's address, the one it reports as InternalIP and the API server dials
  # (--kubelet-preferred-address-types InternalIP): an address of this host, on a bridge with no
  # uplink, so it is reached from this host and its Pods only. Its serving certificate is signed by
  # the control plane's CA, which the API server checks it against (--kubelet-certificate-authority).
  local kubelet_port
  kubelet_port=$(python3 -c 'import socket, sys; s=socket.socket(); s.bind((sys.argv[1], 0)); print(s.getsockname()[1])' "$NODE_IP")
  openssl req -newkey rsa:2048 -nodes -subj "/CN=system:node:$NODE" \
    -keyout "$d/kubelet-serving.key" -out "$d/kubelet-serving.csr" 2>/dev/null
  printf 'subjectAltName=IP:%s,DNS:%s\nextendedKeyUsage=serverAuth\n' "$NODE_IP" "$NODE" > "$d/kubelet-serving.ext"
  openssl x509 -req -in "$d/kubelet-serving.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 3650 \
    -extfile "$d/kubelet-serving.ext" -out "$d/kubelet-serving.crt" 2>/dev/null
  # Who may use it: client certificates of the CA and bearer tokens, both as the API server says
  # (TokenReview, SubjectAccessReview: authorization Webhook). The API server's own client certificate
  # (hack/control-plane.sh) gets the kubelet API through the bootstrap role every cluster has.
  "$bin/kubectl" --kubeconfig "$state/kubeconfig" apply -f - > /dev/null <<'RBAC'
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: kube-apiserver-kubelet-client}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:kubelet-api-admin}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: kube-apiserver-kubelet-client}
RBAC
  cat > "$K/config.yaml" <<CFG
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication: {anonymous: {enabled: false}, webhook: {enabled: true}, x509: {clientCAFile: $d/ca.crt}}
authorization: {mode: Webhook}
address: $NODE_IP
port: $kubelet_port
tlsCertFile: $d/kubelet-serving.crt
tlsPrivateKeyFile: $d/kubelet-serving.key
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 0
containerRuntimeEndpoint: unix://$K/containerd.sock
cgroupDriver: cgroupfs
# this machine has a cgroup v1 (hybrid) hierarchy; Kubernetes 1.35 refuses it unless told
failCgroupV1: false
failSwapOn: false
staticPodPath: $K/manifests
resolvConf: /etc/resolv.conf
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}
imageGCHighThresholdPercent: 100
serializeImagePulls: false
# leave this machine's iptables alone (no kube-proxy here either)
makeIPTablesUtilChains: false
podLogsDir: $K/logs/pods
CFG
  # the Pods' network namespaces (containerd names them cni-*): those that are new at stop are ours
  ip netns list | awk '/^cni-/ {print $1}' > "$K/netns-before"
  # no kube-scheduler in a one-node control plane otherwise: it runs with the kubelet
  setsid "$bin/kube-scheduler" --kubeconfig "$state/kubeconfig" --leader-elect=false --secure-port 0 \
    > "$K/logs/kube-scheduler.log" 2>&1 < /dev/null &
  echo $! > "$K/kube-scheduler.pid"
  setsid "$bin/kubelet" --config "$K/config.yaml" --kubeconfig "$K/kubeconfig" --root-dir "$K/root" \
    --hostname-override "$NODE" --node-ip "$NODE_IP" > "$K/logs/kubelet.log" 2>&1 < /dev/null &
  echo $! > "$K/kubelet.pid"
  local i
  for i in $(seq 1 600); do
    "$bin/kubectl" --kubeconfig "$state/kubeconfig" get node "$NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null | grep -q True && break
    alive kubelet || { tail -30 "$K/logs/kubelet.log" >&2; log "kubelet exited"; exit 1; }
    sleep 0.2
  done
  ((i < 600)) || { tail -30 "$K/logs/kubelet.log" >&2; log "node $NODE not Ready after 120 s"; exit 1; }
  log "node $NODE Ready"
}

stop() {
  K=$1/kubelet
  [[ -d $K ]] || return 0
  local ctr=(ctr --address "$K/containerd.sock" -n k8s.io) p t
  if alive kubelet; then
    kill "$(cat "$K/kubelet.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do alive kubelet || break; sleep 0.1; done
  fi
  # the Pods' containers, while containerd still answers: killed and deleted, so their shims exit
  if alive containerd; then
    for t in $("${ctr[@]}" tasks ls -q 2>/dev/null); do "${ctr[@]}" tasks kill -s SIGKILL "$t" 2>/dev/null || true; done
    sleep 0.5
    for t in $("${ctr[@]}" tasks ls -q 2>/dev/null); do "${ctr[@]}" tasks delete -f "$t" >/dev/null 2>&1 || true; done
  fi
  for p in kube-scheduler kubelet containerd; do
    if alive "$p"; then
      kill "$(cat "$K/$p.pid")" 2>/dev/null || true
      for _ in $(seq 1 50); do alive "$p" || break; sleep 0.1; done
      alive "$p" && kill -9 "$(cat "$K/$p.pid")" 2>/dev/null || true
    fi
  done
  grep -o " $K/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  ip link del baton-pods0 2>/dev/null || true
  for n in $(ip netns list | awk '/^cni-/ {print $1}'); do
    grep -qx "$n" "$K/netns-before" 2>/dev/null || ip netns del "$n" 2>/dev/null || true
  done
}

case "${1:-}" in
  start) start "${2:?STATE}" "${3:?BIN}" "${4:?API_PORT}" ;;
  stop) stop "${2:?STATE}" ;;
  *) echo "usage: $0 start STATE BIN API_PORT | stop STATE" >&2; exit 2 ;;
esac
