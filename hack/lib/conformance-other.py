#!/usr/bin/env python3
"""Writes the public out-of-scope Pacemaker regression cases with oracle.py's expectation.

../shared/conformance/pacemaker-cts/index.json lists the cases of tier "other" (out of scope) with their
tags but no files. For each listed public case this writes DEST/<case>/ the way oracle.py's corpus command
writes tier1/tier2: input.xml (the upstream input, byte for byte), expected.json, crm_simulate.txt,
scores.txt. A case whose name hashes into the hidden third (sha256(name) % 3 == 0) is never written, even if
an index listed it, so the held-back cases stay unseen.

  conformance-other.py CONFORMANCE_DIR CTS_DIR DEST [--jobs N]
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import sys

p = argparse.ArgumentParser()
p.add_argument("conformance")
p.add_argument("cts", help="an extracted cts/ of ClusterLabs/pacemaker at the index's ref")
p.add_argument("dest")
p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
a = p.parse_args()

sys.path.insert(0, a.conformance)
import oracle  # noqa: E402  (../shared/conformance/oracle.py, the project's crm_simulate harness)

index = json.load(open(os.path.join(a.conformance, "pacemaker-cts", "index.json")))
source = index["source"]
cases = [c for c in index["cases"] if c["tier"] == "other" and c["split"] == "public"
         and oracle.split_of(c["case"]) == "public"]
scheduler = os.path.join(a.cts, "scheduler")
tests = oracle.upstream_tests(os.path.join(a.cts, "cts-scheduler.in"))
identity = oracle.oracle_identity()
if identity.get("pacemaker") != index["oracle"].get("pacemaker"):
    sys.exit(f"crm_simulate is {identity}, the index was made with {index['oracle']}")

jobs = [(c["case"], os.path.join(scheduler, "xml", c["case"] + ".xml"), tests.get(c["case"], ("", []))[1],
         tests.get(c["case"], ("", []))[0], scheduler, None, identity, 300) for c in cases]
with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
    results = list(ex.map(oracle.process_case, jobs))

if os.path.isdir(a.dest):
    shutil.rmtree(a.dest)
problems = []
for entry, (name, sim, doc, _) in zip(cases, results):
    if doc["status"] != entry["status"] or doc["tags"] != entry["tags"] or doc["tier"] != "other":
        problems.append(f"{name}: status {doc['status']}, tier {doc['tier']}, tags differ from index.json: "
                        f"{sorted(set(doc['tags']) ^ set(entry['tags']))}")
    src = {"repository": source["repository"], "ref": source["ref"], "commit": source["commit"],
           "path": f"cts/scheduler/xml/{name}.xml"}
    head = [("format", doc["format"]), ("case", name), ("source", src)]
    if "description" in doc:
        head.append(("description", doc["description"]))
    doc = dict(head + [(k, v) for k, v in doc.items() if k not in ("format", "case", "source", "description")])
    oracle.write_case(os.path.join(a.dest, name), os.path.join(scheduler, "xml", name + ".xml"), sim, doc)
print(f"{len(cases)} public out-of-scope cases written to {a.dest}")
if problems:
    sys.exit("not as index.json records them:\n  " + "\n  ".join(problems))
