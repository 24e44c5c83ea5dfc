#!/usr/bin/env bash
# The agent as a controller installs it (hack/test.sh runs this after `mvn verify`):
#  1. hack/package-agent.sh builds the .deb and the krew archive; lintian finds no error in the .deb;
#     the krew archive matches its plugin.yaml's sha256 and its kubectl-baton runs;
#  2. the .deb is installed with dpkg into one throw-away root per lab controller
#     (hack/lib/controller-root.sh), each configured as docs/install.md says: agent.conf, a
#     kubeconfig with the node's ServiceAccount token, the failsafe key;
#  3. each installed unit's service runs in its controller's network namespace with the unit's
#     capability bounding set and no-new-privileges (hack/lib/unit-exec.py), the operator (jar)
#     on the host; the seed failover runs through them: www killed on compute-1, the VIP and www
#     answer from compute-2; the services the agents started carry the unit's limits too;
#  4. reinstall keeps the edited conffile, remove keeps it, purge removes it.
# Needs the jars of `mvn package` and a running control plane (hack/control-plane.sh start).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -n "${BATON_LAB_LOCKED:-}" ]] || exec python3 hack/lib/lab-lock.py "$PWD/hack/$(basename "$0")" "$@"
REPO=$PWD
NS=baton-pkg
LAB=pkg
OUT=$(mktemp -d /tmp/baton-test-package.XXXXXX)
t0=$SECONDS
log() { printf '[test-package] %s\n' "$*" >&2; }
fail() { log "FAIL: $*"; log "logs in $OUT"; exit 1; }
passed=0
pass() { passed=$((passed + 1)); log "ok: $*"; }

hack/package-agent.sh "$OUT/dist"
DEB=$(echo "$OUT"/dist/baton-agent_*_all.deb)

# 1. lintian, the krew archive
lintian --fail-on error "$DEB" > "$OUT/lintian.txt" 2>&1 || { cat "$OUT/lintian.txt" >&2; fail "lintian reports errors"; }
pass "lintian: no error ($(grep -c '^W:' "$OUT/lintian.txt" || true) warnings)"
want=$(sed -n 's/^    sha256: "\(.*\)"/\1/p' "$OUT/dist/plugin.yaml")
[[ "$want" == "$(sha256sum "$OUT/dist/kubectl-baton.tar.gz" | cut -d' ' -f1)" ]] || fail "plugin.yaml sha256 is not the archive's"
mkdir "$OUT/krew" && tar -xzf "$OUT/dist/kubectl-baton.tar.gz" -C "$OUT/krew"
"$OUT/krew/kubectl-baton" --version | grep -q '^kubectl-baton ' || fail "the krew archive's kubectl-baton does not run"
pass "krew archive: sha256 matches plugin.yaml, kubectl-baton runs"

# 2.+3. two controllers installed from the package, the seed failover through them
export BATON_AGENT_DEB=$DEB
# shellcheck source=hack/lib/cluster.sh
source hack/lib/cluster.sh
trap 'cluster_down; log "logs in $OUT"' EXIT
cluster_up
root1="$ROOTS_DIR/$LAB-c1/root"
dpkg --root="$root1" -s baton-agent | grep -q '^Status: install ok installed' || fail "dpkg does not list baton-agent as installed"
root_run "$root1" kubectl-baton --version | grep -q '^kubectl-baton ' || fail "installed kubectl-baton does not run"
root_run "$root1" bash -c 'source /usr/share/bash-completion/completions/kubectl-baton && complete -p kubectl-baton' >/dev/null ||
  fail "installed bash completion does not register for kubectl-baton"
pass "installed: dpkg status, /usr/bin/kubectl-baton, its bash completion"

"$KUBECTL" apply -n "$NS" -f samples/openstack-controllers/ >/dev/null
wait_served "$LAB-c1" 120 || fail "the VIP never served www from compute-1"
pass "the VIP serves www from compute-1"

# the agents run from the installed files, with the unit's limits, and so do the services they start
caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$root1/lib/systemd/system/baton-agent.service" | tr ' ' ',' | tr 'A-Z' 'a-z')
want_bnd=$(python3 - "$caps" <<'PY'
import re
import subprocess
import sys
names = sys.argv[1].split(",")
# capsh --explain prints each capability's number: the mask of the names the unit lists
mask = 0
for n in names:
    out = subprocess.run(["capsh", f"--explain={n}"], capture_output=True, text=True).stdout
    mask |= 1 << int(re.search(r"\((\d+)\)", out).group(1))
# a process cannot grant more than it has: where this machine's bounding set lacks one (a container
# without CAP_SYS_RESOURCE), systemd would leave it out too
for line in open("/proc/self/status"):
    if line.startswith("CapBnd:"):
        mask &= int(line.split()[1], 16)
print(f"{mask:016x}")
PY
)
www_pid=$(cat "$(service_pidfile c1 apache2)")
for pid in "$AGENT_c1" "$www_pid"; do
  [[ "$(readlink "/proc/$pid/root")" == "$root1" ]] || fail "pid $pid does not run in the installed root"
  bnd=$(sed -n 's/^CapBnd:\t//p' "/proc/$pid/status")
  [[ "$bnd" == "$want_bnd" ]] || fail "pid $pid: CapBnd $bnd, the unit grants $want_bnd"
  grep -qP '^NoNewPrivs:\t1$' "/proc/$pid/status" || fail "pid $pid: no-new-privileges is not set"
done
tr '\0' ' ' < "/proc/$AGENT_c1/cmdline" | grep -q -- '-jar /usr/share/baton/baton-agent.jar' || fail "the agent is not the installed jar"
pass "agent and www run in the installed root with the unit's bounding set ($want_bnd) and no-new-privs"

start=$(now)
kill -9 "$www_pid"
wait_served "$LAB-c2" 60 || fail "www did not move to compute-2 within 60 s"
failover=$(echo "$(now) - $start" | bc)
pass "www killed on compute-1: the VIP serves www from compute-2 after $(printf '%.3f' "$failover") s"

# 4. package lifecycle on compute-1's root (its agent stopped first, as prerm would)
kill "$AGENT_c1"
dpkg --root="$root1" -i "$DEB" >/dev/null
grep -q '^node=compute-1$' "$root1/etc/baton/agent.conf" || fail "reinstall replaced the edited agent.conf"
dpkg --root="$root1" --remove baton-agent >/dev/null
[[ -f "$root1/etc/baton/agent.conf" && ! -e "$root1/usr/share/baton/baton-agent.jar" ]] || fail "remove: the jar should go, agent.conf stay"
dpkg --root="$root1" --purge baton-agent >/dev/null
[[ ! -e "$root1/etc/baton/agent.conf" ]] || fail "purge left /etc/baton/agent.conf"
pass "reinstall keeps the edited agent.conf, remove keeps it, purge removes it"

log "$((SECONDS - t0)) s; .deb $(du -k "$DEB" | cut -f1) KiB"
echo "package: $passed passed, 0 failed"
