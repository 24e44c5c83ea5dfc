#!/usr/bin/env python3
"""Image archives in docker-save format (manifest.json, config, layers): what Jib takes as a `tar://`
base image and `ctr images import` reads. Written deterministically (fixed times, sorted JSON).

    image_archive.py BINARY PATH_IN_IMAGE NAME:TAG OUT.tar    an image of one static binary (its entrypoint)
"""
import gzip
import hashlib
import io
import json
import sys
import tarfile


def write(out, tag, layer, config, compress=False):
    """One-layer archive: layer is an uncompressed tar (bytes); config the image config's "config"."""
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    blob, name = layer, "layer.tar"
    if compress:
        gz = io.BytesIO()
        with gzip.GzipFile(fileobj=gz, mode="wb", mtime=0, compresslevel=6) as g:
            g.write(layer)
        blob, name = gz.getvalue(), "layer.tar.gz"
    cfg = json.dumps({"architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:00Z", "config": config,
                      "rootfs": {"type": "layers", "diff_ids": [diff_id]}},
                     sort_keys=True, separators=(",", ":")).encode()
    manifest = json.dumps([{"Config": "config.json", "RepoTags": [tag], "Layers": [name]}]).encode()
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as t:
        for member, body in (("manifest.json", manifest), ("config.json", cfg), (name, blob)):
            ti = tarfile.TarInfo(member)
            ti.size, ti.mtime, ti.mode = len(body), 0, 0o644
            t.addfile(ti, io.BytesIO(body))
    return diff_id, len(blob)


def main():
    binary, path, tag, out = sys.argv[1:5]
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as t:
        data = open(binary, "rb").read()
        ti = tarfile.TarInfo(path.lstrip("/"))
        ti.size, ti.mode, ti.mtime = len(data), 0o755, 0
        t.addfile(ti, io.BytesIO(data))
    write(out, tag, layer.getvalue(), {"Entrypoint": [path]})


if __name__ == "__main__":
    main()
