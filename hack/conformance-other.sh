#!/usr/bin/env bash
# Regenerates scheduler/src/test/resources/conformance-other/: the public out-of-scope cases of Pacemaker's
# scheduler regression inputs (listed with their tags in ../shared/conformance/pacemaker-cts/index.json),
# each with the expectation of Debian's crm_simulate through ../shared/conformance/oracle.py.
#
#   hack/conformance-other.sh                  # clones ClusterLabs/pacemaker into ~/.cache/baton the first time
#   PACEMAKER_GIT=/path/to/pacemaker/.git hack/conformance-other.sh
#
# The inputs come from the ref and commit index.json records (Pacemaker-2.1.5); the hidden third of the
# corpus (sha256(name) % 3 == 0) is never written.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFORMANCE=${CONFORMANCE:-$PWD/../shared/conformance}
DEST=scheduler/src/test/resources/conformance-other
command -v crm_simulate > /dev/null || { echo "crm_simulate not found: run hack/deps.sh" >&2; exit 1; }
COMMIT=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["source"]["commit"])' \
  "$CONFORMANCE/pacemaker-cts/index.json")
GIT_DIR=${PACEMAKER_GIT:-$HOME/.cache/baton/pacemaker.git}
if ! git --git-dir="$GIT_DIR" cat-file -e "$COMMIT^{commit}" 2> /dev/null; then
  rm -rf "$GIT_DIR"
  git clone --bare --filter=blob:none https://github.com/ClusterLabs/pacemaker.git "$GIT_DIR"
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
git --git-dir="$GIT_DIR" archive "$COMMIT" cts/scheduler/xml cts/scheduler/summary cts/cts-scheduler.in \
  | tar -x -C "$TMP"
python3 hack/lib/conformance-other.py "$CONFORMANCE" "$TMP/cts" "$DEST"
