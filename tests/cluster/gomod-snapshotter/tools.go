//go:build tools

// Package tools pins the snapshot-controller that tests/cluster/build.sh
// builds, and the client module (same version) whose config/crd it copies.
package tools

import (
	_ "github.com/kubernetes-csi/external-snapshotter/client/v8/apis/volumesnapshot/v1"
	_ "github.com/kubernetes-csi/external-snapshotter/v8/cmd/snapshot-controller"
)
