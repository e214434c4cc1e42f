// Command volume-sim plays the storage side of the kubectl-sts test cluster,
// where no CSI driver and no kubelet exist (kwok fakes the nodes), for one or
// more simulated CSI drivers (--provisioner, comma-separated):
//
//   - an external provisioner: for a PVC whose StorageClass names one of the
//     drivers, it creates a CSI PersistentVolume (spec.csi: that driver, a
//     unique volumeHandle) pre-bound to the claim (as
//     kubernetes-csi/external-provisioner does); kube-controller-manager's PV
//     controller then completes the binding. Released volumes with reclaim
//     policy Delete are deleted again. A claim whose dataSource (or
//     dataSourceRef) is a VolumeSnapshot is provisioned once the snapshot is
//     ready, with external-provisioner's checks (restore.go).
//   - an external resizer: when a Bound PVC asks for more storage than its
//     status.capacity and its class allows expansion, it goes through the
//     states kubernetes-csi/external-resizer (with RecoverVolumeExpansionFailure)
//     and the kubelet would write: condition Resizing with
//     allocatedResourceStatuses=ControllerResizeInProgress, then the PV's
//     spec.capacity grows, then either the resize finishes at once
//     (resizeMode "online") or the claim waits in FileSystemResizePending /
//     NodeResizePending until a pod that mounts it is started after that point
//     (resizeMode "offline", like a driver without online node expansion).
//   - the CSI snapshotter sidecar, for the drivers named in --snapshotter
//     (snapshot.go): it cuts the snapshots of the VolumeSnapshotContents that
//     the real snapshot-controller creates, and lets deleted ones go.
//
// kube-controller-manager's expand controller finds no expandable plugin for
// these CSI volumes (its CSI plugin does not expand on the controller side),
// so it only emits an ExternalExpanding event and never writes the claim: the
// two do not fight. The drivers' CSIDriver objects (up.sh) say
// attachRequired: false, so the attach/detach controller creates no
// VolumeAttachments either.
//
// StorageClass parameters read here (the class must name one of the drivers):
//
//	resizeMode:  online (default) | offline
//	resizeDelay: Go duration the controller-side expansion takes (default 1s),
//	             so that a test can see the Resizing state.
//
// VolumeSnapshotClass parameter (the class's driver must be a snapshotter):
//
//	readyDelay: Go duration from cutting a snapshot to readyToUse=true
//	            (default 1s), so that a test can see it not ready first.
//
// A source claim or PV labelled ksts.test/snapshot-fail: "true" makes
// CreateSnapshot fail (content status.error, readyToUse=false). A PV restored
// from a snapshot is annotated ksts.test/restored-from: <namespace>/<snapshot>
// and ksts.test/restored-from-handle: <snapshotHandle>.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	storagelisters "k8s.io/client-go/listers/storage/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
)

const (
	annStorageProvisioner     = "volume.kubernetes.io/storage-provisioner"
	annBetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner"
	annSelectedNode           = "volume.kubernetes.io/selected-node"
	annProvisionedBy          = "pv.kubernetes.io/provisioned-by"

	paramResizeMode  = "resizeMode"
	paramResizeDelay = "resizeDelay"

	msgFSResizePending = "Waiting for user to (re-)start a pod to finish file system resize of volume on node."
)

type controller struct {
	client kubernetes.Interface
	dyn    dynamic.Interface
	// drivers: the CSI driver (provisioner) names served; snapshotters: those
	// of them whose snapshots this program cuts.
	drivers      map[string]bool
	snapshotters map[string]bool
	recorder     record.EventRecorder

	pvcs    corelisters.PersistentVolumeClaimLister
	pvs     corelisters.PersistentVolumeLister
	pods    corelisters.PodLister
	classes storagelisters.StorageClassLister
	// VolumeSnapshots, VolumeSnapshotContents and VolumeSnapshotClasses.
	snapshots   cache.GenericLister
	contents    cache.GenericLister
	snapClasses cache.GenericLister

	claims       workqueue.TypedRateLimitingInterface[string]
	volumes      workqueue.TypedRateLimitingInterface[string]
	contentQueue workqueue.TypedRateLimitingInterface[string]

	// podsAtResize remembers, per claim UID, which pods mounted the claim when
	// it entered FileSystemResizePending: only a pod outside that set counts
	// as "restarted". After a restart of this program the condition's
	// timestamp is used instead.
	mu           sync.Mutex
	podsAtResize map[types.UID]sets.Set[types.UID]
}

func main() {
	var kubeconfig, provisioners, snapshotters, healthAddr string
	flag.StringVar(&kubeconfig, "kubeconfig", "", "kubeconfig of the cluster")
	flag.StringVar(&provisioners, "provisioner", "volume-sim.ksts.test", "comma-separated CSI driver (provisioner) names that StorageClasses use")
	flag.StringVar(&snapshotters, "snapshotter", "", "comma-separated drivers (of --provisioner) whose VolumeSnapshotContents this program serves as the CSI snapshotter sidecar (empty: none; the snapshot.storage.k8s.io CRDs must exist otherwise)")
	flag.StringVar(&healthAddr, "health-address", "", "host:port to serve /healthz on (empty: none)")
	klog.InitFlags(nil)
	flag.Parse()

	drivers, snaps := nameSet(provisioners), nameSet(snapshotters)
	for d := range snaps {
		if !drivers[d] {
			fmt.Fprintf(os.Stderr, "volume-sim: --snapshotter %s is not one of --provisioner %s\n", d, provisioners)
			os.Exit(2)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, kubeconfig, drivers, snaps, healthAddr); err != nil {
		klog.ErrorS(err, "volume-sim failed")
		os.Exit(1)
	}
}

// nameSet splits a comma-separated list into a set (empty items dropped).
func nameSet(list string) map[string]bool {
	out := map[string]bool{}
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out[s] = true
		}
	}
	return out
}

func run(ctx context.Context, kubeconfig string, drivers, snapshotters map[string]bool, healthAddr string) error {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return err
	}
	cfg.UserAgent = "volume-sim"
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return err
	}

	broadcaster := record.NewBroadcaster(record.WithContext(ctx))
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: client.CoreV1().Events("")})
	defer broadcaster.Shutdown()

	factory := informers.NewSharedInformerFactory(client, 30*time.Second)
	dynFactory := dynamicinformer.NewDynamicSharedInformerFactory(dyn, 30*time.Second)
	c := &controller{
		client:       client,
		dyn:          dyn,
		drivers:      drivers,
		snapshotters: snapshotters,
		recorder:     broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "volume-sim"}),
		pvcs:         factory.Core().V1().PersistentVolumeClaims().Lister(),
		pvs:          factory.Core().V1().PersistentVolumes().Lister(),
		pods:         factory.Core().V1().Pods().Lister(),
		classes:      factory.Storage().V1().StorageClasses().Lister(),
		claims:       workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
		volumes:      workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
		// The sidecar's default retry interval: 1 s doubling up to 5 min.
		contentQueue: workqueue.NewTypedRateLimitingQueue(workqueue.NewTypedItemExponentialFailureRateLimiter[string](time.Second, 5*time.Minute)),
		podsAtResize: map[types.UID]sets.Set[types.UID]{},
	}
	defer c.claims.ShutDown()
	defer c.volumes.ShutDown()
	defer c.contentQueue.ShutDown()

	enqueueClaim := func(obj any) {
		if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
			c.claims.Add(key)
		}
	}
	enqueueVolume := func(obj any) {
		if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
			c.volumes.Add(key)
		}
	}
	// A pod start is what finishes an offline resize: requeue its claims.
	enqueuePodClaims := func(obj any) {
		pod, ok := obj.(*corev1.Pod)
		if !ok {
			return
		}
		for _, v := range pod.Spec.Volumes {
			if v.PersistentVolumeClaim != nil {
				c.claims.Add(pod.Namespace + "/" + v.PersistentVolumeClaim.ClaimName)
			}
		}
	}
	handlers := []struct {
		inf cache.SharedIndexInformer
		h   cache.ResourceEventHandlerFuncs
	}{
		{factory.Core().V1().PersistentVolumeClaims().Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc: enqueueClaim, UpdateFunc: func(_, n any) { enqueueClaim(n) }, DeleteFunc: enqueueClaim}},
		{factory.Core().V1().PersistentVolumes().Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc: enqueueVolume, UpdateFunc: func(_, n any) { enqueueVolume(n) }}},
		{factory.Core().V1().Pods().Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc: enqueuePodClaims, UpdateFunc: func(_, n any) { enqueuePodClaims(n) }}},
		{factory.Storage().V1().StorageClasses().Informer(), cache.ResourceEventHandlerFuncs{}},
	}
	if len(snapshotters) > 0 {
		enqueueContent := func(obj any) {
			if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
				c.contentQueue.Add(key)
			}
		}
		// A snapshot that changes (turns ready, say) may unblock the claims
		// restored from it.
		enqueueRestores := func(obj any) {
			u, ok := obj.(metav1.Object)
			if !ok {
				return
			}
			claims, err := c.pvcs.PersistentVolumeClaims(u.GetNamespace()).List(labels.Everything())
			if err != nil {
				return
			}
			for _, pvc := range claims {
				if ns, name := snapshotSource(pvc); ns == u.GetNamespace() && name == u.GetName() && pvc.Spec.VolumeName == "" {
					c.claims.Add(pvc.Namespace + "/" + pvc.Name)
				}
			}
		}
		snaps, contents, classes := dynFactory.ForResource(gvrSnapshots), dynFactory.ForResource(gvrContents), dynFactory.ForResource(gvrClasses)
		c.snapshots, c.contents, c.snapClasses = snaps.Lister(), contents.Lister(), classes.Lister()
		handlers = append(handlers, []struct {
			inf cache.SharedIndexInformer
			h   cache.ResourceEventHandlerFuncs
		}{
			{contents.Informer(), cache.ResourceEventHandlerFuncs{
				AddFunc: enqueueContent,
				UpdateFunc: func(o, n any) {
					ou, ok1 := o.(*unstructured.Unstructured)
					nu, ok2 := n.(*unstructured.Unstructured)
					if !ok1 || !ok2 || contentChangeMatters(ou, nu) {
						enqueueContent(n)
					}
				}}},
			{snaps.Informer(), cache.ResourceEventHandlerFuncs{
				AddFunc: enqueueRestores, UpdateFunc: func(_, n any) { enqueueRestores(n) }}},
			{classes.Informer(), cache.ResourceEventHandlerFuncs{}},
		}...)
	}
	for _, h := range handlers {
		if _, err := h.inf.AddEventHandler(h.h); err != nil {
			return err
		}
	}

	var synced atomic.Bool
	if healthAddr != "" {
		ln, err := net.Listen("tcp", healthAddr)
		if err != nil {
			return err
		}
		srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			if !synced.Load() {
				http.Error(w, "caches not synced", http.StatusServiceUnavailable)
				return
			}
			_, _ = w.Write([]byte("ok"))
		})}
		go func() { _ = srv.Serve(ln) }()
		defer func() { _ = srv.Close() }()
	}

	factory.Start(ctx.Done())
	defer factory.Shutdown()
	dynFactory.Start(ctx.Done())
	defer dynFactory.Shutdown()
	for typ, ok := range factory.WaitForCacheSync(ctx.Done()) {
		if !ok {
			return fmt.Errorf("cache for %v did not sync", typ)
		}
	}
	for gvr, ok := range dynFactory.WaitForCacheSync(ctx.Done()) {
		if !ok {
			return fmt.Errorf("cache for %v did not sync (are the snapshot CRDs installed?)", gvr)
		}
	}
	synced.Store(true)
	klog.InfoS("volume-sim running", "drivers", sets.KeySet(drivers).UnsortedList(), "snapshotters", sets.KeySet(snapshotters).UnsortedList())

	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { worker(ctx, c.claims, c.syncClaim) })
	}
	wg.Go(func() { worker(ctx, c.volumes, c.syncVolume) })
	if len(snapshotters) > 0 {
		wg.Go(func() { worker(ctx, c.contentQueue, c.syncContent) })
	}
	<-ctx.Done()
	c.claims.ShutDown()
	c.volumes.ShutDown()
	c.contentQueue.ShutDown()
	wg.Wait()
	return nil
}

// errRequeue asks for the key to be processed again after the given delay.
type errRequeue time.Duration

func (e errRequeue) Error() string { return fmt.Sprintf("requeue after %v", time.Duration(e)) }

func worker(ctx context.Context, q workqueue.TypedRateLimitingInterface[string], sync func(context.Context, string) error) {
	for {
		key, quit := q.Get()
		if quit {
			return
		}
		err := sync(ctx, key)
		var rq errRequeue
		switch {
		case err == nil:
			q.Forget(key)
		case errors.As(err, &rq):
			q.Forget(key)
			q.AddAfter(key, time.Duration(rq))
		default:
			if !apierrors.IsConflict(err) {
				klog.ErrorS(err, "sync failed, retrying", "key", key)
			}
			q.AddRateLimited(key)
		}
		q.Done(key)
	}
}

func (c *controller) syncClaim(ctx context.Context, key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil
	}
	pvc, err := c.pvcs.PersistentVolumeClaims(ns).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if pvc.DeletionTimestamp != nil {
		return nil
	}
	if pvc.Spec.VolumeName == "" {
		return c.provision(ctx, pvc)
	}
	if pvc.Status.Phase != corev1.ClaimBound {
		return nil
	}
	return c.resize(ctx, pvc)
}

func (c *controller) class(name *string) *storagev1.StorageClass {
	if name == nil || *name == "" {
		return nil
	}
	sc, err := c.classes.Get(*name)
	if err != nil || !c.drivers[sc.Provisioner] {
		return nil
	}
	return sc
}

func (c *controller) provision(ctx context.Context, pvc *corev1.PersistentVolumeClaim) error {
	// The PV controller names the provisioner in this annotation once it has
	// decided that the claim needs dynamic provisioning.
	p := pvc.Annotations[annStorageProvisioner]
	if p == "" {
		p = pvc.Annotations[annBetaStorageProvisioner]
	}
	if !c.drivers[p] {
		return nil
	}
	sc := c.class(pvc.Spec.StorageClassName)
	if sc == nil || sc.Provisioner != p {
		return nil
	}
	if sc.VolumeBindingMode != nil && *sc.VolumeBindingMode == storagev1.VolumeBindingWaitForFirstConsumer &&
		pvc.Annotations[annSelectedNode] == "" {
		return nil // wait for the scheduler to pick a node
	}
	size, ok := pvc.Spec.Resources.Requests[corev1.ResourceStorage]
	if !ok {
		c.recorder.Event(pvc, corev1.EventTypeWarning, "ProvisioningFailed", "claim has no storage request")
		return nil
	}
	pvName := "pvc-" + string(pvc.UID)
	if _, err := c.pvs.Get(pvName); err == nil {
		return nil
	}
	annotations := map[string]string{annProvisionedBy: sc.Provisioner}
	if ns, name := snapshotSource(pvc); name != "" {
		if c.snapshots == nil {
			c.recorder.Eventf(pvc, corev1.EventTypeWarning, "ProvisioningFailed",
				"failed to provision volume with StorageClass %q: volume-sim runs without --snapshotter, it cannot restore snapshot %s", sc.Name, name)
			return nil
		}
		verdict, handle, msg := c.restoreSource(ns, name, sc.Name, sc.Provisioner, size)
		if verdict != restoreOK {
			// external-provisioner's message. It retries after 1 s (its
			// first retry interval) while waiting, every 30 s after a
			// refusal; a change of the snapshot requeues the claim at once.
			c.recorder.Eventf(pvc, corev1.EventTypeWarning, "ProvisioningFailed",
				"failed to provision volume with StorageClass %q: error getting handle for DataSource Type VolumeSnapshot by Name %s: %s", sc.Name, name, msg)
			if verdict == restoreRefuse {
				return errRequeue(30 * time.Second)
			}
			return errRequeue(time.Second)
		}
		annotations[annRestoredFrom] = ns + "/" + name
		annotations[annRestoredFromHandle] = handle
	}
	reclaim := corev1.PersistentVolumeReclaimDelete
	if sc.ReclaimPolicy != nil {
		reclaim = *sc.ReclaimPolicy
	}
	mode := corev1.PersistentVolumeFilesystem
	if pvc.Spec.VolumeMode != nil {
		mode = *pvc.Spec.VolumeMode
	}
	pv := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{
			Name:        pvName,
			Annotations: annotations,
		},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: size},
			AccessModes:                   pvc.Spec.AccessModes,
			VolumeMode:                    &mode,
			PersistentVolumeReclaimPolicy: reclaim,
			StorageClassName:              sc.Name,
			MountOptions:                  sc.MountOptions,
			ClaimRef: &corev1.ObjectReference{
				Kind: "PersistentVolumeClaim", APIVersion: "v1",
				Namespace: pvc.Namespace, Name: pvc.Name, UID: pvc.UID, ResourceVersion: pvc.ResourceVersion,
			},
			// Nothing mounts it (there is no kubelet). A CSI volume, as the
			// snapshot-controller requires for dynamic snapshots; its
			// CSIDriver's attachRequired: false keeps the attach/detach
			// controller from making VolumeAttachments for it.
			PersistentVolumeSource: corev1.PersistentVolumeSource{
				CSI: &corev1.CSIPersistentVolumeSource{Driver: sc.Provisioner, VolumeHandle: "ksts-vol-" + string(pvc.UID)},
			},
		},
	}
	_, err := c.client.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil // created by an earlier sync that the informer has not shown yet
	}
	if err != nil {
		c.recorder.Eventf(pvc, corev1.EventTypeWarning, "ProvisioningFailed", "failed to create volume %s: %v", pvName, err)
		return err
	}
	c.recorder.Eventf(pvc, corev1.EventTypeNormal, "ProvisioningSucceeded", "Successfully provisioned volume %s", pvName)
	klog.InfoS("provisioned", "pvc", klog.KObj(pvc), "pv", pvName, "size", size.String())
	return nil
}

func (c *controller) syncVolume(ctx context.Context, name string) error {
	pv, err := c.pvs.Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if pv.DeletionTimestamp != nil || !c.drivers[pv.Annotations[annProvisionedBy]] ||
		pv.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimDelete ||
		pv.Status.Phase != corev1.VolumeReleased {
		return nil
	}
	// The PV controller leaves Released volumes of external provisioners to them.
	rv := pv.ResourceVersion
	err = c.client.CoreV1().PersistentVolumes().Delete(ctx, name, metav1.DeleteOptions{
		Preconditions: &metav1.Preconditions{UID: &pv.UID, ResourceVersion: &rv},
	})
	if err != nil && !apierrors.IsNotFound(err) {
		return err
	}
	klog.InfoS("deleted released volume", "pv", name)
	return nil
}

func condition(pvc *corev1.PersistentVolumeClaim, t corev1.PersistentVolumeClaimConditionType) *corev1.PersistentVolumeClaimCondition {
	for i := range pvc.Status.Conditions {
		if pvc.Status.Conditions[i].Type == t && pvc.Status.Conditions[i].Status == corev1.ConditionTrue {
			return &pvc.Status.Conditions[i]
		}
	}
	return nil
}

// setResizeConditions replaces the resize-related conditions, keeping others.
func setResizeConditions(pvc *corev1.PersistentVolumeClaim, conds ...corev1.PersistentVolumeClaimCondition) {
	var out []corev1.PersistentVolumeClaimCondition
	for _, cnd := range pvc.Status.Conditions {
		switch cnd.Type {
		case corev1.PersistentVolumeClaimResizing, corev1.PersistentVolumeClaimFileSystemResizePending,
			corev1.PersistentVolumeClaimControllerResizeError, corev1.PersistentVolumeClaimNodeResizeError:
		default:
			out = append(out, cnd)
		}
	}
	pvc.Status.Conditions = append(out, conds...)
}

func setResizeStatus(pvc *corev1.PersistentVolumeClaim, s corev1.ClaimResourceStatus) {
	if s == "" {
		delete(pvc.Status.AllocatedResourceStatuses, corev1.ResourceStorage)
		if len(pvc.Status.AllocatedResourceStatuses) == 0 {
			pvc.Status.AllocatedResourceStatuses = nil
		}
		return
	}
	if pvc.Status.AllocatedResourceStatuses == nil {
		pvc.Status.AllocatedResourceStatuses = map[corev1.ResourceName]corev1.ClaimResourceStatus{}
	}
	pvc.Status.AllocatedResourceStatuses[corev1.ResourceStorage] = s
}

func (c *controller) resize(ctx context.Context, cached *corev1.PersistentVolumeClaim) error {
	sc := c.class(cached.Spec.StorageClassName)
	if sc == nil {
		return nil
	}
	pv, err := c.pvs.Get(cached.Spec.VolumeName)
	if err != nil || pv.Annotations[annProvisionedBy] != sc.Provisioner {
		return nil
	}
	pvc := cached.DeepCopy()
	want := pvc.Spec.Resources.Requests[corev1.ResourceStorage]
	have := pvc.Status.Capacity[corev1.ResourceStorage]
	allocated := pvc.Status.AllocatedResources[corev1.ResourceStorage]
	status := pvc.Status.AllocatedResourceStatuses[corev1.ResourceStorage]
	nodePending := status == corev1.PersistentVolumeClaimNodeResizePending ||
		condition(pvc, corev1.PersistentVolumeClaimFileSystemResizePending) != nil
	controllerBusy := status == corev1.PersistentVolumeClaimControllerResizeInProgress ||
		condition(pvc, corev1.PersistentVolumeClaimResizing) != nil

	switch {
	case nodePending && want.Cmp(allocated) <= 0:
		// Node-side step: an offline expansion finishes once a pod is (re)started.
		if !c.restartedSinceResize(pvc) {
			return nil // a pod event requeues the claim
		}
		return c.finish(ctx, pvc, pv.Spec.Capacity[corev1.ResourceStorage])

	case controllerBusy:
		// Controller-side step: grow the PV once the class's delay has passed.
		if cnd := condition(pvc, corev1.PersistentVolumeClaimResizing); cnd != nil {
			if left := time.Until(cnd.LastTransitionTime.Add(resizeDelay(sc))); left > 0 {
				return errRequeue(left)
			}
		}
		target := allocated
		if want.Cmp(target) > 0 || target.IsZero() {
			target = want // the request grew again meanwhile
		}
		if pvCap := pv.Spec.Capacity[corev1.ResourceStorage]; pvCap.Cmp(target) < 0 {
			pvNew := pv.DeepCopy()
			pvNew.Spec.Capacity[corev1.ResourceStorage] = target
			if _, err := c.client.CoreV1().PersistentVolumes().Update(ctx, pvNew, metav1.UpdateOptions{}); err != nil {
				return err
			}
		}
		if pvc.Status.AllocatedResources == nil {
			pvc.Status.AllocatedResources = corev1.ResourceList{}
		}
		pvc.Status.AllocatedResources[corev1.ResourceStorage] = target
		if sc.Parameters[paramResizeMode] != "offline" {
			c.recorder.Event(pvc, corev1.EventTypeNormal, "VolumeResizeSuccessful", "Resize volume succeeded")
			return c.finish(ctx, pvc, target)
		}
		c.rememberPods(pvc)
		now := metav1.Now()
		setResizeConditions(pvc, corev1.PersistentVolumeClaimCondition{
			Type: corev1.PersistentVolumeClaimFileSystemResizePending, Status: corev1.ConditionTrue,
			LastProbeTime: now, LastTransitionTime: now, Message: msgFSResizePending,
		})
		setResizeStatus(pvc, corev1.PersistentVolumeClaimNodeResizePending)
		if _, err := c.client.CoreV1().PersistentVolumeClaims(pvc.Namespace).UpdateStatus(ctx, pvc, metav1.UpdateOptions{}); err != nil {
			c.forgetPods(pvc)
			return err
		}
		c.recorder.Event(pvc, corev1.EventTypeNormal, "FileSystemResizeRequired", "Require file system resize of volume on node")
		klog.InfoS("controller resize done, waiting for a pod restart", "pvc", klog.KObj(pvc), "size", target.String())
		return nil

	case !have.IsZero() && want.Cmp(have) > 0:
		// A request above the current capacity: start a resize.
		if sc.AllowVolumeExpansion == nil || !*sc.AllowVolumeExpansion {
			return nil // the PersistentVolumeClaimResize admission plugin normally prevents this
		}
		now := metav1.Now()
		setResizeConditions(pvc, corev1.PersistentVolumeClaimCondition{
			Type: corev1.PersistentVolumeClaimResizing, Status: corev1.ConditionTrue,
			LastProbeTime: now, LastTransitionTime: now,
		})
		if pvc.Status.AllocatedResources == nil {
			pvc.Status.AllocatedResources = corev1.ResourceList{}
		}
		pvc.Status.AllocatedResources[corev1.ResourceStorage] = want
		setResizeStatus(pvc, corev1.PersistentVolumeClaimControllerResizeInProgress)
		if _, err := c.client.CoreV1().PersistentVolumeClaims(pvc.Namespace).UpdateStatus(ctx, pvc, metav1.UpdateOptions{}); err != nil {
			return err
		}
		c.forgetPods(pvc)
		c.recorder.Eventf(pvc, corev1.EventTypeNormal, "Resizing", "External resizer is resizing volume %s", pv.Name)
		klog.InfoS("resize started", "pvc", klog.KObj(pvc), "from", have.String(), "to", want.String())
		return errRequeue(resizeDelay(sc))
	}
	return nil
}

func (c *controller) finish(ctx context.Context, pvc *corev1.PersistentVolumeClaim, size resource.Quantity) error {
	if pvc.Status.Capacity == nil {
		pvc.Status.Capacity = corev1.ResourceList{}
	}
	pvc.Status.Capacity[corev1.ResourceStorage] = size
	setResizeConditions(pvc)
	setResizeStatus(pvc, "")
	if _, err := c.client.CoreV1().PersistentVolumeClaims(pvc.Namespace).UpdateStatus(ctx, pvc, metav1.UpdateOptions{}); err != nil {
		return err
	}
	c.forgetPods(pvc)
	klog.InfoS("resize finished", "pvc", klog.KObj(pvc), "size", size.String())
	return nil
}

func resizeDelay(sc *storagev1.StorageClass) time.Duration {
	if s := sc.Parameters[paramResizeDelay]; s != "" {
		if d, err := time.ParseDuration(s); err == nil && d >= 0 {
			return d
		}
	}
	return time.Second
}

// mountingPods lists the live pods that use the claim.
func (c *controller) mountingPods(pvc *corev1.PersistentVolumeClaim) []*corev1.Pod {
	pods, err := c.pods.Pods(pvc.Namespace).List(labels.Everything())
	if err != nil {
		return nil
	}
	var out []*corev1.Pod
	for _, p := range pods {
		if p.DeletionTimestamp != nil || p.Status.Phase != corev1.PodRunning {
			continue
		}
		for _, v := range p.Spec.Volumes {
			if v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName == pvc.Name {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

func (c *controller) rememberPods(pvc *corev1.PersistentVolumeClaim) {
	s := sets.New[types.UID]()
	for _, p := range c.mountingPods(pvc) {
		s.Insert(p.UID)
	}
	c.mu.Lock()
	c.podsAtResize[pvc.UID] = s
	c.mu.Unlock()
}

func (c *controller) forgetPods(pvc *corev1.PersistentVolumeClaim) {
	c.mu.Lock()
	delete(c.podsAtResize, pvc.UID)
	c.mu.Unlock()
}

// restartedSinceResize tells whether a running pod that mounts the claim was
// started after the claim entered FileSystemResizePending.
func (c *controller) restartedSinceResize(pvc *corev1.PersistentVolumeClaim) bool {
	c.mu.Lock()
	before, known := c.podsAtResize[pvc.UID]
	c.mu.Unlock()
	cnd := condition(pvc, corev1.PersistentVolumeClaimFileSystemResizePending)
	for _, p := range c.mountingPods(pvc) {
		if known {
			if !before.Has(p.UID) {
				return true
			}
			continue
		}
		// Timestamps have a resolution of one second: require strictly later.
		if cnd == nil || p.CreationTimestamp.After(cnd.LastTransitionTime.Time) {
			return true
		}
	}
	return false
}
