# Sourced: throw-away controller roots to install the baton-agent package into, as on a real
# controller, without changing this machine. A root is an overlay of this machine's / (its Debian
# with the packages hack/deps.sh installed: Java, resource-agents) with a tmpfs on top; dpkg
# installs into it for real (dependencies checked, maintainer scripts run chrooted), and
# hack/lib/unit-exec.py runs the installed unit's service in it.

ROOTS_DIR=${ROOTS_DIR:-/tmp/baton-roots}

# root_up NAME DEB: a fresh root with DEB installed; prints its path
root_up() {
  local r="$ROOTS_DIR/$1"
  root_down "$1"
  mkdir -p "$r/rw" "$r/root"
  mount -t tmpfs -o size=512m tmpfs "$r/rw"
  mkdir "$r/rw/upper" "$r/rw/work"
  mount -t overlay overlay -o "lowerdir=/,upperdir=$r/rw/upper,workdir=$r/rw/work" "$r/root"
  dpkg --root="$r/root" -i "$2" >&2
  echo "$r/root"
}

# root_down NAME: unmount and remove it (idempotent)
root_down() {
  local r="$ROOTS_DIR/$1"
  [[ -d "$r" ]] || return 0
  umount -R "$r/root" 2>/dev/null || umount -l "$r/root" 2>/dev/null || true
  umount "$r/rw" 2>/dev/null || umount -l "$r/rw" 2>/dev/null || true
  rmdir "$r/root" "$r/rw" "$r" 2>/dev/null || true
}

# root_agent_config ROOT NODE NAMESPACE KUBECONFIG: what an administrator writes on a controller
# (docs/install.md): the node's name and namespace in the shipped agent.conf, and its kubeconfig
root_agent_config() {
  local r=$1
  sed -i -e "s/^node=.*/node=$2/" -e "s/^namespace=.*/namespace=$3/" \
    -e 's/^failsafe-/#failsafe-/' "$r/etc/baton/agent.conf"
  install -m 0600 "$4" "$r/etc/baton/kubeconfig"
}

# root_run ROOT CMD...: CMD chrooted into ROOT, with /proc (the JVM finds its libraries through it)
root_run() {
  unshare --mount -- sh -c 'mount --rbind /proc "$0/proc" && exec chroot "$0" "$@"' "$@"
}
