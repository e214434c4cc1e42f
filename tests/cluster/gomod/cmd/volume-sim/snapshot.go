package main

// The CSI snapshotter sidecar (kubernetes-csi/external-snapshotter's
// pkg/sidecar-controller, v8.7.0) for the simulated drivers: the real
// snapshot-controller creates a VolumeSnapshotContent for each dynamic
// VolumeSnapshot; for the contents of a driver named in --snapshotter this
// code "cuts" the snapshot and writes the content's status, or removes the
// content's finalizer once the snapshot-controller has marked it for
// deletion. The objects are read and written with the dynamic client, in
// the sidecar's order of steps, annotations and patches.

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/klog/v2"
)

var (
	gvrSnapshots = schema.GroupVersionResource{Group: "snapshot.storage.k8s.io", Version: "v1", Resource: "volumesnapshots"}
	gvrContents  = schema.GroupVersionResource{Group: "snapshot.storage.k8s.io", Version: "v1", Resource: "volumesnapshotcontents"}
	gvrClasses   = schema.GroupVersionResource{Group: "snapshot.storage.k8s.io", Version: "v1", Resource: "volumesnapshotclasses"}
)

const (
	snapshotGroup = "snapshot.storage.k8s.io"

	// Finalizer the snapshot-controller puts on every bound content; the
	// sidecar removes it once the snapshot is gone from the storage.
	finContentBound = "snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection"
	// Set by the snapshot-controller on a content it wants deleted.
	annBeingDeleted = "snapshot.storage.kubernetes.io/volumesnapshot-being-deleted"
	// Set by the sidecar while a CreateSnapshot call is outstanding.
	annBeingCreated = "snapshot.storage.kubernetes.io/volumesnapshot-being-created"

	// A claim or PV with this label makes snapshots of it fail.
	labelSnapshotFail = "ksts.test/snapshot-fail"
	// VolumeSnapshotClass parameter: how long a new snapshot stays
	// readyToUse=false (Go duration, default 1s).
	paramReadyDelay = "readyDelay"
)

// content is the part of a VolumeSnapshotContent that the sidecar reads.
type content struct {
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		Driver                  string                 `json:"driver"`
		DeletionPolicy          string                 `json:"deletionPolicy"`
		VolumeSnapshotClassName *string                `json:"volumeSnapshotClassName,omitempty"`
		VolumeSnapshotRef       corev1.ObjectReference `json:"volumeSnapshotRef"`
		Source                  struct {
			VolumeHandle   *string `json:"volumeHandle,omitempty"`
			SnapshotHandle *string `json:"snapshotHandle,omitempty"`
		} `json:"source"`
	} `json:"spec"`
	Status *contentStatus `json:"status,omitempty"`
}

// contentStatus is VolumeSnapshotContentStatus (creationTime in Unix ns,
// restoreSize in bytes).
type contentStatus struct {
	SnapshotHandle            *string        `json:"snapshotHandle,omitempty"`
	CreationTime              *int64         `json:"creationTime,omitempty"`
	RestoreSize               *int64         `json:"restoreSize,omitempty"`
	ReadyToUse                *bool          `json:"readyToUse,omitempty"`
	Error                     *snapshotError `json:"error,omitempty"`
	VolumeGroupSnapshotHandle *string        `json:"volumeGroupSnapshotHandle,omitempty"`
}

type snapshotError struct {
	Time    *metav1.Time `json:"time,omitempty"`
	Message *string      `json:"message,omitempty"`
}

// volumeSnapshot is the part of a VolumeSnapshot that a restore reads.
type volumeSnapshot struct {
	metav1.ObjectMeta `json:"metadata"`
	Status            *snapshotStatus `json:"status,omitempty"`
}

// snapshotStatus is the part of VolumeSnapshotStatus a restore reads
// (restoreSize: a quantity).
type snapshotStatus struct {
	BoundVolumeSnapshotContentName *string `json:"boundVolumeSnapshotContentName,omitempty"`
	ReadyToUse                     *bool   `json:"readyToUse,omitempty"`
	RestoreSize                    *string `json:"restoreSize,omitempty"`
}

type snapshotClass struct {
	metav1.ObjectMeta `json:"metadata"`
	Driver            string            `json:"driver"`
	Parameters        map[string]string `json:"parameters,omitempty"`
}

func fromUnstructured(obj any, out any) error {
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return fmt.Errorf("unexpected object %T", obj)
	}
	return runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, out)
}

// contentStep is what the sidecar does next with a content.
type contentStep int

const (
	stepNone    contentStep = iota // not ours, or nothing left to do
	stepDelete                     // delete the snapshot (policy Delete), then drop the finalizer
	stepRelease                    // drop the finalizer only (policy Retain, or nothing cut)
	stepCreate                     // call CreateSnapshot (again): new, or not ready yet
	stepCheck                      // pre-provisioned: ask the storage for the status
	stepReady                      // ready: only clear a leftover being-created annotation
)

// nextStep decides, as syncContent and shouldDelete of the sidecar do, what
// to do with content c for the drivers this program serves (a set of
// driver names).
func nextStep(c *content, drivers map[string]bool) contentStep {
	if !drivers[c.Spec.Driver] {
		return stepNone
	}
	if c.DeletionTimestamp != nil {
		_, creating := c.Annotations[annBeingCreated]
		_, deleting := c.Annotations[annBeingDeleted]
		preUnbound := c.Spec.Source.SnapshotHandle != nil && c.Spec.VolumeSnapshotRef.UID == ""
		if !preUnbound && (creating || !deleting) {
			return stepNone // wait for the CreateSnapshot answer, or for the snapshot-controller
		}
		if c.Spec.DeletionPolicy == "Delete" && c.Status != nil && c.Status.SnapshotHandle != nil &&
			c.Status.VolumeGroupSnapshotHandle == nil {
			return stepDelete
		}
		return stepRelease
	}
	if c.Spec.Source.VolumeHandle != nil && c.Status == nil {
		return stepCreate
	}
	if c.Status != nil && c.Status.ReadyToUse != nil && *c.Status.ReadyToUse {
		return stepReady
	}
	if c.Spec.Source.SnapshotHandle != nil {
		return stepCheck
	}
	if c.Spec.Source.VolumeHandle != nil {
		return stepCreate
	}
	return stepNone
}

// contentChangeMatters is the sidecar's ShouldEnqueueContentChange: an
// update of a content is worth a sync when it is a resync (same
// resourceVersion), when the content just turned ready, or when something
// other than its status, managed fields, finalizers and the sidecar's own
// being-created annotation changed. Without it the sidecar's own patches
// would requeue the content in a loop while a snapshot is not ready.
func contentChangeMatters(old, cur *unstructured.Unstructured) bool {
	if old.GetResourceVersion() == cur.GetResourceVersion() {
		return true
	}
	ready := func(u *unstructured.Unstructured) bool {
		r, _, _ := unstructured.NestedBool(u.Object, "status", "readyToUse")
		return r
	}
	if !ready(old) && ready(cur) {
		return true
	}
	s := cur.DeepCopy()
	s.SetResourceVersion(old.GetResourceVersion())
	if st, ok := old.Object["status"]; ok {
		s.Object["status"] = runtime.DeepCopyJSONValue(st)
	} else {
		delete(s.Object, "status")
	}
	s.SetManagedFields(old.GetManagedFields())
	s.SetFinalizers(old.GetFinalizers())
	ann := s.GetAnnotations()
	if v, ok := old.GetAnnotations()[annBeingCreated]; ok {
		if ann == nil {
			ann = map[string]string{}
		}
		ann[annBeingCreated] = v
	} else {
		delete(ann, annBeingCreated)
	}
	if len(ann) == 0 {
		ann = nil
	}
	s.SetAnnotations(ann)
	oldAnn := old.GetAnnotations()
	if len(oldAnn) == 0 {
		o := old.DeepCopy()
		o.SetAnnotations(nil)
		old = o
	}
	return !equality.Semantic.DeepEqual(old.Object, s.Object)
}

// snapshotHandle is the simulated storage's ID of the snapshot for content
// c: derived from the VolumeSnapshot's UID (the sidecar's snapshot name is
// "snapshot-<uid>"), so that a repeated CreateSnapshot returns the same one.
func snapshotHandle(c *content) string {
	return "ksts-snapshot-" + string(c.Spec.VolumeSnapshotRef.UID)
}

// readyDelay reads a VolumeSnapshotClass's readyDelay parameter (default 1s).
func readyDelay(params map[string]string) time.Duration {
	if s := params[paramReadyDelay]; s != "" {
		if d, err := time.ParseDuration(s); err == nil && d >= 0 {
			return d
		}
	}
	return time.Second
}

// csiError is a final CreateSnapshot error (gRPC code + description).
type csiError struct{ code, desc string }

func (e csiError) Error() string {
	return fmt.Sprintf("rpc error: code = %s desc = %s", e.code, e.desc)
}

// cutSnapshot plays the driver's CreateSnapshot: the source volume is the PV
// with that CSI volume handle; a fail label on it or its claim makes the
// call fail. It returns the handle, creation time, size in bytes and
// readiness: a snapshot is ready readyDelay after it was first cut (the
// content's status keeps the creation time across calls and restarts).
func (c *controller) cutSnapshot(ct *content, delay time.Duration, now time.Time) (string, time.Time, int64, bool, error) {
	handle := *ct.Spec.Source.VolumeHandle
	var pv *corev1.PersistentVolume
	if all, err := c.pvs.List(everything()); err == nil {
		for _, v := range all {
			if v.Spec.CSI != nil && v.Spec.CSI.Driver == ct.Spec.Driver && v.Spec.CSI.VolumeHandle == handle {
				pv = v
				break
			}
		}
	}
	if pv == nil {
		return "", time.Time{}, 0, false, csiError{"NotFound", fmt.Sprintf("source volume %s not found", handle)}
	}
	if pv.Labels[labelSnapshotFail] == "true" {
		return "", time.Time{}, 0, false, csiError{"Internal", fmt.Sprintf("simulated failure: PersistentVolume %s is labelled %s=true", pv.Name, labelSnapshotFail)}
	}
	if ref := pv.Spec.ClaimRef; ref != nil {
		if claim, err := c.pvcs.PersistentVolumeClaims(ref.Namespace).Get(ref.Name); err == nil && claim.Labels[labelSnapshotFail] == "true" {
			return "", time.Time{}, 0, false, csiError{"Internal", fmt.Sprintf("simulated failure: PersistentVolumeClaim %s/%s is labelled %s=true", ref.Namespace, ref.Name, labelSnapshotFail)}
		}
	}
	created := now
	if ct.Status != nil && ct.Status.CreationTime != nil {
		created = time.Unix(0, *ct.Status.CreationTime)
	}
	size := pv.Spec.Capacity[corev1.ResourceStorage]
	return snapshotHandle(ct), created, size.Value(), !now.Before(created.Add(delay)), nil
}

func (c *controller) syncContent(ctx context.Context, name string) error {
	obj, err := c.contents.Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	var ct content
	if err := fromUnstructured(obj, &ct); err != nil {
		return err
	}
	switch nextStep(&ct, c.snapshotters) {
	case stepDelete:
		// DeleteSnapshot succeeds at once (nothing is stored); then the
		// status loses its snapshot, as clearVolumeContentStatus does.
		klog.InfoS("snapshot deleted", "content", name, "handle", *ct.Status.SnapshotHandle)
		cleared, err := c.clearContentStatus(ctx, name)
		if err != nil {
			c.recorder.Event(obj, corev1.EventTypeWarning, "SnapshotDeleteError", "Failed to clear content status")
			return err
		}
		return c.removeContentFinalizer(ctx, cleared)
	case stepRelease:
		return c.removeContentFinalizer(ctx, &ct)
	case stepCreate:
		return c.createSnapshot(ctx, obj, &ct)
	case stepCheck:
		// A pre-provisioned content names a snapshot this storage never cut.
		msg := fmt.Sprintf("Failed to check and update snapshot content: failed to list snapshot for content %s: %q", name,
			csiError{"NotFound", "snapshot " + *ct.Spec.Source.SnapshotHandle + " not found"}.Error())
		return c.contentError(ctx, obj, &ct, "SnapshotContentCheckandUpdateFailed", msg)
	case stepReady:
		return c.patchContent(ctx, &ct, removeAnnotationPatch(ct.Annotations, annBeingCreated), "")
	}
	return nil
}

// createSnapshot is the sidecar's createSnapshotWrapper.
func (c *controller) createSnapshot(ctx context.Context, obj any, ct *content) error {
	if ct.Spec.VolumeSnapshotClassName == nil {
		msg := fmt.Sprintf("Failed to create snapshot: failed to get input parameters to create snapshot for content %s: %q",
			ct.Name, fmt.Sprintf("failed to take snapshot %s without a snapshot class", ct.Name))
		return c.contentError(ctx, obj, ct, "SnapshotCreationFailed", msg)
	}
	var class snapshotClass
	clsObj, err := c.snapClasses.Get(*ct.Spec.VolumeSnapshotClassName)
	if err == nil {
		err = fromUnstructured(clsObj, &class)
	}
	if err != nil {
		msg := fmt.Sprintf("Failed to create snapshot: failed to get input parameters to create snapshot for content %s: %q", ct.Name, err.Error())
		return c.contentError(ctx, obj, ct, "SnapshotCreationFailed", msg)
	}
	if _, ok := ct.Annotations[annBeingCreated]; !ok {
		ann := map[string]string{}
		for k, v := range ct.Annotations {
			ann[k] = v
		}
		ann[annBeingCreated] = "yes"
		if err := c.patchContent(ctx, ct, []patchOp{{Op: "replace", Path: "/metadata/annotations", Value: ann}}, ""); err != nil {
			return err
		}
		ct.Annotations = ann
	}
	handle, created, size, ready, err := c.cutSnapshot(ct, readyDelay(class.Parameters), time.Now())
	if err != nil {
		// A final error: the storage is known not to be cutting it.
		if perr := c.patchContent(ctx, ct, removeAnnotationPatch(ct.Annotations, annBeingCreated), ""); perr != nil {
			return perr
		}
		msg := fmt.Sprintf("Failed to create snapshot: failed to take snapshot of the volume %s: %q", *ct.Spec.Source.VolumeHandle, err.Error())
		return c.contentError(ctx, obj, ct, "SnapshotCreationFailed", msg)
	}
	if err := c.updateContentStatus(ctx, ct.Name, handle, ready, created.UnixNano(), size); err != nil {
		return err
	}
	if err := c.patchContent(ctx, ct, removeAnnotationPatch(ct.Annotations, annBeingCreated), ""); err != nil {
		return err
	}
	if !ready {
		klog.InfoS("snapshot cut, not ready yet", "content", ct.Name, "handle", handle)
		return errRequeue(time.Until(created.Add(readyDelay(class.Parameters))) + 50*time.Millisecond)
	}
	klog.InfoS("snapshot ready", "content", ct.Name, "handle", handle, "size", size)
	return nil
}

// updateContentStatus is the sidecar's updateSnapshotContentStatus: fields
// already set stay; readyToUse follows the storage; ready clears an error.
func (c *controller) updateContentStatus(ctx context.Context, name, handle string, ready bool, createdAt, size int64) error {
	u, err := c.dyn.Resource(gvrContents).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	var ct content
	if err := fromUnstructured(u, &ct); err != nil {
		return err
	}
	st := ct.Status
	updated := false
	if st == nil {
		st = &contentStatus{SnapshotHandle: &handle, ReadyToUse: &ready, CreationTime: &createdAt}
		if size > 0 {
			st.RestoreSize = &size
		}
		updated = true
	} else {
		if st.SnapshotHandle == nil {
			st.SnapshotHandle, updated = &handle, true
		}
		if st.ReadyToUse == nil || *st.ReadyToUse != ready {
			st.ReadyToUse, updated = &ready, true
			if ready {
				st.Error = nil
			}
		}
		if st.CreationTime == nil {
			st.CreationTime, updated = &createdAt, true
		}
		if st.RestoreSize == nil && size > 0 {
			st.RestoreSize, updated = &size, true
		}
	}
	if !updated {
		return nil
	}
	return c.patchContent(ctx, &ct, []patchOp{{Op: "replace", Path: "/status", Value: st}}, "status")
}

// contentError is updateContentErrorStatusWithEvent: status.error and
// readyToUse=false (once per message) and a Warning event; the content is
// retried with backoff, as the sidecar does.
func (c *controller) contentError(ctx context.Context, obj any, ct *content, reason, msg string) error {
	if ct.Status != nil && ct.Status.Error != nil && ct.Status.Error.Message != nil && *ct.Status.Error.Message == msg {
		return fmt.Errorf("content %s: %s", ct.Name, msg)
	}
	ready := false
	e := &snapshotError{Time: &metav1.Time{Time: time.Now()}, Message: &msg}
	var ops []patchOp
	if ct.Status == nil {
		ops = []patchOp{{Op: "replace", Path: "/status", Value: &contentStatus{ReadyToUse: &ready, Error: e}}}
	} else {
		ops = []patchOp{{Op: "replace", Path: "/status/error", Value: e}, {Op: "replace", Path: "/status/readyToUse", Value: &ready}}
	}
	err := c.patchContent(ctx, ct, ops, "status")
	if r, ok := obj.(runtime.Object); ok {
		c.recorder.Event(r, corev1.EventTypeWarning, reason, msg)
	}
	if err != nil {
		return err
	}
	return fmt.Errorf("content %s: %s", ct.Name, msg)
}

func (c *controller) clearContentStatus(ctx context.Context, name string) (*content, error) {
	u, err := c.dyn.Resource(gvrContents).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	for _, f := range []string{"snapshotHandle", "readyToUse", "creationTime", "restoreSize"} {
		unstructured.RemoveNestedField(u.Object, "status", f)
	}
	u, err = c.dyn.Resource(gvrContents).UpdateStatus(ctx, u, metav1.UpdateOptions{})
	if err != nil {
		return nil, err
	}
	var ct content
	return &ct, fromUnstructured(u, &ct)
}

func (c *controller) removeContentFinalizer(ctx context.Context, ct *content) error {
	var keep []string
	found := false
	for _, f := range ct.Finalizers {
		if f == finContentBound {
			found = true
			continue
		}
		keep = append(keep, f)
	}
	if !found {
		return nil
	}
	if keep == nil {
		keep = []string{}
	}
	if err := c.patchContent(ctx, ct, []patchOp{{Op: "replace", Path: "/metadata/finalizers", Value: keep}}, ""); err != nil {
		return err
	}
	klog.InfoS("removed the content finalizer", "content", ct.Name)
	return nil
}

type patchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value,omitempty"`
}

// removeAnnotationPatch removes annotation key if present (nil: no patch).
func removeAnnotationPatch(ann map[string]string, key string) []patchOp {
	if _, ok := ann[key]; !ok {
		return nil
	}
	return []patchOp{{Op: "remove", Path: "/metadata/annotations/" + jsonPointerEscape(key)}}
}

func jsonPointerEscape(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '~':
			out = append(out, '~', '0')
		case '/':
			out = append(out, '~', '1')
		default:
			out = append(out, s[i])
		}
	}
	return string(out)
}

// patchContent sends a JSON patch (as the sidecar does); no ops: nothing.
func (c *controller) patchContent(ctx context.Context, ct *content, ops []patchOp, subresource string) error {
	if len(ops) == 0 {
		return nil
	}
	data, err := json.Marshal(ops)
	if err != nil {
		return err
	}
	var sub []string
	if subresource != "" {
		sub = []string{subresource}
	}
	_, err = c.dyn.Resource(gvrContents).Patch(ctx, ct.Name, types.JSONPatchType, data, metav1.PatchOptions{}, sub...)
	return err
}
