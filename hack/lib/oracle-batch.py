#!/usr/bin/env python3
"""oracle.py simulate for many CIBs: reads one CIB path per line on stdin and prints, per line, the JSON
document `oracle.py simulate PATH` would print (status, placement, actions, tags, tier...). One Python
process and one oracle identity lookup serve them all; the differential tester runs one per core.

  oracle-batch.py CONFORMANCE_DIR < paths
"""
import json
import os
import sys

sys.path.insert(0, sys.argv[1])
import oracle  # noqa: E402  (../shared/conformance/oracle.py, the project's crm_simulate harness)

identity = oracle.oracle_identity()
for line in sys.stdin:
    path = line.rstrip("\n")
    try:
        sim = oracle.simulate(path, [], text=False)
        doc = oracle.normalize(sim, case=os.path.basename(path), oracle=identity)
        doc["tags"] = oracle.tag_cib(path, doc)
        doc["tier"] = oracle.tier_of(doc["tags"])
    except Exception as e:  # one bad input must not end the batch
        doc = {"status": "harness-error", "error": f"{type(e).__name__}: {e}"}
    sys.stdout.write(json.dumps(doc) + "\n")
    sys.stdout.flush()
