#!/usr/bin/env python3
"""Turns a Debian root (made by mmdebstrap, hack/operator-base-image.sh) into a container base image.

    base-image.py ROOTDIR OUT.tar TAG

Removes what only installs or administers packages (shells, coreutils, dpkg, perl, debconf ...):
nothing at run time needs them, the image runs java directly. Adds the non-root user 65532.
Writes one layer, deterministically (sorted, fixed times and owners from the files), as a
docker-save tarball (manifest.json, config, layer), the format Jib reads as a `tar://` base image.
"""
import io
import os
import shutil
import sys
import tarfile

import image_archive

# Debian packages a JVM does not need at run time; their files go (their libraries stay: none of
# these ships one that the JRE links)
DROP = {"bash", "dash", "coreutils", "perl-base", "perl-modules-5.36", "libperl5.36", "perl", "debconf",
        "dpkg", "tar", "gzip", "grep", "sed", "findutils", "diffutils", "util-linux", "util-linux-extra",
        "login", "passwd", "mawk", "hostname", "sysvinit-utils", "debianutils", "ncurses-bin", "bsdutils",
        "mount", "init-system-helpers", "libc-bin", "ca-certificates-java", "java-common", "base-passwd",
        "adduser"}
# left-overs of the installation itself
DROP_TREES = ["var/cache", "var/log", "var/lib/apt", "var/lib/dpkg/info", "usr/share/doc", "usr/share/man",
              "usr/share/info", "usr/share/lintian", "usr/share/bug", "usr/share/doc-base", "tmp", "run"]
MERGED = {"bin": "usr/bin", "sbin": "usr/sbin", "lib": "usr/lib", "lib64": "usr/lib64"}
EPOCH = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))


def in_root(path):
    """A path as dpkg lists it (/bin/sh) → where it is in a merged-/usr root (usr/bin/sh)."""
    rel = path.lstrip("/")
    head, _, tail = rel.partition("/")
    return os.path.join(MERGED[head], tail) if head in MERGED and tail else rel


def trim(root):
    info = os.path.join(root, "var/lib/dpkg/info")
    for pkg in sorted(DROP):
        for name in (f"{pkg}.list", f"{pkg}:amd64.list"):
            listed = os.path.join(info, name)
            if not os.path.exists(listed):
                continue
            for line in open(listed, encoding="utf-8"):
                p = os.path.join(root, in_root(line.strip()))
                # directories (and merged /usr's /bin → usr/bin links) are shared: only files go
                if not os.path.isdir(p) and (os.path.islink(p) or os.path.isfile(p)):
                    os.unlink(p)
    # what pointed at them: alternatives (awk, pager, which), now dangling
    for d in ("usr/bin", "usr/sbin", "etc/alternatives"):
        for n in os.listdir(os.path.join(root, d)):
            p = os.path.join(root, d, n)
            if os.path.islink(p) and not os.path.exists(p):
                os.unlink(p)
    # dpkg's own record: only the packages still there (for scanners), no maintainer scripts
    status = os.path.join(root, "var/lib/dpkg/status")
    kept = [p for p in open(status, encoding="utf-8").read().split("\n\n")
            if p.strip() and p.split("\n", 1)[0].split(": ", 1)[1] not in DROP]
    for d in DROP_TREES:
        shutil.rmtree(os.path.join(root, d), ignore_errors=True)
    os.makedirs(os.path.join(root, "var/lib/dpkg"), exist_ok=True)
    with open(status, "w", encoding="utf-8") as f:
        f.write("\n\n".join(kept) + "\n")
    for d, mode in (("tmp", 0o1777), ("run", 0o755)):
        os.makedirs(os.path.join(root, d), exist_ok=True)
        os.chmod(os.path.join(root, d), mode)
    with open(os.path.join(root, "etc/passwd"), "a", encoding="utf-8") as f:
        f.write("nonroot:x:65532:65532:nonroot:/nonexistent:/usr/sbin/nologin\n")
    with open(os.path.join(root, "etc/group"), "a", encoding="utf-8") as f:
        f.write("nonroot:x:65532:\n")


def layer(root):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        paths = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for n in dirnames + filenames:
                paths.append(os.path.join(dirpath, n))
        for p in sorted(paths, key=lambda x: os.path.relpath(x, root)):
            ti = tar.gettarinfo(p, arcname=os.path.relpath(p, root))
            ti.mtime = min(ti.mtime, EPOCH) if EPOCH else ti.mtime
            ti.uname = ti.gname = ""
            ti.pax_headers = {}
            if ti.isreg():
                with open(p, "rb") as f:
                    tar.addfile(ti, f)
            else:
                tar.addfile(ti)
    return buf.getvalue()


def main():
    root, out, tag = sys.argv[1:4]
    trim(root)
    raw = layer(root)
    diff_id, size = image_archive.write(out, tag, raw, {
        "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64", "LANG=C.UTF-8"]}, compress=True)
    print(f"{out}: layer {len(raw) >> 20} MiB ({size >> 20} MiB gzipped), diff_id {diff_id}")


if __name__ == "__main__":
    main()
