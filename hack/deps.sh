#!/usr/bin/env bash
# Installs what the build, the tests and the demo need on a fresh Debian machine:
# the Debian packages listed in hack/packages/*.txt, and a Go toolchain new enough to build
# the pinned Kubernetes (the control plane itself is built by hack/control-plane.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[deps] %s\n' "$*" >&2; }

mapfile -t wanted < <(cat hack/packages/*.txt | sed -e 's/#.*//' -e 's/[[:space:]]//g' | grep -v '^$' | sort -u)
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then log "missing packages (run as root): ${missing[*]}"; exit 1; fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Kubernetes 1.35 needs Go >= 1.24. Debian's golang-go is older: then the go command fetches the
# pinned toolchain from the Go module proxy (GOTOOLCHAIN).
if ! command -v go >/dev/null; then
  log "installing golang-go"
  apt-get install -y -qq --no-install-recommends golang-go >/dev/null
fi
