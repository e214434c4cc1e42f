#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl and kwok
# from their Go modules (Go module proxy only) into a cache outside the
# repository, keyed by version, plus volume-sim (gomod/cmd/volume-sim), keyed
# by a hash of its source. A second run finds them and returns at once.
# Prints the binary directory on stdout; logs go to stderr.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"

cache=${KSTS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-sts}
bindir="$cache/bin/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
bins=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)
sim_hash=$(cd "$here/gomod" && find cmd/volume-sim -type f | LC_ALL=C sort | xargs cat go.mod go.sum | sha256sum | cut -c1-16)

complete() {
  for b in "${bins[@]}"; do [ -x "$bindir/$b" ] || return 1; done
  [ -x "$bindir/volume-sim" ] && [ "$(cat "$bindir/volume-sim.hash" 2>/dev/null)" = "$sim_hash" ]
}
if complete; then echo "$bindir"; exit 0; fi

command -v go >/dev/null || { echo "error: go is required to build the test control plane" >&2; exit 1; }
mkdir -p "$bindir"
log() { echo "[build] $*" >&2; }
# Two callers (e.g. two clusters started at once) must not build into the
# same files: the second waits, then finds everything built.
exec 9>"$cache/build.lock"
if ! flock -n 9; then
  log "another build is running; waiting for it"
  flock 9
fi
if complete; then echo "$bindir"; exit 0; fi
start=$(date +%s)

# One build tree per run; the binaries land in the versioned bindir.
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$here/gomod/go.mod" "$here/gomod/go.sum" "$here/gomod/tools.go" "$work/"
cp -R "$here/gomod/cmd" "$work/"

minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ver_flags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ver_flags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ver_flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$now"
done

export CGO_ENABLED=0 GOFLAGS=-mod=readonly
cd "$work"
for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  if [ ! -x "$bindir/$cmd" ]; then
    log "building $cmd $K8S_VERSION"
    go build -trimpath -ldflags "-s -w $ver_flags" -o "$bindir/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd"
    mv "$bindir/$cmd.tmp" "$bindir/$cmd"
  fi
done
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
if [ ! -x "$bindir/volume-sim" ] || [ "$(cat "$bindir/volume-sim.hash" 2>/dev/null)" != "$sim_hash" ]; then
  log "building volume-sim ($sim_hash)"
  go build -trimpath -ldflags "-s -w" -o "$bindir/volume-sim.tmp" ./cmd/volume-sim
  # rename, never overwrite in place: a running cluster keeps its old binary.
  mv "$bindir/volume-sim.tmp" "$bindir/volume-sim"
  echo "$sim_hash" >"$bindir/volume-sim.hash"
fi
log "built in $(( $(date +%s) - start ))s into $bindir"
echo "$bindir"
