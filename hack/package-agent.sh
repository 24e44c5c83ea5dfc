#!/usr/bin/env bash
# Builds what a controller installs: the Debian package baton-agent_<version>_all.deb (the agent,
# its systemd unit and config, kubectl-baton with bash completion and a man page), and the krew
# plugin archive of kubectl-baton (kubectl-baton.tar.gz + its plugin.yaml with the sha256).
#
#   hack/package-agent.sh [OUT]     default OUT: target/dist
#
# Uses agent/target/baton-agent.jar and cli/target/kubectl-baton.jar (built here with
# `mvn package -DskipTests` when missing). The version is the pom's (0.1.0-SNAPSHOT → 0.1.0~SNAPSHOT,
# which sorts before the 0.1.0 release); file dates are the last commit's, so the same commit gives
# the same .deb.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
OUT=$(realpath -m "${1:-target/dist}")
log() { printf '[package] %s\n' "$*" >&2; }

AGENT_JAR=agent/target/baton-agent.jar
CLI_JAR=cli/target/kubectl-baton.jar
if [[ ! -f $AGENT_JAR || ! -f $CLI_JAR ]]; then
  log "building the agent and CLI jars"
  mvn -B -q -ntp -pl agent,cli -am package -DskipTests
fi

POM_VERSION=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -1)
[[ -n $POM_VERSION ]] || { log "no <version> in pom.xml"; exit 1; }
DEB_VERSION=${POM_VERSION//-/\~}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
MAINTAINER="Baton developers <baton@baton.dev>"

WORK=$(mktemp -d /tmp/baton-package.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# --- the Debian package ---------------------------------------------------------------------------
R=$WORK/baton-agent
install -d "$R/DEBIAN" "$R/usr/share/baton" "$R/usr/bin" "$R/lib/systemd/system" "$R/etc/baton" \
  "$R/usr/share/bash-completion/completions" "$R/usr/share/man/man1" "$R/usr/share/doc/baton-agent"
install -m 0644 "$AGENT_JAR" "$CLI_JAR" manifests/agent/agent.jvm "$R/usr/share/baton/"
install -m 0644 manifests/agent/baton-agent.service "$R/lib/systemd/system/"
install -m 0644 manifests/agent/agent.conf "$R/etc/baton/"
install -m 0755 cli/src/main/sh/kubectl-baton "$R/usr/bin/"
# completion and man page come from the CLI itself, so they list exactly its commands
# (without its #! line: a completion file is sourced, not run)
java -jar "$CLI_JAR" completion bash | sed '1{/^#!/d}' > "$R/usr/share/bash-completion/completions/kubectl-baton"
help2man --no-info --no-discard-stderr --section=1 --source="Baton $POM_VERSION" \
  --name="Pacemaker's crm_mon, crm_resource and crm_simulate for Baton HA clusters" \
  --version-string="$POM_VERSION" "java -jar $CLI_JAR" | sed "s#java -jar $CLI_JAR#kubectl-baton#g; s#JAVA -JAR [^ ]*KUBECTL-BATON.JAR#KUBECTL-BATON#g" \
  | gzip -9n > "$R/usr/share/man/man1/kubectl-baton.1.gz"
install -m 0644 docs/install.md "$R/usr/share/doc/baton-agent/install.md"
{
  echo "baton-agent ($DEB_VERSION) unstable; urgency=medium"
  echo
  echo "  * Built from commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo
  echo " -- $MAINTAINER  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$R/usr/share/doc/baton-agent/changelog.gz"
# Bundled libraries (shaded into the two jars), with the licenses their poms declare
bundled=$(for j in "$AGENT_JAR" "$CLI_JAR"; do unzip -Z1 "$j" 'META-INF/maven/*/pom.properties' 2>/dev/null; done |
  sed -E 's#META-INF/maven/([^/]+)/([^/]+)/pom.properties#\1:\2#' | grep -v '^dev.baton:' | sort -u | sed 's/^/  /')
cat > "$R/usr/share/doc/baton-agent/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Baton
Comment: The Baton project has not chosen its license yet; until it does, ask its developers
 before redistributing this package. The jars bundle these libraries (group:artifact), each under
 its own license (Apache-2.0, EPL/EDL, LGPL-2.1 or Apache-2.0 for JNA, MIT), as stated in its pom:
 .
$(sed 's/^  / /' <<< "$bundled")

Files: *
Copyright: $(date -u -d "@$SOURCE_DATE_EPOCH" +%Y) the Baton developers
License: unknown
 The license of Baton has not been chosen yet.
EOF

installed_kb=$(du -sk --exclude=DEBIAN "$R" | cut -f1)
cat > "$R/DEBIAN/control" <<EOF
Package: baton-agent
Version: $DEB_VERSION
Architecture: all
Maintainer: $MAINTAINER
Installed-Size: $installed_kb
Depends: openjdk-17-jre-headless | java17-runtime-headless, resource-agents, iproute2
Recommends: pacemaker-resource-agents
Section: admin
Priority: optional
Homepage: https://baton.dev
Description: Baton node agent: Pacemaker-style HA for bare-metal controllers
 Baton keeps the services of bare-metal controllers highly available the way
 heartbeat and Pacemaker do, configured as Kubernetes custom resources. This
 package is the agent on each controller: it runs the LSB/OCF resource agents
 the operator asks for, runs recurring monitors, holds the node's lease and
 adds the virtual IPs. It also ships kubectl-baton (status, resource,
 simulate, import, lint), the kubectl plugin for Pacemaker users.
EOF
echo /etc/baton/agent.conf > "$R/DEBIAN/conffiles"

# Maintainer scripts. A fresh install does not enable or start the agent: it needs this controller's
# agent.conf and kubeconfig first. An upgrade restarts a running agent (it adopts what runs; the
# services it manages keep running, KillMode=process). Removal stops it; the services keep running.
cat > "$R/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = configure ] || [ "$1" = abort-upgrade ]; then
	if command -v deb-systemd-helper >/dev/null; then
		deb-systemd-helper unmask baton-agent.service >/dev/null || true
		deb-systemd-helper update-state baton-agent.service >/dev/null || true
	fi
	if [ -d /run/systemd/system ]; then
		systemctl --system daemon-reload >/dev/null || true
		if [ -n "$2" ] && command -v deb-systemd-invoke >/dev/null; then
			deb-systemd-invoke try-restart baton-agent.service >/dev/null || true
		fi
	fi
fi
EOF
cat > "$R/DEBIAN/prerm" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ] && command -v deb-systemd-invoke >/dev/null; then
	deb-systemd-invoke stop baton-agent.service >/dev/null || true
fi
EOF
cat > "$R/DEBIAN/postrm" <<'EOF'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then
	systemctl --system daemon-reload >/dev/null || true
fi
if command -v deb-systemd-helper >/dev/null; then
	if [ "$1" = remove ]; then
		deb-systemd-helper mask baton-agent.service >/dev/null || true
	fi
	if [ "$1" = purge ]; then
		deb-systemd-helper purge baton-agent.service >/dev/null || true
		deb-systemd-helper unmask baton-agent.service >/dev/null || true
	fi
fi
EOF
chmod 0755 "$R/DEBIAN/postinst" "$R/DEBIAN/prerm" "$R/DEBIAN/postrm"
(cd "$R" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$R/DEBIAN/md5sums"
chmod 0644 "$R/DEBIAN/md5sums" "$R/DEBIAN/control" "$R/DEBIAN/conffiles"
find "$R" -type d -exec chmod 0755 {} +
find "$R" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
DEB=$OUT/baton-agent_${DEB_VERSION}_all.deb
dpkg-deb --root-owner-group -Zgzip --build "$R" "$DEB" >/dev/null
log "$DEB ($(du -k "$DEB" | cut -f1) KiB)"

# --- the krew plugin archive ----------------------------------------------------------------------
K=$WORK/krew
mkdir -p "$K"
install -m 0755 cli/src/main/sh/kubectl-baton "$K/"
install -m 0644 "$CLI_JAR" "$K/"
TGZ=$OUT/kubectl-baton.tar.gz
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner -C "$K" -cf - kubectl-baton kubectl-baton.jar |
  gzip -9n > "$TGZ"
sha=$(sha256sum "$TGZ" | cut -d' ' -f1)
sed -e "s#^  version: .*#  version: v$POM_VERSION#" -e "s#^    sha256: .*#    sha256: \"$sha\"#" \
  -e "s#/releases/v[^/]*/#/releases/v$POM_VERSION/#" cli/krew/baton.yaml | grep -v '^# uri and sha256 are placeholders' > "$OUT/plugin.yaml"
log "$TGZ (sha256 $sha) and $OUT/plugin.yaml"
