"""Checks a rolling upgrade's leader handovers from what two watchers saw (hack/test-image.sh).

    python3 hack/lib/leader_handover.py LEASE_LOG PODS_LOG OLD_HASH NEW_HASH

Both logs: one line per watch event, fields separated by |, the first field the time the watcher saw it
(seconds since the epoch). LEASE_LOG: holderIdentity acquireTime renewTime leaseDurationSeconds;
PODS_LOG: event type, Pod name, pod-template-hash, deletionTimestamp. Asserts that every holder is an operator Pod, that the Lease went from a Pod of the old
ReplicaSet to one of the new, and that at each handover the new holder acquired the Lease only after
the old holder's had expired (its last renewal plus the lease duration, the time after which a leader
that could not renew has stopped leading: its renew deadline is shorter) or was released, the old
holder's Pod being on its way out. Prints each handover with the leaderless gap.
"""
import datetime
import sys

lease_log, pods_log, old_hash, new_hash = sys.argv[1:5]


def t(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


def records(path, fields):
    for line in open(path):
        f = line.rstrip("\n").split("|")
        if len(f) == fields + 1:
            yield float(f[0]), f[1:]


pod_hash, deleting = {}, {}  # Pod -> its ReplicaSet's hash; Pod -> when the watcher first saw it going
for seen_at, (kind, name, h, deletion) in records(pods_log, 4):
    pod_hash[name] = h
    if kind == "DELETED" or deletion:
        deleting.setdefault(name, seen_at)

seen = []  # (holder Pod, acquireTime, renewTime, duration, seen at), renewals of the same record merged
for seen_at, (identity, acquired, renewed, duration) in records(lease_log, 4):
    # the holder identity is "<Pod name>_<unique suffix>" (LeaderElection, as kube-controller-manager forms
    # it); a Pod name has no "_" (DNS-1123)
    holder = identity.split("_", 1)[0]
    if holder and holder not in pod_hash:
        sys.exit(f"the Lease names {identity!r}, which is no operator Pod the watcher saw")
    entry = (holder, acquired, renewed, int(duration or 0))
    if not seen or seen[-1][:4] != entry:
        seen.append(entry + (seen_at,))

holders = [e[0] for e in seen if e[0]]
chain = [h for i, h in enumerate(holders) if i == 0 or holders[i - 1] != h]
if not chain or pod_hash[chain[0]] != old_hash:
    sys.exit(f"the first leader seen is no Pod of the old ReplicaSet: {chain}")
if pod_hash[chain[-1]] != new_hash:
    sys.exit(f"the last leader seen is no Pod of the new ReplicaSet: {chain}")

handovers = 0
for i in range(1, len(seen)):
    prev, cur = seen[i - 1], seen[i]
    if not cur[0] or cur[0] == prev[0]:
        continue
    # the last record of the previous holder (or, after a release, the one before it)
    last = next((e for e in reversed(seen[:i]) if e[0]), None)
    if last is None:
        continue
    released = not prev[0]
    gap = (t(cur[1]) - t(last[2])).total_seconds()
    if not released and gap < last[3]:
        sys.exit(f"{cur[0]} acquired the Lease {gap:.3f} s after {last[0]}'s last renewal, within its "
                 f"{last[3]} s lease: two leaders")
    if last[0] not in deleting or deleting[last[0]] > cur[4]:
        sys.exit(f"{cur[0]} took the Lease from {last[0]}, whose Pod was not being deleted")
    handovers += 1
    how = "released" if released else f"expired ({last[3]} s lease)"
    print(f"handover {last[0]} -> {cur[0]}: {how}, {gap:.1f} s without a leader")
print(f"leaders seen: {' -> '.join(chain)}; {handovers} handover(s), never two leaders")
