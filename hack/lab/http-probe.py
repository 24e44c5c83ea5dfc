#!/usr/bin/env python3
"""The client's probe of the VIP for hack/chaos.sh: an HTTP GET every 10 ms (new connection each
time, 200 ms timeout). Prints, with CLOCK_MONOTONIC nanoseconds (the clock of Java's nanoTime):

    up T GAP BODY   the first answer after none, or an answer from another server (GAP: ns since
                    the previous answer; the outage when there was one)
    down T          the first attempt without an answer
    alive T         once a second, so a reader knows the probe runs

    python3 hack/lab/http-probe.py URL
"""
import sys
import time
import urllib.request

url = sys.argv[1]
direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy from the environment
last_ok = None
last_body = None
down = False
next_alive = 0
while True:
    t0 = time.monotonic_ns()
    try:
        with direct.open(url, timeout=0.2) as r:
            body = r.read().decode(errors="replace").strip().replace("\n", " ")
        now = time.monotonic_ns()
        if down or body != last_body:
            print(f"up {now} {now - last_ok if last_ok else 0} {body}", flush=True)
        last_ok, last_body, down = now, body, False
    except Exception:
        if not down:
            print(f"down {time.monotonic_ns()}", flush=True)
        down = True
    now = time.monotonic_ns()
    if now >= next_alive:
        print(f"alive {now}", flush=True)
        next_alive = now + 1_000_000_000
    time.sleep(max(0.0, 0.01 - (now - t0) / 1e9))
