package main

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func ptr[T any](v T) *T { return &v }

func TestNextStep(t *testing.T) {
	drivers := map[string]bool{"volume-sim.ksts.test": true}
	mk := func(f func(*content)) *content {
		c := &content{}
		c.Spec.Driver = "volume-sim.ksts.test"
		c.Spec.DeletionPolicy = "Delete"
		c.Spec.VolumeSnapshotRef.UID = "u1"
		c.Spec.Source.VolumeHandle = ptr("ksts-vol-1")
		f(c)
		return c
	}
	now := metav1.Now()
	cut := &contentStatus{SnapshotHandle: ptr("h"), ReadyToUse: ptr(true)}
	tests := []struct {
		name string
		c    *content
		want contentStep
	}{
		{"other driver", mk(func(c *content) { c.Spec.Driver = "other" }), stepNone},
		{"new dynamic content", mk(func(*content) {}), stepCreate},
		{"not ready yet", mk(func(c *content) { c.Status = &contentStatus{SnapshotHandle: ptr("h"), ReadyToUse: ptr(false)} }), stepCreate},
		{"failed before", mk(func(c *content) { c.Status = &contentStatus{ReadyToUse: ptr(false), Error: &snapshotError{}} }), stepCreate},
		{"ready", mk(func(c *content) { c.Status = cut }), stepReady},
		{"pre-provisioned, no status", mk(func(c *content) {
			c.Spec.Source.VolumeHandle = nil
			c.Spec.Source.SnapshotHandle = ptr("h")
		}), stepCheck},
		{"deleted, controller has not marked it", mk(func(c *content) { c.DeletionTimestamp = &now; c.Status = cut }), stepNone},
		{"deleted while being created", mk(func(c *content) {
			c.DeletionTimestamp = &now
			c.Annotations = map[string]string{annBeingDeleted: "yes", annBeingCreated: "yes"}
		}), stepNone},
		{"deleted, policy Delete, cut", mk(func(c *content) {
			c.DeletionTimestamp = &now
			c.Annotations = map[string]string{annBeingDeleted: "yes"}
			c.Status = cut
		}), stepDelete},
		{"deleted, policy Retain", mk(func(c *content) {
			c.DeletionTimestamp = &now
			c.Annotations = map[string]string{annBeingDeleted: "yes"}
			c.Spec.DeletionPolicy = "Retain"
			c.Status = cut
		}), stepRelease},
		{"deleted, never cut", mk(func(c *content) {
			c.DeletionTimestamp = &now
			c.Annotations = map[string]string{annBeingDeleted: "yes"}
		}), stepRelease},
		{"pre-provisioned, unbound, deleted", mk(func(c *content) {
			c.DeletionTimestamp = &now
			c.Spec.VolumeSnapshotRef.UID = ""
			c.Spec.Source.VolumeHandle = nil
			c.Spec.Source.SnapshotHandle = ptr("h")
			c.Status = &contentStatus{SnapshotHandle: ptr("h")}
		}), stepDelete},
	}
	for _, tt := range tests {
		if got := nextStep(tt.c, drivers); got != tt.want {
			t.Errorf("%s: nextStep = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCheckRestore(t *testing.T) {
	gi := resource.MustParse("1Gi")
	mk := func(f func(*volumeSnapshot, *content)) (*volumeSnapshot, *content) {
		s := &volumeSnapshot{}
		s.Name, s.Namespace, s.UID = "snap", "ns", "u1"
		s.Status = &snapshotStatus{ptr("snapcontent-u1"), ptr(true), ptr("1Gi")}
		c := &content{}
		c.Name = "snapcontent-u1"
		c.Spec.Driver = "volume-sim.ksts.test"
		c.Spec.VolumeSnapshotRef = corev1.ObjectReference{Name: "snap", Namespace: "ns", UID: "u1"}
		c.Status = &contentStatus{SnapshotHandle: ptr("ksts-snapshot-u1")}
		f(s, c)
		return s, c
	}
	now := metav1.Now()
	tests := []struct {
		name    string
		f       func(*volumeSnapshot, *content)
		request string
		want    restoreVerdict
		msg     string
	}{
		{"ready, same size", func(*volumeSnapshot, *content) {}, "1Gi", restoreOK, ""},
		{"ready, larger request", func(*volumeSnapshot, *content) {}, "2Gi", restoreOK, ""},
		{"smaller request", func(*volumeSnapshot, *content) {}, "512Mi", restoreRefuse,
			"requested volume size 536870912 is less than the size 1073741824 for the source snapshot snap"},
		{"not ready", func(s *volumeSnapshot, _ *content) { s.Status.ReadyToUse = ptr(false) }, "1Gi", restoreWait, "snapshot snap is not Ready"},
		{"not bound", func(s *volumeSnapshot, _ *content) { s.Status.BoundVolumeSnapshotContentName = nil }, "1Gi", restoreWait, "snapshot snap not bound"},
		{"no status", func(s *volumeSnapshot, _ *content) { s.Status = nil }, "1Gi", restoreWait, "snapshot snap not bound"},
		{"other driver", func(_ *volumeSnapshot, c *content) { c.Spec.Driver = "other.example.com" }, "1Gi", restoreRefuse,
			"snapshotcontent snapcontent-u1 for snapshot snap is not handled by CSI driver of StorageClass standard"},
		{"content of another snapshot", func(_ *volumeSnapshot, c *content) { c.Spec.VolumeSnapshotRef.UID = "u2" }, "1Gi", restoreRefuse,
			"snapshotcontent snapcontent-u1 for snapshot snap is bound to a different snapshot"},
		{"being deleted", func(s *volumeSnapshot, _ *content) { s.DeletionTimestamp = &now }, "1Gi", restoreRefuse, "snapshot snap is being deleted"},
		{"being deleted, restore under way", func(s *volumeSnapshot, _ *content) {
			s.DeletionTimestamp = &now
			s.Finalizers = []string{finSnapshotAsSource}
		}, "1Gi", restoreOK, ""},
		{"no handle", func(_ *volumeSnapshot, c *content) { c.Status = nil }, "1Gi", restoreWait, "snapshot handle snap is not available"},
	}
	for _, tt := range tests {
		s, c := mk(tt.f)
		got, handle, msg := checkRestore(s, c, "standard", "volume-sim.ksts.test", resource.MustParse(tt.request))
		if got != tt.want || msg != tt.msg {
			t.Errorf("%s: checkRestore = %v %q, want %v %q", tt.name, got, msg, tt.want, tt.msg)
		}
		if got == restoreOK && handle != "ksts-snapshot-u1" {
			t.Errorf("%s: handle %q", tt.name, handle)
		}
	}
	// A missing content of a bound snapshot: wait.
	s, _ := mk(func(*volumeSnapshot, *content) {})
	if got, _, _ := checkRestore(s, nil, "standard", "volume-sim.ksts.test", gi); got != restoreWait {
		t.Errorf("missing content: %v", got)
	}
}

func TestSnapshotSource(t *testing.T) {
	group := ptr(snapshotGroup)
	tests := []struct {
		name     string
		spec     corev1.PersistentVolumeClaimSpec
		ns, snap string
	}{
		{"none", corev1.PersistentVolumeClaimSpec{}, "", ""},
		{"dataSource", corev1.PersistentVolumeClaimSpec{DataSource: &corev1.TypedLocalObjectReference{APIGroup: group, Kind: "VolumeSnapshot", Name: "s"}}, "ns", "s"},
		{"dataSource of a claim", corev1.PersistentVolumeClaimSpec{DataSource: &corev1.TypedLocalObjectReference{Kind: "PersistentVolumeClaim", Name: "c"}}, "", ""},
		{"dataSource without group", corev1.PersistentVolumeClaimSpec{DataSource: &corev1.TypedLocalObjectReference{Kind: "VolumeSnapshot", Name: "s"}}, "", ""},
		{"dataSourceRef", corev1.PersistentVolumeClaimSpec{DataSourceRef: &corev1.TypedObjectReference{APIGroup: group, Kind: "VolumeSnapshot", Name: "s"}}, "ns", "s"},
		{"dataSourceRef, other namespace", corev1.PersistentVolumeClaimSpec{DataSourceRef: &corev1.TypedObjectReference{APIGroup: group, Kind: "VolumeSnapshot", Name: "s", Namespace: ptr("other")}}, "other", "s"},
	}
	for _, tt := range tests {
		pvc := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Namespace: "ns"}, Spec: tt.spec}
		if ns, snap := snapshotSource(pvc); ns != tt.ns || snap != tt.snap {
			t.Errorf("%s: snapshotSource = %q %q, want %q %q", tt.name, ns, snap, tt.ns, tt.snap)
		}
	}
}

func TestReadyDelay(t *testing.T) {
	tests := []struct {
		params map[string]string
		want   time.Duration
	}{
		{nil, time.Second},
		{map[string]string{paramReadyDelay: "5s"}, 5 * time.Second},
		{map[string]string{paramReadyDelay: "0s"}, 0},
		{map[string]string{paramReadyDelay: "soon"}, time.Second},
		{map[string]string{paramReadyDelay: "-1s"}, time.Second},
	}
	for _, tt := range tests {
		if got := readyDelay(tt.params); got != tt.want {
			t.Errorf("readyDelay(%v) = %v, want %v", tt.params, got, tt.want)
		}
	}
}

func TestContentChangeMatters(t *testing.T) {
	base := func() *unstructured.Unstructured {
		return &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "snapshot.storage.k8s.io/v1", "kind": "VolumeSnapshotContent",
			"metadata": map[string]any{"name": "c", "resourceVersion": "1", "finalizers": []any{finContentBound}},
			"spec":     map[string]any{"driver": "volume-sim.ksts.test"},
			"status":   map[string]any{"readyToUse": false},
		}}
	}
	tests := []struct {
		name string
		edit func(u *unstructured.Unstructured)
		want bool
	}{
		{"resync", func(*unstructured.Unstructured) {}, true},
		{"status only", func(u *unstructured.Unstructured) {
			u.SetResourceVersion("2")
			u.Object["status"] = map[string]any{"readyToUse": false, "snapshotHandle": "h"}
		}, false},
		{"turned ready", func(u *unstructured.Unstructured) {
			u.SetResourceVersion("2")
			u.Object["status"] = map[string]any{"readyToUse": true}
		}, true},
		{"being-created annotation", func(u *unstructured.Unstructured) {
			u.SetResourceVersion("2")
			u.SetAnnotations(map[string]string{annBeingCreated: "yes"})
		}, false},
		{"finalizer removed", func(u *unstructured.Unstructured) {
			u.SetResourceVersion("2")
			u.SetFinalizers(nil)
		}, false},
		{"being-deleted annotation", func(u *unstructured.Unstructured) {
			u.SetResourceVersion("2")
			u.SetAnnotations(map[string]string{annBeingDeleted: "yes"})
		}, true},
		{"deletion", func(u *unstructured.Unstructured) {
			u.SetResourceVersion("2")
			now := metav1.Now()
			u.SetDeletionTimestamp(&now)
		}, true},
	}
	for _, tt := range tests {
		old, cur := base(), base()
		tt.edit(cur)
		if got := contentChangeMatters(old, cur); got != tt.want {
			t.Errorf("%s: contentChangeMatters = %v, want %v", tt.name, got, tt.want)
		}
	}
}
