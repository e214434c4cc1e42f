#!/usr/bin/env bash
# snapshot-smoke.sh NAME: checks volume snapshots end to end on the running
# test cluster NAME (tests/cluster/up.sh NAME): the real snapshot-controller
# with volume-sim as CSI driver and snapshotter. Works in a namespace of its
# own (and one VolumeSnapshotClass), removed at the end. Exit 0 when every
# check passed, 1 at the first failure (with what was seen), 2 on bad usage.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

[ $# -eq 1 ] || { echo "usage: $0 NAME" >&2; exit 2; }
ksts_check_name "$1"
envfile="$(ksts_state_root)/clusters/$1/env"
[ -f "$envfile" ] || { echo "error: cluster '$1' is not running (no $envfile); start it with tests/cluster/up.sh $1" >&2; exit 2; }
# shellcheck source=/dev/null
. "$envfile"

ns="snap-smoke-$$"
slow="slow-$ns"
k() { "$KSTS_KUBECTL" --request-timeout=10s "$@"; }
kn() { k -n "$ns" "$@"; }
ok() { echo "ok: $*"; }
fail() {
  echo "FAIL: $*" >&2
  echo "--- objects in $ns:" >&2
  kn get pvc,volumesnapshot -o wide >&2 || true
  echo "--- events in $ns:" >&2
  kn get events --sort-by=.lastTimestamp >&2 || true
  exit 1
}
# The namespace first: its snapshots still need their class while they go.
cleanup() {
  k delete namespace "$ns" --ignore-not-found --timeout=60s >/dev/null 2>&1 ||
    echo "warning: namespace $ns is still being deleted" >&2
  k delete volumesnapshotclass "$slow" --ignore-not-found --wait=false >/dev/null 2>&1 || true
}
trap cleanup EXIT

# until SECONDS WHAT COMMAND...: retry COMMAND every 0.2 s.
until_ok() {
  local limit=$(( SECONDS + $1 )) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $limit ] || fail "timed out waiting for $what"
    sleep 0.2
  done
}
jp() { kn get "$1" -o jsonpath="$2"; }
claim() { # NAME CLASS SIZE [SNAPSHOT] [LABELS-YAML]
  cat <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: $1
  namespace: $ns
  labels: {${5:-}}
spec:
  storageClassName: $2
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: $3}}
EOF
  if [ -n "${4:-}" ]; then
    echo "  dataSource: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: $4}"
  fi
}
snapshot() { # NAME CLAIM [CLASS]
  cat <<EOF
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: $1
  namespace: $ns
spec:
  source: {persistentVolumeClaimName: $2}
EOF
  if [ -n "${3:-}" ]; then echo "  volumeSnapshotClassName: $3"; fi
}
bound() { [ "$(jp "pvc/$1" '{.status.phase}')" = Bound ]; }
ready() { [ "$(jp "volumesnapshot/$1" '{.status.readyToUse}')" = true ]; }
has_error() { [ -n "$(jp "volumesnapshot/$1" '{.status.error.message}')" ]; }
event_with() { # OBJECT-NAME TEXT
  kn get events --field-selector "involvedObject.name=$1" -o jsonpath='{range .items[*]}{.message}{"\n"}{end}' | grep -qF -- "$2"
}

k create namespace "$ns" >/dev/null
ok "namespace $ns"
[ "$(k get volumesnapshotclass standard -o jsonpath='{.driver}/{.deletionPolicy}')" = volume-sim.ksts.test/Delete ] ||
  fail "VolumeSnapshotClass standard is not volume-sim.ksts.test/Delete"
[ "$(k get csidriver volume-sim.ksts.test -o jsonpath='{.spec.attachRequired}')" = false ] ||
  fail "CSIDriver volume-sim.ksts.test does not say attachRequired: false"

# 1. A claim of class standard is a CSI volume.
claim src standard 1Gi | k apply -f - >/dev/null
until_ok 30 "claim src Bound" bound src
pv=$(jp pvc/src '{.spec.volumeName}')
driver=$(k get pv "$pv" -o jsonpath='{.spec.csi.driver}')
vh=$(k get pv "$pv" -o jsonpath='{.spec.csi.volumeHandle}')
[ "$driver" = volume-sim.ksts.test ] && [ -n "$vh" ] || fail "PV $pv is not a CSI volume of volume-sim.ksts.test (driver '$driver', handle '$vh')"
ok "claim src Bound to CSI PV $pv (volumeHandle $vh)"

# 2. A snapshot of it (default class): not ready first, then ready with the
# claim's size.
t0=$SECONDS
snapshot snap1 src | k apply -f - >/dev/null
seen_unready=false
limit=$((SECONDS + 30))
until ready snap1; do
  [ "$(jp volumesnapshot/snap1 '{.status.readyToUse}')" = false ] && seen_unready=true
  [ $SECONDS -lt $limit ] || fail "snapshot snap1 not ready after 30 s"
  sleep 0.1
done
$seen_unready || fail "snapshot snap1 was never seen with readyToUse=false"
class=$(jp volumesnapshot/snap1 '{.spec.volumeSnapshotClassName}')
size=$(jp volumesnapshot/snap1 '{.status.restoreSize}')
content=$(jp volumesnapshot/snap1 '{.status.boundVolumeSnapshotContentName}')
handle=$(k get volumesnapshotcontent "$content" -o jsonpath='{.status.snapshotHandle}')
[ "$class" = standard ] || fail "snap1 got class '$class', not the default standard"
[ "$size" = 1Gi ] || fail "snap1 restoreSize '$size', want 1Gi"
[ -n "$handle" ] || fail "content $content has no snapshotHandle"
ok "snapshot snap1: readyToUse false, then true after $((SECONDS - t0)) s; class $class, restoreSize $size, content $content, handle $handle"

# 3. A failing snapshot: the fail label on the source claim.
claim bad standard 1Gi "" 'ksts.test/snapshot-fail: "true"' | k apply -f - >/dev/null
until_ok 30 "claim bad Bound" bound bad
snapshot snap-bad bad | k apply -f - >/dev/null
until_ok 30 "an error on snapshot snap-bad" has_error snap-bad
ready snap-bad && fail "snap-bad is ready despite the fail label"
ok "snapshot snap-bad: readyToUse=$(jp volumesnapshot/snap-bad '{.status.readyToUse}'), error: $(jp volumesnapshot/snap-bad '{.status.error.message}')"

# 4. A claim from snap1: Bound, and its PV says where it came from.
claim restored standard 1Gi snap1 | k apply -f - >/dev/null
until_ok 30 "claim restored Bound" bound restored
rpv=$(jp pvc/restored '{.spec.volumeName}')
from=$(k get pv "$rpv" -o jsonpath='{.metadata.annotations.ksts\.test/restored-from}')
fromh=$(k get pv "$rpv" -o jsonpath='{.metadata.annotations.ksts\.test/restored-from-handle}')
[ "$from" = "$ns/snap1" ] && [ "$fromh" = "$handle" ] || fail "PV $rpv: restored-from '$from', handle '$fromh'; want $ns/snap1, $handle"
ok "claim restored Bound to $rpv, restored-from $from, handle $fromh"

# A pod using it runs, and no VolumeAttachment appears (attachRequired: false).
kn apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  containers: [{name: c, image: registry.k8s.io/pause:3.10}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: restored}}]
EOF
until_ok 30 "pod user Running" sh -c "[ \"\$('$KSTS_KUBECTL' -n '$ns' get pod user -o jsonpath='{.status.phase}')\" = Running ]"
sleep 2
vas=$(k get volumeattachments -o jsonpath="{range .items[?(@.spec.source.persistentVolumeName==\"$rpv\")]}{.metadata.name} {end}")
[ -z "$vas" ] || fail "VolumeAttachments for $rpv: $vas"
ok "pod user Running on $(jp pod/user '{.spec.nodeName}'), no VolumeAttachment for $rpv"

# 5. Too small a claim from snap1: refused, no PV.
claim small standard 512Mi snap1 | k apply -f - >/dev/null
until_ok 30 "the refusal of claim small" event_with small "is less than the size"
sleep 1
[ -z "$(jp pvc/small '{.spec.volumeName}')" ] || fail "claim small got a volume"
ok "claim small (512Mi from a 1Gi snapshot) refused: $(kn get events --field-selector involvedObject.name=small,reason=ProvisioningFailed -o jsonpath='{.items[-1:].message}')"

# A claim of another driver's class from snap1: refused, no PV.
claim cross offline-resize 1Gi snap1 | k apply -f - >/dev/null
until_ok 30 "the refusal of claim cross" event_with cross "is not handled by CSI driver of StorageClass offline-resize"
[ -z "$(jp pvc/cross '{.spec.volumeName}')" ] || fail "claim cross got a volume"
ok "claim cross (class offline-resize, driver volume-sim-nosnap.ksts.test) from snap1 refused: $(kn get events --field-selector involvedObject.name=cross,reason=ProvisioningFailed -o jsonpath='{.items[-1:].message}')"

# 6. A claim from a snapshot that is not ready yet waits, then binds.
k apply -f - >/dev/null <<EOF
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotClass
metadata: {name: $slow}
driver: volume-sim.ksts.test
deletionPolicy: Delete
parameters: {readyDelay: 5s}
EOF
snapshot snap-slow src "$slow" | k apply -f - >/dev/null
claim early standard 1Gi snap-slow | k apply -f - >/dev/null
until_ok 10 "claim early waiting for snap-slow" event_with early "is not Ready"
bound early && fail "claim early bound before snap-slow was ready"
ready snap-slow && fail "snap-slow ready before its 5 s readyDelay"
until_ok 30 "claim early Bound" bound early
ok "claim early waited for snap-slow (event: is not Ready), then Bound"

# 7. Deleting snap1 removes the snapshot and its content. First the pending
# claims small and cross go: while a Pending claim names it as its source, the
# snapshot-controller keeps its volumesnapshot-as-source-protection finalizer
# (event SnapshotDeletePending "Snapshot is being used to restore a PVC").
kn delete pvc small cross --timeout=30s >/dev/null || fail "delete of claims small and cross did not finish"
k -n "$ns" delete volumesnapshot snap1 --timeout=30s >/dev/null || fail "delete of snap1 did not finish"
gone() { ! k get volumesnapshotcontent "$content" >/dev/null 2>&1; }
until_ok 30 "content $content deleted" gone
ok "snapshot snap1 and content $content deleted"

# 8. A claim of offline-resize (driver volume-sim-nosnap.ksts.test, no
# VolumeSnapshotClass): the snapshot gets no class and no content.
claim offl offline-resize 1Gi | k apply -f - >/dev/null
until_ok 30 "claim offl Bound" bound offl
[ "$(k get pv "$(jp pvc/offl '{.spec.volumeName}')" -o jsonpath='{.spec.csi.driver}')" = volume-sim-nosnap.ksts.test ] ||
  fail "claim offl is not on driver volume-sim-nosnap.ksts.test"
snapshot snap-off offl | k apply -f - >/dev/null
until_ok 30 "an error on snapshot snap-off" has_error snap-off
sleep 3
ready snap-off && fail "snap-off is ready"
[ -z "$(jp volumesnapshot/snap-off '{.status.boundVolumeSnapshotContentName}')" ] || fail "snap-off got a content"
ok "snapshot snap-off (offline-resize): readyToUse='$(jp volumesnapshot/snap-off '{.status.readyToUse}')', class='$(jp volumesnapshot/snap-off '{.spec.volumeSnapshotClassName}')', error: $(jp volumesnapshot/snap-off '{.status.error.message}')"
echo "events of snap-off:"
kn get events --field-selector involvedObject.name=snap-off -o jsonpath='{range .items[*]}  {.type} {.reason}: {.message}{"\n"}{end}'

echo "all snapshot checks passed on cluster '$1'"
