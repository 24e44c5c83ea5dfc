#!/usr/bin/env bash
# A lab of two (or three) controllers and a client as network namespaces, for the demo and the
# end-to-end tests.
#
#   hack/lab.sh up PREFIX [N]  create PREFIX-c1 … PREFIX-cN (N = 2 or 3, default 2) and PREFIX-client
#                              on a bridge (PREFIX-sw), 198.51.100.0/24; management links to the
#                              host in 203.0.113.0/30 pairs
#   hack/lab.sh down PREFIX    remove all of it (idempotent)
#   hack/lab.sh kubeconfig PREFIX NODE OUT   an agent kubeconfig reaching the API server from NODE
#   hack/lab.sh exec PREFIX NODE CMD...      run CMD in NODE's namespace with NODE's own
#                              /run/resource-agents (the namespaces share one filesystem, and OCF
#                              agents such as Dummy and Stateful keep their state there)
#   hack/lab.sh power PREFIX NODE on|off|status   NODE's power switch: the lab's fence agent
#                              (hack/lab/fence/fence_baton_lab) run as a fence device would run it
#   hack/lab.sh watchdog PREFIX NODE FILE SECONDS   NODE's watchdog (hack/lab/watchdog/baton_lab_watchdog):
#                              run here, outside NODE; unfed (FILE, the agent's watchdog-device) for SECONDS,
#                              it powers NODE off as the power switch does
#
# Addresses (documentation ranges only): c1 198.51.100.11, c2 .12, c3 .13, client .50; the VIP is
# 198.51.100.100. Host↔c1 203.0.113.1/.2, host↔c2 203.0.113.5/.6, host↔c3 203.0.113.9/.10.
# IPv6 is off inside the lab.
set -euo pipefail
cmd=${1:-}; P=${2:-}
[[ -n "$cmd" && -n "$P" ]] || { echo "usage: $0 up|down|kubeconfig|exec|power|watchdog PREFIX [N | NODE OUT | NODE CMD... | NODE on|off|status | NODE FILE SECONDS]" >&2; exit 2; }
[[ "$P" =~ ^[a-z0-9]{1,6}$ ]] || { echo "PREFIX must be 1-6 lowercase letters/digits" >&2; exit 2; }

nsx() { ip netns exec "$1" "${@:2}"; }

host_end() { case "$1" in c1) echo 203.0.113.1 ;; c2) echo 203.0.113.5 ;; c3) echo 203.0.113.9 ;; esac; }

up() {
  local n_ctl=${1:-2}
  [[ "$n_ctl" =~ ^[23]$ ]] || { echo "N must be 2 or 3" >&2; exit 2; }
  local ctls; ctls=$(seq -f 'c%g' 1 "$n_ctl")
  down quiet
  ip netns add "$P-sw"
  nsx "$P-sw" ip link add br0 type bridge
  nsx "$P-sw" ip link set br0 up
  nsx "$P-sw" ip link set lo up
  local i=0
  for n in $ctls client; do
    i=$((i + 1))
    local ns="$P-$n"
    ip netns add "$ns"
    nsx "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    nsx "$ns" ip link set lo up
    ip -n "$ns" link add eth0 type veth peer name "p$i" netns "$P-sw"
    nsx "$P-sw" ip link set "p$i" master br0 up
    local addr; case "$n" in client) addr=198.51.100.50 ;; *) addr=198.51.100.1${n#c} ;; esac
    nsx "$ns" ip addr add "$addr/24" dev eth0
    nsx "$ns" ip link set eth0 up
  done
  # management links: the agent in each controller reaches the API server on the host end
  local m=0
  for n in $ctls; do
    m=$((m + 1))
    local h; h=$(host_end "$n")
    local c; c=$(python3 -c "import ipaddress; print(ipaddress.ip_address('$h') + 1)")
    ip link add "$P-m$m" type veth peer name mgmt0 netns "$P-$n"
    ip addr add "$h/30" dev "$P-m$m"
    ip link set "$P-m$m" up
    nsx "$P-$n" ip addr add "$c/30" dev mgmt0
    nsx "$P-$n" ip link set mgmt0 up
  done
}

down() {
  for n in c1 c2 c3 client sw; do
    if ip netns list | grep -qw "$P-$n"; then
      # processes left in a namespace (lab services) go with it
      for pid in $(ip netns pids "$P-$n" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
      ip netns del "$P-$n" || true
    fi
  done
  for m in 1 2 3; do ip link del "$P-m$m" 2>/dev/null || true; done
  rm -rf "/run/baton-lab/$P-c1" "/run/baton-lab/$P-c2" "/run/baton-lab/$P-c3"
  [[ "${1:-}" == quiet ]] || echo "[lab] $P removed" >&2
}

kubeconfig() {
  local node=$1 out=$2 src="${KUBECONFIG:?KUBECONFIG must name the admin kubeconfig}"
  local h; h=$(host_end "$node")
  sed -E "s#server: https://127\.0\.0\.1:#server: https://$h:#" "$src" > "$out"
}

# `ip netns exec` gives the command a mount namespace of its own (slave to the host's): a bind mount
# made there stays there. The command replaces this shell, so its pid is the caller's child's.
node_exec() {
  local node=$1; shift
  [[ "$node" =~ ^c[123]$ && $# -gt 0 ]] || { echo "usage: $0 exec PREFIX c1|c2|c3 CMD..." >&2; exit 2; }
  local dir="/run/baton-lab/$P-$node/resource-agents"
  mkdir -p "$dir" /run/resource-agents
  exec ip netns exec "$P-$node" sh -c 'mount --bind "$0" /run/resource-agents && exec "$@"' "$dir" "$@"
}

power() {
  local node=${1:-} what=${2:-}
  [[ "$node" =~ ^c[123]$ && "$what" =~ ^(on|off|status)$ ]] || { echo "usage: $0 power PREFIX c1|c2|c3 on|off|status" >&2; exit 2; }
  printf 'action=%s\nlab=%s\nplug=%s\n' "$what" "$P" "$node" | "$(dirname "$0")/lab/fence/fence_baton_lab"
}

case "$cmd" in
  power) power "${@:3}" ;;
  watchdog)
    [[ "${3:-}" =~ ^c[123]$ && -n "${4:-}" && -n "${5:-}" ]] || { echo "usage: $0 watchdog PREFIX c1|c2|c3 FILE SECONDS" >&2; exit 2; }
    exec "$(dirname "$0")/lab/watchdog/baton_lab_watchdog" --lab "$P" --plug "$3" --device "$4" --timeout "$5" ;;
  up) up "${3:-2}"; echo "[lab] $P up: controllers $P-c1..c${3:-2} 198.51.100.11.., $P-client 198.51.100.50" >&2 ;;
  down) down ;;
  kubeconfig) kubeconfig "${3:?NODE}" "${4:?OUT}" ;;
  exec) node_exec "${@:3}" ;;
  *) echo "usage: $0 up|down|kubeconfig|exec|power|watchdog PREFIX [N | NODE OUT | NODE CMD... | NODE on|off|status | NODE FILE SECONDS]" >&2; exit 2 ;;
esac
