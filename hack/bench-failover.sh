#!/usr/bin/env bash
# Failover benchmark: fault → the VIP answering HTTP from the client again, on the lab of
# hack/lab.sh with the real operator, agents, native IPaddr2 VIP and LSB services.
#   service failure: www's web server killed on the holder (seed sample: www monitor every 10 s)
#   node loss:       the holder powered off (agent + services killed, links cut)
# plus, as the anchor, keepalived VRRP (advert_int 1, Debian's keepalived) in the same namespaces.
# Random phase before each fault, over the period that decides when it is noticed (the www
# monitor's 10 s for a service failure, the 1 s lease renewal / VRRP advert scale otherwise). Prints p50/p99/min/max and, for node loss, the longest time
# both controllers held the VIP (from `ip monitor address` in each controller).
#   hack/bench-failover.sh [RUNS]   (default 20 of each)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -n "${BATON_LAB_LOCKED:-}" ]] || exec python3 hack/lib/lab-lock.py "$PWD/hack/$(basename "$0")" "$@"
REPO=$PWD
RUNS=${1:-20}
NS=baton-bench
LAB=bench
OUT=$(mktemp -d /tmp/baton-bench.XXXXXX)
command -v keepalived >/dev/null || { apt-get update -qq && apt-get install -y -qq keepalived >/dev/null; }
hack/deps.sh
[[ -f operator/target/quarkus-app/quarkus-run.jar && -f agent/target/baton-agent.jar ]] || mvn -B -q -ntp install -DskipTests
# shellcheck source=hack/lib/cluster.sh
source hack/lib/cluster.sh
trap 'cluster_down; echo "(logs in $OUT)"' EXIT

cluster_up
"$KUBECTL" apply -n "$NS" -f samples/openstack-controllers/ >/dev/null
wait_served "$LAB-c1" 120 || { echo "the VIP never came up"; exit 1; }

holder() { local r; r=$(fetch 0.5); [[ "$r" == *"$LAB-c1"* ]] && echo c1 || { [[ "$r" == *"$LAB-c2"* ]] && echo c2; } || true; }
other() { [[ $1 == c1 ]] && echo c2 || echo c1; }
# phase [SECONDS]: sleep a random time in [0, SECONDS) (default 1)
phase() { sleep "$(python3 -c "import random; print(round(random.random() * ${1:-1}, 3))")"; }

# the kernel's VIP add/delete events in both controllers, for the two-holder figure
watch_vip() {
  for n in c1 c2; do
    ip -n "$LAB-$n" monitor address 2>/dev/null | while read -r line; do
      [[ "$line" == *" $VIP/"* ]] && echo "$(now) $n ${line%% *}"
    done >> "$OUT/vip-events.txt" &
    PIDS+=($!)
  done
}

echo "== service failure: $RUNS runs (www monitor interval 10s)" >&2
for i in $(seq "$RUNS"); do
  h=$(holder); o=$(other "$h")
  phase 10
  t0=$(now)
  kill -9 "$(cat "/run/baton-lab/$LAB-$h/apache2/pid")"
  wait_served "$LAB-$o" 60 || { echo "run $i: no failover"; exit 1; }
  echo "$(echo "$(now) - $t0" | bc)" >> "$OUT/service.txt"
  # forget the failure so the next run starts from a clean cluster (crm_resource --cleanup)
  "$KUBECTL" annotate -n "$NS" primitive www "baton.dev/cleanup=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" --overwrite >/dev/null
  # no stickiness in the seed: everything returns to compute-1; let its monitors start again
  wait_served "$LAB-c1" 60 || { echo "run $i: no fail-back after cleanup"; exit 1; }
  sleep 3
  echo "  run $i: $(tail -1 "$OUT/service.txt") s ($h → $o)" >&2
done

echo "== node loss: $RUNS runs" >&2
watch_vip
for i in $(seq "$RUNS"); do
  wait_served "$LAB-c1" 60 || { echo "run $i: compute-1 did not take the VIP back"; exit 1; }
  sleep 2
  phase
  t0=$(now)
  echo "$t0 fault" >> "$OUT/vip-events.txt"
  power_off c1
  wait_served "$LAB-c2" 60 || { echo "run $i: no failover"; exit 1; }
  echo "$(echo "$(now) - $t0" | bc)" >> "$OUT/nodeloss.txt"
  echo "  run $i: $(tail -1 "$OUT/nodeloss.txt") s" >&2
  power_on c1
done
cluster_down
trap 'hack/lab.sh down "$LAB" >/dev/null 2>&1 || true; pkill -f "keepalived -f $OUT" || true; echo "(logs in $OUT)"' EXIT

echo "== keepalived VRRP (advert_int 1), node loss: $RUNS runs" >&2
hack/lab.sh up "$LAB" 2>/dev/null
for n in c1 c2; do
  prio=$([[ $n == c1 ]] && echo 150 || echo 100)
  self=$([[ $n == c1 ]] && echo 198.51.100.11 || echo 198.51.100.12)
  peer=$([[ $n == c1 ]] && echo 198.51.100.12 || echo 198.51.100.11)
  cat > "$OUT/keepalived-$n.conf" <<CONF
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $prio
  advert_int 1
  unicast_src_ip $self
  unicast_peer { $peer }
  virtual_ipaddress { $VIP/24 dev eth0 }
}
CONF
  mkdir -p "/run/baton-lab/$LAB-$n/apache2"
done
ka_start() {
  ip netns exec "$LAB-$1" keepalived -f "$OUT/keepalived-$1.conf" -p "$OUT/ka-$1.pid" -r "$OUT/vrrp-$1.pid" \
    -l -D -n >> "$OUT/keepalived-$1.log" 2>&1 &
  ip netns exec "$LAB-$1" "$REPO/hack/lab/init.d/apache2" start >/dev/null
}
ka_start c1; ka_start c2
for i in $(seq "$RUNS"); do
  wait_served "$LAB-c1" 60 || { echo "keepalived run $i: c1 never took the VIP"; exit 1; }
  sleep 2
  phase
  t0=$(now)
  # node loss: the link goes first, then every keepalived process of c1 at once (killing only the
  # parent lets its VRRP child send a priority-0 advert: a graceful hand-over, not a node loss)
  ip -n "$LAB-c1" link set eth0 down
  pkill -9 -f "keepalived -f $OUT/keepalived-c1.conf"
  wait_served "$LAB-c2" 60 || { echo "keepalived run $i: no failover"; exit 1; }
  echo "$(echo "$(now) - $t0" | bc)" >> "$OUT/keepalived.txt"
  echo "  run $i: $(tail -1 "$OUT/keepalived.txt") s" >&2
  ip -n "$LAB-c1" addr flush dev eth0 scope global
  ip -n "$LAB-c1" addr add 198.51.100.11/24 dev eth0
  ip -n "$LAB-c1" link set eth0 up
  ka_start c1
done
pkill -f "keepalived -f $OUT" || true

python3 - "$OUT" <<'PY'
import statistics, sys, pathlib
out = pathlib.Path(sys.argv[1])
def load(name):
    p = out / name
    return [float(x) * 1000 for x in p.read_text().split()] if p.exists() else []
def pct(xs, q):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]
# longest interval with both controllers holding the VIP, from the kernel's address events
held = {"c1": False, "c2": False}; both = None; longest = 0.0
for line in (out / "vip-events.txt").read_text().splitlines() if (out / "vip-events.txt").exists() else []:
    parts = line.split()
    if parts[1] == "fault":
        continue
    t, node, kind = float(parts[0]), parts[1], parts[2]
    held[node] = kind != "Deleted"
    if held["c1"] and held["c2"]:
        both = both if both is not None else t
    elif both is not None:
        longest = max(longest, t - both); both = None
print(f"{'fault → VIP answers HTTP again (ms)':<44} {'n':>3} {'p50':>8} {'p99':>8} {'min':>8} {'max':>8}")
for label, name in [("Baton, service failure (monitor 10s)", "service.txt"),
                    ("Baton, node loss (lease 2s + grace 0.5s)", "nodeloss.txt"),
                    ("keepalived VRRP advert_int 1, node loss", "keepalived.txt")]:
    xs = load(name)
    if xs:
        print(f"{label:<44} {len(xs):>3} {statistics.median(xs):>8.0f} {pct(xs, .99):>8.0f} {min(xs):>8.0f} {max(xs):>8.0f}")
print(f"longest interval with two Baton VIP holders during node loss: {longest * 1000:.1f} ms")
PY
