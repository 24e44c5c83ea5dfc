"""Runs a lab script under the machine-wide lab lock: labs use the host's management addresses
(203.0.113.1/.5), so one lab at a time. The same POSIX (fcntl) lock that the end-to-end tests
take (operator/src/test/java/dev/baton/operator/e2e/Lab.java); held until the script exits.

    python3 hack/lib/lab-lock.py SCRIPT [ARGS...]
"""
import fcntl
import os
import sys

LOCK = "/run/baton-lab.lock"
fd = os.open(LOCK, os.O_WRONLY | os.O_CREAT, 0o644)
try:
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError:
    print(f"[lab] another lab run holds {LOCK}; waiting for it", file=sys.stderr, flush=True)
    fcntl.lockf(fd, fcntl.LOCK_EX)
# the lock belongs to this process, which becomes the script: keep the descriptor open across exec
os.set_inheritable(fd, True)
os.environ["BATON_LAB_LOCKED"] = "1"
os.execvp("bash", ["bash", *sys.argv[1:]])
