package main

// Provisioning a claim from a VolumeSnapshot, as kubernetes-csi/
// external-provisioner (v6.4.0, getSnapshotSource) checks it: the PV is
// created only once the snapshot is bound, ready, of the class's driver and
// not larger than the request; the PV then records where it came from.

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/labels"
)

const (
	// PV annotations naming the snapshot a restored volume came from.
	annRestoredFrom       = "ksts.test/restored-from"
	annRestoredFromHandle = "ksts.test/restored-from-handle"
	// external-provisioner's finalizer on a snapshot it is restoring from.
	finSnapshotAsSource = "provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection"
)

func everything() labels.Selector { return labels.Everything() }

// snapshotSource names the VolumeSnapshot a claim is to be restored from
// (spec.dataSource, else spec.dataSourceRef), or "" when it has none.
func snapshotSource(pvc *corev1.PersistentVolumeClaim) (namespace, name string) {
	if ds := pvc.Spec.DataSource; ds != nil {
		if ds.Kind == "VolumeSnapshot" && ds.APIGroup != nil && *ds.APIGroup == snapshotGroup {
			return pvc.Namespace, ds.Name
		}
		return "", ""
	}
	if ds := pvc.Spec.DataSourceRef; ds != nil && ds.Kind == "VolumeSnapshot" && ds.APIGroup != nil && *ds.APIGroup == snapshotGroup {
		ns := pvc.Namespace
		if ds.Namespace != nil && *ds.Namespace != "" {
			ns = *ds.Namespace
		}
		return ns, ds.Name
	}
	return "", ""
}

// restoreVerdict is what a restore may do now.
type restoreVerdict int

const (
	restoreOK     restoreVerdict = iota
	restoreWait                  // the snapshot may still become usable: retry
	restoreRefuse                // it never will for this claim: no PV
)

// checkRestore decides, with external-provisioner's checks and messages,
// whether a claim requesting `request` of a class `class` whose driver is
// `driver` may be
// provisioned from snapshot snap whose bound content is ct
// (nil: not found). It returns the snapshot handle on restoreOK.
func checkRestore(snap *volumeSnapshot, ct *content, class, driver string, request resource.Quantity) (restoreVerdict, string, string) {
	if snap.DeletionTimestamp != nil && !hasString(snap.Finalizers, finSnapshotAsSource) {
		return restoreRefuse, "", fmt.Sprintf("snapshot %s is being deleted", snap.Name)
	}
	if snap.Status == nil || snap.Status.BoundVolumeSnapshotContentName == nil {
		return restoreWait, "", fmt.Sprintf("snapshot %s not bound", snap.Name)
	}
	bound := *snap.Status.BoundVolumeSnapshotContentName
	if ct == nil {
		return restoreWait, "", fmt.Sprintf("error getting snapshotcontent %s for snapshot %s", bound, snap.Name)
	}
	ref := ct.Spec.VolumeSnapshotRef
	if ref.UID != snap.UID || ref.Namespace != snap.Namespace || ref.Name != snap.Name {
		return restoreRefuse, "", fmt.Sprintf("snapshotcontent %s for snapshot %s is bound to a different snapshot", bound, snap.Name)
	}
	if ct.Spec.Driver != driver {
		return restoreRefuse, "", fmt.Sprintf("snapshotcontent %s for snapshot %s is not handled by CSI driver of StorageClass %s", bound, snap.Name, class)
	}
	if snap.Status.ReadyToUse == nil || !*snap.Status.ReadyToUse {
		return restoreWait, "", fmt.Sprintf("snapshot %s is not Ready", snap.Name)
	}
	if ct.Status == nil || ct.Status.SnapshotHandle == nil {
		return restoreWait, "", fmt.Sprintf("snapshot handle %s is not available", snap.Name)
	}
	if snap.Status.RestoreSize != nil {
		size, err := resource.ParseQuantity(*snap.Status.RestoreSize)
		if err != nil {
			return restoreRefuse, "", fmt.Sprintf("snapshot %s has an invalid restoreSize %q", snap.Name, *snap.Status.RestoreSize)
		}
		if request.Value() < size.Value() {
			return restoreRefuse, "", fmt.Sprintf("requested volume size %d is less than the size %d for the source snapshot %s", request.Value(), size.Value(), snap.Name)
		}
	}
	return restoreOK, *ct.Status.SnapshotHandle, ""
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// restoreSource reads the snapshot and content a claim restores from (from
// the informers) and applies checkRestore.
func (c *controller) restoreSource(ns, name, class, driver string, request resource.Quantity) (restoreVerdict, string, string) {
	var snap *volumeSnapshot
	if obj, err := c.snapshots.ByNamespace(ns).Get(name); err == nil {
		var s volumeSnapshot
		if fromUnstructured(obj, &s) == nil {
			snap = &s
		}
	}
	var ct *content
	if snap != nil && snap.Status != nil && snap.Status.BoundVolumeSnapshotContentName != nil {
		if obj, err := c.contents.Get(*snap.Status.BoundVolumeSnapshotContentName); err == nil {
			var x content
			if fromUnstructured(obj, &x) == nil {
				ct = &x
			}
		}
	}
	if snap == nil {
		return restoreWait, "", fmt.Sprintf("error getting snapshot %s from api server: not found", name)
	}
	return checkRestore(snap, ct, class, driver, request)
}
