#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok
# and the CSI snapshot-controller from their Go modules (Go module proxy only)
# into a cache outside the repository, keyed by version, plus volume-sim
# (gomod/cmd/volume-sim), keyed by a hash of its source, and copies the
# snapshot.storage.k8s.io CRDs from the snapshotter's client module beside
# them. A second run finds them and returns at once.
#
# Usage: build.sh [KUBERNETES_VERSION]   (default: $KSTS_K8S_VERSION, else
# K8S_VERSION from versions.env). Each version in K8S_VERSIONS has its own
# wrapper module: gomod/ for K8S_VERSION, gomod-v1.<minor>/ for the others.
# etcd, kwok and volume-sim are always built from gomod/ (one version each for
# every control plane), the snapshot-controller from gomod-snapshotter/, and
# they are shared between the versions' binary directories.
# Prints the binary directory on stdout; logs go to stderr.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"

k8s_version=${1:-${KSTS_K8S_VERSION:-$K8S_VERSION}}
case " $K8S_VERSIONS " in
  *" $k8s_version "*) ;;
  *) echo "error: Kubernetes $k8s_version is not one of the tested versions ($K8S_VERSIONS in tests/cluster/versions.env)" >&2; exit 2 ;;
esac
minor=${k8s_version#v1.}; minor=${minor%%.*}
if [ "$k8s_version" = "$K8S_VERSION" ]; then gomod="$here/gomod"; else gomod="$here/gomod-v1.$minor"; fi
grep -q "^require k8s.io/kubernetes $k8s_version\$\|^[[:space:]]k8s.io/kubernetes $k8s_version\$" "$gomod/go.mod" || {
  echo "error: $gomod/go.mod does not pin k8s.io/kubernetes $k8s_version; change versions.env and the gomod directories together" >&2; exit 1; }
snapmod="$here/gomod-snapshotter"
grep -q "^[[:space:]]*github.com/kubernetes-csi/external-snapshotter/v8 $SNAPSHOTTER_VERSION\$\|^require github.com/kubernetes-csi/external-snapshotter/v8 $SNAPSHOTTER_VERSION\$" "$snapmod/go.mod" || {
  echo "error: $snapmod/go.mod does not pin external-snapshotter/v8 $SNAPSHOTTER_VERSION; change versions.env and go.mod together" >&2; exit 1; }

cache=${KSTS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-sts}
bindir="$cache/bin/k8s-$k8s_version-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
bins=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)
sim_hash=$(cd "$here/gomod" && find cmd/volume-sim -type f | LC_ALL=C sort | xargs cat go.mod go.sum | sha256sum | cut -c1-16)
# The snapshot-controller and its CRDs (snapshot-crds/) are stamped with their
# version: the bin dir's name does not carry it.
snap_crds=(volumesnapshotclasses volumesnapshotcontents volumesnapshots)
snap_complete() { # DIR
  local c
  [ -x "$1/snapshot-controller" ] && [ "$(cat "$1/snapshot-controller.version" 2>/dev/null)" = "$SNAPSHOTTER_VERSION" ] || return 1
  for c in "${snap_crds[@]}"; do [ -s "$1/snapshot-crds/snapshot.storage.k8s.io_$c.yaml" ] || return 1; done
}

complete() {
  for b in "${bins[@]}"; do [ -x "$bindir/$b" ] || return 1; done
  snap_complete "$bindir" || return 1
  [ -x "$bindir/volume-sim" ] && [ "$(cat "$bindir/volume-sim.hash" 2>/dev/null)" = "$sim_hash" ]
}
if complete; then echo "$bindir"; exit 0; fi

command -v go >/dev/null || { echo "error: go is required to build the test control plane" >&2; exit 1; }
mkdir -p "$bindir"
log() { echo "[build] $*" >&2; }
# Two callers (e.g. two clusters started at once) must not build into the
# same files: the second waits, then finds everything built.
mkdir -p "$cache"
exec 9>"$cache/build.lock"
if ! flock -n 9; then
  log "another build is running; waiting for it"
  flock 9
fi
if complete; then echo "$bindir"; exit 0; fi
start=$(date +%s)

# One build tree per run; the binaries land in the versioned bindir. The
# control plane builds in a copy of its version's module, the shared tools in
# a copy of gomod/.
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/k8s" "$work/tools" "$work/snapshotter"
cp "$gomod/go.mod" "$gomod/go.sum" "$gomod/tools.go" "$work/k8s/"
cp "$here/gomod/go.mod" "$here/gomod/go.sum" "$here/gomod/tools.go" "$work/tools/"
cp -R "$here/gomod/cmd" "$work/tools/"
cp "$snapmod/go.mod" "$snapmod/go.sum" "$snapmod/tools.go" "$work/snapshotter/"

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ver_flags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ver_flags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ver_flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$now"
done

# A shared tool (etcd, kwok) another version's directory already holds at the
# same version is copied, not rebuilt.
reuse() {
  local b=$1 other
  for other in "$cache"/bin/k8s-*-etcd-"$ETCD_VERSION"-kwok-"$KWOK_VERSION"; do
    if [ "$other" != "$bindir" ] && [ -x "$other/$b" ]; then
      log "reusing $b from $other"
      cp "$other/$b" "$bindir/$b.tmp" && mv "$bindir/$b.tmp" "$bindir/$b"
      return 0
    fi
  done
  return 1
}

export CGO_ENABLED=0 GOFLAGS=-mod=readonly
cd "$work/k8s"
for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  if [ ! -x "$bindir/$cmd" ]; then
    log "building $cmd $k8s_version"
    go build -trimpath -ldflags "-s -w $ver_flags" -o "$bindir/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd"
    mv "$bindir/$cmd.tmp" "$bindir/$cmd"
  fi
done
cd "$work/tools"
[ -x "$bindir/etcd" ] || reuse etcd || true
[ -x "$bindir/kwok" ] || reuse kwok || true
if [ ! -x "$bindir/etcd" ]; then
  log "building etcd $ETCD_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$bindir/etcd.tmp" go.etcd.io/etcd/server/v3
  mv "$bindir/etcd.tmp" "$bindir/etcd"
fi
if [ ! -x "$bindir/kwok" ]; then
  log "building kwok $KWOK_VERSION"
  GOFLAGS='' GOBIN="$work/gobin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  mv "$work/gobin/kwok" "$bindir/kwok"
fi
# The snapshot-controller and its CRDs do not depend on the Kubernetes
# version either: copied from another version's directory when it has them.
if ! snap_complete "$bindir"; then
  for other in "$cache"/bin/k8s-*-etcd-"$ETCD_VERSION"-kwok-"$KWOK_VERSION"; do
    if [ "$other" != "$bindir" ] && snap_complete "$other"; then
      log "reusing snapshot-controller $SNAPSHOTTER_VERSION and its CRDs from $other"
      rm -rf "$bindir/snapshot-crds.tmp"
      cp -R "$other/snapshot-crds" "$bindir/snapshot-crds.tmp"
      rm -rf "$bindir/snapshot-crds" && mv "$bindir/snapshot-crds.tmp" "$bindir/snapshot-crds"
      cp "$other/snapshot-controller" "$bindir/snapshot-controller.tmp"
      mv "$bindir/snapshot-controller.tmp" "$bindir/snapshot-controller"
      cp "$other/snapshot-controller.version" "$bindir/snapshot-controller.version"
      break
    fi
  done
fi
if ! snap_complete "$bindir"; then
  log "building snapshot-controller $SNAPSHOTTER_VERSION"
  (
    cd "$work/snapshotter"
    # Its own go.mod replaces client/v8 with ./client, which the module zip
    # lacks, so `go install ...@version` refuses it: build it from the
    # wrapper module, which requires client/v8 at the same version.
    go build -trimpath -ldflags "-s -w -X main.version=$SNAPSHOTTER_VERSION" -o "$bindir/snapshot-controller.tmp" \
      github.com/kubernetes-csi/external-snapshotter/v8/cmd/snapshot-controller
    # The CRDs ship in the client module (config/crd); only the three
    # snapshot.storage.k8s.io ones: group snapshots are switched off (up.sh).
    crddir=$(go mod download -json github.com/kubernetes-csi/external-snapshotter/client/v8 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -d "$crddir/config/crd" ] || { echo "error: no config/crd in the snapshotter client module ($crddir)" >&2; exit 1; }
    rm -rf "$bindir/snapshot-crds.tmp"
    mkdir "$bindir/snapshot-crds.tmp"
    for c in "${snap_crds[@]}"; do
      cp "$crddir/config/crd/snapshot.storage.k8s.io_$c.yaml" "$bindir/snapshot-crds.tmp/"
    done
    rm -rf "$bindir/snapshot-crds" && mv "$bindir/snapshot-crds.tmp" "$bindir/snapshot-crds"
    mv "$bindir/snapshot-controller.tmp" "$bindir/snapshot-controller"
    echo "$SNAPSHOTTER_VERSION" >"$bindir/snapshot-controller.version"
  )
fi
if [ ! -x "$bindir/volume-sim" ] || [ "$(cat "$bindir/volume-sim.hash" 2>/dev/null)" != "$sim_hash" ]; then
  log "building volume-sim ($sim_hash)"
  go build -trimpath -ldflags "-s -w" -o "$bindir/volume-sim.tmp" ./cmd/volume-sim
  # rename, never overwrite in place: a running cluster keeps its old binary.
  mv "$bindir/volume-sim.tmp" "$bindir/volume-sim"
  echo "$sim_hash" >"$bindir/volume-sim.hash"
fi
log "built in $(( $(date +%s) - start ))s into $bindir"
echo "$bindir"
