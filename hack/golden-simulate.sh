#!/usr/bin/env bash
# Regenerates the oracle's answers for the simulate golden tests: for every CIB in
# cli/src/test/resources/golden/simulate/*.xml, the output of Debian's crm_simulate (pacemaker-cli-utils,
# installed by hack/deps.sh) is written next to it as NAME.crm_simulate.txt. SimulateGoldenTest compares the
# "Transition Summary" of kubectl baton simulate --cib NAME.xml with it. Commit the .txt files it changes.
#
# The CIBs' lrm_rsc_op op-digest values are crm_resource's (CIB_file=NAME.xml crm_resource --digests -r RSC
# -N NODE [CRM_meta_interval=MS]): without them crm_simulate restarts the resources for changed parameters.
set -euo pipefail
cd "$(dirname "$0")/../cli/src/test/resources/golden/simulate"
command -v crm_simulate >/dev/null || { echo "crm_simulate not found: run hack/deps.sh" >&2; exit 1; }
version=$(crm_simulate --version | head -1)
shadow=$(mktemp -d)
trap 'rm -rf "$shadow"' EXIT
for cib in *.xml; do
  name=${cib%.xml}
  {
    echo "# crm_simulate -x $cib -S ($version; regenerate with hack/golden-simulate.sh)"
    LC_ALL=C CIB_shadow_dir="$shadow" crm_simulate -x "$cib" -S 2>&1
  } > "$name.crm_simulate.txt"
  echo "$name.crm_simulate.txt"
done
