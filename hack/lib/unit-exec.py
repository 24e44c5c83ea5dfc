#!/usr/bin/env python3
"""Runs the service of an installed systemd unit the way systemd would, where there is no systemd.

    unit-exec.py ROOT UNIT      (run it inside `ip netns exec NS`, which gives it a mount namespace)

ROOT is a throw-away root the package was installed into (hack/lib/controller-root.sh); UNIT its
path inside ROOT, e.g. /lib/systemd/system/baton-agent.service. Inside a private mount namespace
it binds /proc, /sys, /dev and /run/netns into ROOT, applies the unit's ProtectSystem, chroots to
ROOT and execs ExecStart with the unit's Environment=, CapabilityBoundingSet= and
NoNewPrivileges= (setpriv). So the service runs from the installed files, with the capabilities
the unit grants and nothing more. Directives it cannot apply here are listed on stderr.
"""
import ctypes
import os
import shlex
import subprocess
import sys

APPLIED = {"Type", "ExecStart", "Environment", "User", "CapabilityBoundingSet", "NoNewPrivileges",
           "ProtectSystem"}
# left to systemd: how it restarts, stops and limits the service, and the kernel-interface
# protections that need seccomp or extra mounts
NOT_HERE = {"Restart", "RestartSec", "KillMode", "TimeoutStopSec", "LimitNOFILE", "ProtectKernelModules",
            "ProtectControlGroups", "ProtectClock", "LockPersonality", "RestrictRealtime", "RestrictSUIDSGID",
            "SystemCallArchitectures"}
CLONE_NEWNS = 0x00020000


def service_section(path):
    values = {}
    section = None
    for raw in open(path, encoding="utf-8"):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section != "Service":
            continue
        key, _, value = line.partition("=")
        values.setdefault(key.strip(), []).append(value.strip())
    return values


def mount(*args):
    subprocess.run(["mount", *args], check=True)


def main():
    root, unit = sys.argv[1], sys.argv[2]
    svc = service_section(os.path.join(root, unit.lstrip("/")))
    unknown = sorted(set(svc) - APPLIED - NOT_HERE)
    if unknown:
        sys.exit(f"unit-exec: {unit}: directives this runner does not know: {', '.join(unknown)}")
    if svc.get("User", ["root"])[-1] != "root" or svc.get("Type", ["simple"])[-1] != "simple":
        sys.exit(f"unit-exec: {unit}: only Type=simple services of User=root are run here")
    print(f"unit-exec: {unit}: not applied here (systemd's job): {', '.join(sorted(set(svc) & NOT_HERE))}",
          file=sys.stderr)

    if ctypes.CDLL(None, use_errno=True).unshare(CLONE_NEWNS) != 0:
        sys.exit(f"unit-exec: unshare: {os.strerror(ctypes.get_errno())}")
    mount("--make-rprivate", "/")
    for d in ("proc", "sys", "dev", "run/netns"):
        target = os.path.join(root, d)
        if os.path.isdir("/" + d):
            os.makedirs(target, exist_ok=True)
            mount("--rbind", "/" + d, target)
    protect = svc.get("ProtectSystem", ["no"])[-1]
    readonly = {"no": [], "yes": ["usr", "boot", "efi"], "true": ["usr", "boot", "efi"],
                "full": ["usr", "boot", "efi", "etc"]}.get(protect)
    if readonly is None:
        sys.exit(f"unit-exec: ProtectSystem={protect} is not applied by this runner")
    for d in readonly:
        target = os.path.join(root, d)
        if os.path.isdir(target):
            mount("--bind", target, target)
            mount("-o", "remount,bind,ro", target)

    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
    for line in svc.get("Environment", []):
        for assignment in shlex.split(line):
            k, _, v = assignment.partition("=")
            env[k] = v
    argv = shlex.split(svc["ExecStart"][-1])
    setpriv = ["setpriv"]
    caps = " ".join(svc.get("CapabilityBoundingSet", [])).split()
    if caps:
        setpriv += ["--bounding-set", ",".join(["-all"] + ["+" + c.lower().removeprefix("cap_") for c in caps])]
    if svc.get("NoNewPrivileges", ["no"])[-1] in ("yes", "true", "1", "on"):
        setpriv.append("--no-new-privs")
    os.chroot(root)
    os.chdir("/")
    os.execve("/usr/bin/setpriv", setpriv + ["--", *argv], env)


if __name__ == "__main__":
    main()
