#!/usr/bin/env bash
# The operator image's base, made here from Debian packages (no registry is needed): Debian's
# openjdk-17-jre-headless installed by mmdebstrap, then stripped of what only installs packages
# (shells, coreutils, dpkg, perl: hack/lib/base-image.py), plus the non-root user 65532. Written
# as a docker-save tarball, which Jib takes as its base image (`tar://`, operator/pom.xml -Pimage).
#
#   hack/operator-base-image.sh OUT.tar
#
# Cached in ~/.cache/baton/image/ under a key made of the suite, this script and its helper, and
# the versions apt (this machine's lists) gives for every package of the base: the same key gives
# the same tarball, so image builds are fast and reproducible; `apt-get update` bringing a new
# openjdk (a security update) changes the key and the next build makes a new base. The versions
# really installed are kept next to it (.packages).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(realpath -m "${1:?usage: $0 OUT.tar}")
SUITE=bookworm
PACKAGES=openjdk-17-jre-headless
CACHE=${BATON_CACHE:-$HOME/.cache/baton}/image
log() { printf '[base-image] %s\n' "$*" >&2; }
mkdir -p "$CACHE" "$(dirname "$OUT")"

# every package the base is made of: the Essential set and the JRE's dependency closure
versions() {
  local names
  names=$( { dpkg-query -W -f='${Package} ${Essential}\n' | awk '$2 == "yes" {print $1}'
             apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
               --no-replaces --no-enhances $PACKAGES | grep -v '^ ' | grep -v '^<'; } | sort -u)
  # shellcheck disable=SC2086
  apt-cache policy $names | awk '/^[^ ]/ {p=$1} /Candidate:/ {print p $2}' | sort
}
key=$( { echo "$SUITE $PACKAGES"; cat "$0" hack/lib/base-image.py; versions; } | sha256sum | cut -c1-16)
BASE=$CACHE/operator-base-$key.tar

if [[ ! -f $BASE ]]; then
  command -v mmdebstrap >/dev/null || { log "mmdebstrap is missing (hack/deps.sh installs it)"; exit 1; }
  log "building the base image $key (Debian $SUITE, $PACKAGES; about a minute)"
  work=$(mktemp -d /tmp/baton-base.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  debs=$CACHE/debs
  mkdir -p "$debs"
  # man pages are not installed, but update-alternatives wants man1 for java's man page link
  SOURCE_DATE_EPOCH=1 mmdebstrap --quiet --variant=essential --include="$PACKAGES" \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --setup-hook='mkdir -p "$1/usr/share/man/man1" "$1/var/cache/apt/archives"' \
    --setup-hook="sync-in $debs /var/cache/apt/archives/" \
    --customize-hook="sync-out /var/cache/apt/archives $debs" \
    --customize-hook='chroot "$1" dpkg-query -W -f="\${Package}=\${Version}\n" > "$1/../packages"' \
    --customize-hook='rm -f "$1/etc/hostname" "$1/etc/resolv.conf"' \
    "$SUITE" "$work/root"
  SOURCE_DATE_EPOCH=1 python3 hack/lib/base-image.py "$work/root" "$BASE.tmp" "baton-operator-base:$key" >&2
  mv "$work/packages" "$BASE.packages"
  mv "$BASE.tmp" "$BASE"
fi
ln -f "$BASE" "$OUT" 2>/dev/null || cp "$BASE" "$OUT"
log "$OUT (base $key, $(du -m "$BASE" | cut -f1) MiB)"
