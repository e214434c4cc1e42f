#!/usr/bin/env bash
# up.sh NAME [VERSION]: start (or reuse) a local Kubernetes control plane for
# kubectl-sts on loopback: etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
# the CSI snapshot-controller (with the snapshot.storage.k8s.io CRDs), kwok
# (fake nodes and kubelets) and volume-sim (provisioner, resizer and snapshotter).
#
# Prints the kubeconfig path on stdout; everything else goes to stderr.
# State (certs, etcd data, logs, pid files) lives in
#   ${KSTS_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/kubectl-sts}/clusters/NAME
# Stop it with down.sh NAME. See README.md beside this file.
# VERSION (default $KSTS_K8S_VERSION, else K8S_VERSION of versions.env) is one
# of K8S_VERSIONS; a running cluster of another version is restarted.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"
# shellcheck source=lib.sh
. "$here/lib.sh"

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ "${1:0:1}" = - ]; then
  echo "usage: $0 NAME [VERSION]   (VERSION: one of $K8S_VERSIONS; default $K8S_VERSION)" >&2
  exit 2
fi
name=$1
ksts_check_name "$name"
k8s_version=${2:-${KSTS_K8S_VERSION:-$K8S_VERSION}}
k8s_minor=${k8s_version#v1.}; k8s_minor=${k8s_minor%%.*}

timeout_s=${KSTS_UP_TIMEOUT:-120}
root=$(ksts_state_root)
dir="$root/clusters/$name"
mkdir -p "$root/clusters" "$root/locks"

# One up/down of the same cluster at a time; port allocation is global.
exec 8>"$root/locks/$name.lock"
flock 8

start_time=$SECONDS
bindir=$("$here/build.sh" "$k8s_version")
kubectl="$bindir/kubectl"

# Is a previous run of this cluster still fully alive and serving?
healthy() {
  [ -f "$dir/ready" ] || return 1
  [ "$(cat "$dir/k8s-version" 2>/dev/null)" = "$k8s_version" ] || return 1
  # Started with another audit policy (or none, by an older up.sh): restart.
  cmp -s "$here/audit-policy.yaml" "$dir/conf/audit-policy.yaml" || return 1
  local c
  for c in "${KSTS_COMPONENTS[@]}"; do ksts_pid_alive "$dir" "$c" || return 1; done
  # shellcheck source=/dev/null
  . "$dir/ports"
  curl -fsS --max-time 3 --cacert "$dir/pki/ca.crt" --cert "$dir/pki/admin.crt" --key "$dir/pki/admin.key" \
    "https://127.0.0.1:$APISERVER_PORT/readyz" >/dev/null 2>&1
}
if [ -d "$dir" ] && healthy; then
  ksts_log "cluster '$name' is already running"
  echo "$dir/kubeconfig"
  exit 0
fi
[ ! -d "$dir" ] || ksts_log "cleaning stale state of cluster '$name'"
# Also when the dir is gone: processes may survive a deleted state dir.
ksts_stop_all "$dir"
rm -rf "$dir"

# From here on, a failure or an interrupt stops whatever was started.
mkdir -p "$dir"/{pki,conf,logs,pids,etcd}
chmod 700 "$dir" "$dir/etcd"
ok=false
cleanup() {
  local rc=$?
  if [ "$ok" != true ]; then
    ksts_log "start of cluster '$name' failed; stopping what was started"
    KSTS_STOP_GRACE=5 ksts_stop_all "$dir" || true
    if [ -z "${KSTS_KEEP_FAILED:-}" ]; then rm -rf "$dir"; else ksts_log "state kept in $dir"; fi
    [ $rc -ne 0 ] || rc=1
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- ports ------------------------------------------------------------------
# Each cluster gets a block of 10 consecutive loopback ports between 20000
# and 29999 (below Linux's ephemeral range). The search starts at a slot
# derived from the name, so a cluster tends to get the same ports each time,
# and skips blocks that another cluster's state dir has claimed or in which
# anything listens.
port_busy() {
  ss -Htln "sport = :$1" 2>/dev/null | grep -q . && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
claimed_bases() {
  local f
  for f in "$root"/clusters/*/ports; do
    [ -f "$f" ] && [ "$f" != "$dir/ports" ] && sed -n 's/^PORT_BASE=//p' "$f"
  done
  return 0
}
alloc_ports() {
  local slots=1000 start i slot base p busy claimed
  start=$(( $(printf '%s' "$name" | cksum | cut -d' ' -f1) % slots ))
  claimed=" $(claimed_bases | tr '\n' ' ') "
  for ((i = 0; i < slots; i++)); do
    slot=$(( (start + i) % slots ))
    base=$(( 20000 + slot * 10 ))
    [[ "$claimed" == *" $base "* ]] && continue
    busy=false
    for ((p = base; p < base + 9; p++)); do
      if port_busy "$p"; then busy=true; break; fi
    done
    $busy && continue
    echo "$base"
    return 0
  done
  return 1
}
# Serialize port allocation with up.sh runs of other clusters.
exec 9>"$root/locks/.ports.lock"
flock 9
base=$(alloc_ports) || { ksts_log "error: no free block of loopback ports in 20000-29999"; exit 1; }
cat >"$dir/ports" <<EOF
PORT_BASE=$base
ETCD_PORT=$base
ETCD_PEER_PORT=$((base + 1))
APISERVER_PORT=$((base + 2))
KCM_PORT=$((base + 3))
SCHEDULER_PORT=$((base + 4))
KWOK_PORT=$((base + 5))
VOLUME_SIM_PORT=$((base + 6))
CHECK_HTTP_PORT=$((base + 7))
SNAPSHOT_CONTROLLER_PORT=$((base + 8))
EOF
flock -u 9
exec 9>&-
# shellcheck source=/dev/null
. "$dir/ports"
ksts_log "cluster '$name': ports $base-$((base + 8)), state in $dir"

# --- certificates -------------------------------------------------------------
# One throw-away CA per cluster start. ECDSA P-256 keys: fast to make.
pki="$dir/pki"
newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
# cert NAME SUBJECT EXTENSIONS: a key and a certificate signed by the CA.
cert() {
  newkey "$pki/$1.key"
  openssl req -new -key "$pki/$1.key" -subj "$2" -out "$pki/$1.csr" 2>/dev/null
  printf '%s\n' "$3" >"$pki/$1.ext"
  openssl x509 -req -in "$pki/$1.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 365 -sha256 -extfile "$pki/$1.ext" -out "$pki/$1.crt" 2>/dev/null
  rm -f "$pki/$1.csr" "$pki/$1.ext"
}
newkey "$pki/ca.key"
openssl req -x509 -new -key "$pki/ca.key" -subj "/CN=kubectl-sts-$name-ca" -days 365 -sha256 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
  -out "$pki/ca.crt" 2>/dev/null
client_ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
cert apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
# Serving certificate for the controller-manager, scheduler and volume-sim health ports.
cert serving "/CN=localhost" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost"
cert admin "/O=system:masters/CN=ksts-admin" "$client_ext"
cert kwok "/O=system:masters/CN=ksts-kwok" "$client_ext"
cert volume-sim "/O=system:masters/CN=ksts-volume-sim" "$client_ext"
cert snapshot-controller "/O=system:masters/CN=ksts-snapshot-controller" "$client_ext"
# For the aggregation layer (the requestheader CA must be set, or the
# controller-manager and scheduler log errors about it for ever).
cert front-proxy-client "/CN=front-proxy-client" "$client_ext"
cert controller-manager "/CN=system:kube-controller-manager" "$client_ext"
cert scheduler "/CN=system:kube-scheduler" "$client_ext"
# Authenticated, but RBAC grants it nothing beyond discovery: for Forbidden tests.
cert noaccess "/CN=ksts-noaccess" "$client_ext"
newkey "$pki/sa.key"
openssl pkey -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
chmod 600 "$pki"/*.key

# --- kubeconfigs --------------------------------------------------------------
server="https://127.0.0.1:$APISERVER_PORT"
# kubeconfig FILE USER...: one context per user, the first one current.
kubeconfig() {
  local file=$1 user ctx current=""
  shift
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "clusters:"
    echo "- name: kubectl-sts-$name"
    echo "  cluster:"
    echo "    server: $server"
    echo "    certificate-authority: $pki/ca.crt"
    echo "users:"
    for user in "$@"; do
      echo "- name: ${user%%=*}"
      echo "  user:"
      echo "    client-certificate: $pki/${user#*=}.crt"
      echo "    client-key: $pki/${user#*=}.key"
    done
    echo "contexts:"
    for user in "$@"; do
      ctx=${user%%=*}
      current=${current:-$ctx}
      echo "- name: $ctx"
      echo "  context:"
      echo "    cluster: kubectl-sts-$name"
      echo "    user: $ctx"
      echo "    namespace: default"
    done
    echo "current-context: $current"
  } >"$file"
  chmod 600 "$file"
}
# The user-facing kubeconfig (contexts are named after their users).
kubeconfig "$dir/kubeconfig" "kubectl-sts-$name=admin" "kubectl-sts-$name-noaccess=noaccess"
# Private ones for the components, so that editing the user-facing one
# (e.g. switching its current context) cannot break the cluster.
for c in admin kwok volume-sim snapshot-controller controller-manager scheduler; do
  kubeconfig "$dir/conf/$c.kubeconfig" "$c=$c"
done

# --- processes ----------------------------------------------------------------
# start COMPONENT BINARY ARGS...: run in a new session (immune to the caller's
# terminal and signals), stdin closed and output to its log file, so that a
# caller doing $(up.sh) is not kept waiting for the pipe to close. The lock
# fds are closed too: an inherited fd would hold the flock for the cluster's
# whole life.
start() {
  local comp=$1 bin=$2 pid i
  shift 2
  setsid "$bin" "$@" </dev/null >"$dir/logs/$comp.log" 2>&1 8>&- 9>&- &
  pid=$!
  echo "$pid" >"$dir/pids/$comp.pid"
  # Until the child has exec'd, its command line is this script's, which
  # ksts_pid_alive would take for a dead component on a busy machine: wait
  # (at most 10 s) until it names the cluster dir or the process is gone.
  for ((i = 0; i < 100; i++)); do
    ksts_pid_is_ours "$dir" "$pid" && return 0
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
}

# The readiness budget starts with the first process, not with the build.
deadline=$((SECONDS + timeout_s))
# fail COMPONENT MESSAGE: report with the tail of the component's log.
fail() {
  ksts_log "error: $2"
  if [ -f "$dir/logs/$1.log" ]; then
    ksts_log "last lines of $dir/logs/$1.log:"
    tail -n 25 "$dir/logs/$1.log" >&2 || true
  fi
  exit 1
}
# wait_for COMPONENT WHAT COMMAND...: retry COMMAND until it succeeds; fail if
# the component died or the overall deadline passes.
wait_for() {
  local comp=$1 what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    ksts_pid_alive "$dir" "$comp" || fail "$comp" "$comp exited while waiting for $what"
    if [ $SECONDS -ge $deadline ]; then
      fail "$comp" "timed out after ${timeout_s}s waiting for $what"
    fi
    sleep 0.2
  done
  ksts_log "$what: ok ($((SECONDS - start_time))s)"
}
admin_curl() {
  curl -fsS --max-time 2 --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "$@"
}
k() { "$kubectl" --kubeconfig "$dir/conf/admin.kubeconfig" --request-timeout=10s "$@"; }

# Feature gates only the versions that know them get (an unknown gate stops
# the apiserver): the StatefulSet Recreate update strategy is alpha in 1.37.
feature_gates=()
if [ "$k8s_minor" -ge 37 ]; then feature_gates+=(--feature-gates=StatefulSetRecreateStrategy=true); fi
echo "$k8s_version" >"$dir/k8s-version"

start etcd "$bindir/etcd" \
  --name=ksts --data-dir="$dir/etcd" \
  --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="ksts=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state=new \
  --unsafe-no-fsync=true --log-level=warn
wait_for etcd "etcd /health" curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_PORT/health"

# The audit log records every write request with its body (the policy says
# why); the e2e tests read it. A copy of the policy, so that editing the
# repository's file cannot change a running cluster.
cp "$here/audit-policy.yaml" "$dir/conf/audit-policy.yaml"
start kube-apiserver "$bindir/kube-apiserver" \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --bind-address=127.0.0.1 --secure-port="$APISERVER_PORT" --advertise-address=127.0.0.1 \
  --endpoint-reconciler-type=none \
  --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --client-ca-file="$pki/ca.crt" \
  --authorization-mode=Node,RBAC \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
  --service-cluster-ip-range=10.96.0.0/16 \
  --requestheader-client-ca-file="$pki/ca.crt" --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file="$pki/front-proxy-client.crt" --proxy-client-key-file="$pki/front-proxy-client.key" \
  --allow-privileged=true --profiling=false \
  --audit-policy-file="$dir/conf/audit-policy.yaml" --audit-log-path="$dir/logs/audit.log" \
  --audit-log-maxsize=1024 --audit-log-maxbackup=1 \
  --kubelet-certificate-authority="$pki/ca.crt" \
  --kubelet-client-certificate="$pki/admin.crt" --kubelet-client-key="$pki/admin.key" \
  "${feature_gates[@]}"
wait_for kube-apiserver "kube-apiserver /readyz" admin_curl "$server/readyz"

# The snapshot.storage.k8s.io CRDs (from the snapshotter's client module,
# copied into the bin dir by build.sh) must be served before the
# snapshot-controller starts (it gives up after 30 s without them) and before
# volume-sim starts (its informers list them).
snap_crds=(volumesnapshotclasses volumesnapshotcontents volumesnapshots)
crd_args=()
for c in "${snap_crds[@]}"; do crd_args+=(-f "$bindir/snapshot-crds/snapshot.storage.k8s.io_$c.yaml"); done
# Server-side apply: idempotent when a retry follows a partial success, and
# no last-applied annotation (large for a CRD).
wait_for kube-apiserver "snapshot CRDs created" k apply --server-side --field-manager=ksts-up "${crd_args[@]}"
crds_established() {
  local c
  for c in "${snap_crds[@]}"; do
    [ "$(k get crd "$c.snapshot.storage.k8s.io" -o jsonpath='{.status.conditions[?(@.type=="Established")].status}')" = True ] || return 1
  done
}
wait_for kube-apiserver "snapshot CRDs established" crds_established

# KSTS_CLIENT_QPS (unset by default): the controller-manager's and the
# scheduler's client QPS (burst twice that). Their defaults (20 and 50) make
# creating and scheduling 10,000 pods take most of an hour; scripts/bench-scale
# raises them for its set-up.
client_qps=()
if [ -n "${KSTS_CLIENT_QPS:-}" ]; then
  client_qps=(--kube-api-qps="$KSTS_CLIENT_QPS" --kube-api-burst=$((KSTS_CLIENT_QPS * 2)))
fi
# KSTS_KCM_CONTROLLERS (default '*'): the controller-manager's --controllers;
# scripts/bench-scale turns the PV binder off so that its pre-bound claims
# stay as created and the cluster is quiet while it measures.
# --node-monitor-grace-period=20s (default 50s): a node whose fake kubelet
# stopped turns Unknown after 20 s, four missed lease renewals (kwok renews
# every 5 s), the same ratio as the upstream defaults (40 s lease, 10 s renewal).
start kube-controller-manager "$bindir/kube-controller-manager" \
  --kubeconfig="$dir/conf/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$dir/conf/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$dir/conf/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$KCM_PORT" \
  --tls-cert-file="$pki/serving.crt" --tls-private-key-file="$pki/serving.key" \
  --controllers="${KSTS_KCM_CONTROLLERS:-*}" --leader-elect=false --use-service-account-credentials=true \
  --root-ca-file="$pki/ca.crt" --service-account-private-key-file="$pki/sa.key" \
  --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
  --cluster-name="kubectl-sts-$name" --profiling=false \
  --node-monitor-grace-period=20s \
  "${feature_gates[@]}" "${client_qps[@]}"
start kube-scheduler "$bindir/kube-scheduler" \
  --kubeconfig="$dir/conf/scheduler.kubeconfig" \
  --authentication-kubeconfig="$dir/conf/scheduler.kubeconfig" \
  --authorization-kubeconfig="$dir/conf/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT" \
  --tls-cert-file="$pki/serving.crt" --tls-private-key-file="$pki/serving.key" \
  --leader-elect=false --profiling=false "${client_qps[@]}"
# The real CSI snapshot-controller (external-snapshotter). Group snapshots
# off: their CRDs are not installed (with the gate on it would wait 30 s for
# them at start). No leader election; /metrics answers once it found the CRDs
# and runs (it has no /healthz without leader election).
start snapshot-controller "$bindir/snapshot-controller" \
  --kubeconfig="$dir/conf/snapshot-controller.kubeconfig" --leader-election=false \
  --feature-gates=CSIVolumeGroupSnapshot=false \
  --http-endpoint="127.0.0.1:$SNAPSHOT_CONTROLLER_PORT" --retry-interval-max=30s
# Two simulated CSI drivers (a driver name is a DNS subdomain: no "/"):
# volume-sim.ksts.test (the standard class; volume-sim
# is its snapshotter too, and it has a VolumeSnapshotClass) and
# volume-sim-nosnap.ksts.test (offline-resize and no-expand: no
# VolumeSnapshotClass, no snapshotter).
start volume-sim "$bindir/volume-sim" \
  --kubeconfig="$dir/conf/volume-sim.kubeconfig" \
  --provisioner=volume-sim.ksts.test,volume-sim-nosnap.ksts.test --snapshotter=volume-sim.ksts.test \
  --health-address="127.0.0.1:$VOLUME_SIM_PORT"

# kwok v0.8 has no built-in stages: assemble them from the kwok module in the
# Go module cache (the same version as the binary) plus our own fault stages.
command -v go >/dev/null || { ksts_log "error: go is required (kwok's stages come from the Go module cache)"; exit 1; }
gomodcache=$(go env GOMODCACHE)
stagesrc="$gomodcache/sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage"
if [ ! -d "$stagesrc" ]; then
  ksts_log "downloading sigs.k8s.io/kwok@$KWOK_VERSION into the module cache for its stages"
  (cd "$dir" && GOFLAGS='' go mod download "sigs.k8s.io/kwok@$KWOK_VERSION") >&2
fi
{
  for f in node/fast/node-initialize.yaml \
    node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    node/chaos/node-not-ready.yaml \
    pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml \
    pod/chaos/pod-container-running-failed.yaml; do
    [ -f "$stagesrc/$f" ] || { ksts_log "error: kwok stage $stagesrc/$f not found"; exit 1; }
    echo "---"
    cat "$stagesrc/$f"
  done
  cat "$here/stages/ksts-faults.yaml"
  # exec and port-forward for every simulated pod (what `--check` uses): an
  # exec runs its command on this machine, as kwok's user; port 8080 of every
  # pod forwards to 127.0.0.1:$CHECK_HTTP_PORT, where a test may listen.
  cat <<EOF
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: ksts-local
spec:
  execs:
  - local: {}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterPortForward
metadata:
  name: ksts-check-http
spec:
  forwards:
  - ports: [8080]
    target: {address: 127.0.0.1, port: $CHECK_HTTP_PORT}
EOF
} >"$dir/conf/kwok-stages.yaml"
# kwok manages every node except those labelled ksts.test/kubelet-stopped
# (--manage-all-nodes=true would not let a test take one node away): for such
# a node kwok stops renewing its Lease and touching its pods, as if its kubelet
# died, and the node lifecycle controller marks it Unknown after its grace period.
# --node-lease-duration-seconds=20: the lease is renewed every 5 s.
# --node-ip: the fake kubelets' address is loopback (kwok's own server), so
# nothing ever tries to reach a private-range address.
# --tls-cert-file: kwok's server is also the nodes' kubelet endpoint (node
# address 127.0.0.1, daemonEndpoints port $KWOK_PORT); the API server reaches
# it over TLS, verified with this cluster's CA, for exec and port-forward.
start kwok "$bindir/kwok" \
  --kubeconfig="$dir/conf/kwok.kubeconfig" --config="$dir/conf/kwok-stages.yaml" \
  --manage-nodes-with-label-selector='!ksts.test/kubelet-stopped' --node-lease-duration-seconds=20 \
  --node-ip=127.0.0.1 --node-port="$KWOK_PORT" --server-address="127.0.0.1:$KWOK_PORT" \
  --tls-cert-file="$pki/serving.crt" --tls-private-key-file="$pki/serving.key" \
  --cidr=10.244.0.1/16

wait_for kube-controller-manager "kube-controller-manager /healthz" curl -fsSk --max-time 2 "https://127.0.0.1:$KCM_PORT/healthz"
wait_for kube-scheduler "kube-scheduler /healthz" curl -fsSk --max-time 2 "https://127.0.0.1:$SCHEDULER_PORT/healthz"
wait_for volume-sim "volume-sim /healthz" curl -fsS --max-time 2 "http://127.0.0.1:$VOLUME_SIM_PORT/healthz"
wait_for snapshot-controller "snapshot-controller /metrics" curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$SNAPSHOT_CONTROLLER_PORT/metrics"
wait_for kwok "kwok /healthz" curl -fsS --max-time 2 "http://127.0.0.1:$KWOK_PORT/healthz"

# --- cluster objects ----------------------------------------------------------
nodes=${KSTS_NODES:-3}
{
  for ((i = 0; i < nodes; i++)); do
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/zone: zone-$i
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
EOF
  done
  # resizeMode/resizeDelay (StorageClass) and readyDelay (VolumeSnapshotClass)
  # are read by volume-sim (see its source). attachRequired: false: nothing
  # attaches (no kubelet), so the attach/detach controller makes no
  # VolumeAttachments for these CSI volumes.
  cat <<'EOF'
---
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: volume-sim.ksts.test
spec:
  attachRequired: false
  podInfoOnMount: false
  volumeLifecycleModes: [Persistent]
---
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: volume-sim-nosnap.ksts.test
spec:
  attachRequired: false
  podInfoOnMount: false
  volumeLifecycleModes: [Persistent]
---
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotClass
metadata:
  name: standard
  annotations:
    snapshot.storage.kubernetes.io/is-default-class: "true"
driver: volume-sim.ksts.test
deletionPolicy: Delete
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: volume-sim.ksts.test
parameters: {resizeMode: online}
reclaimPolicy: Delete
volumeBindingMode: Immediate
allowVolumeExpansion: true
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: offline-resize
provisioner: volume-sim-nosnap.ksts.test
parameters: {resizeMode: offline}
reclaimPolicy: Delete
volumeBindingMode: Immediate
allowVolumeExpansion: true
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: no-expand
provisioner: volume-sim-nosnap.ksts.test
reclaimPolicy: Delete
volumeBindingMode: Immediate
allowVolumeExpansion: false
EOF
} >"$dir/conf/objects.yaml"
# The apiserver may still be creating the default PriorityClasses / RBAC:
# retry the first writes briefly.
wait_for kube-apiserver "nodes, storage and snapshot classes created" k apply -f "$dir/conf/objects.yaml"
nodes_ready() {
  local n
  n=$(k get nodes -l type=kwok -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$')
  [ "$n" -ge "$nodes" ]
}
wait_for kwok "$nodes nodes Ready" nodes_ready
wait_for kube-controller-manager "ServiceAccount default/default" k get serviceaccount default -n default

cat >"$dir/env" <<EOF
export KUBECONFIG='$dir/kubeconfig'
export KSTS_CLUSTER='$name'
export KSTS_CONTEXT='kubectl-sts-$name'
export KSTS_NOACCESS_CONTEXT='kubectl-sts-$name-noaccess'
export KSTS_BIN_DIR='$bindir'
export KSTS_KUBECTL='$kubectl'
export KSTS_AUDIT_LOG='$dir/logs/audit.log'
export KSTS_K8S_VERSION='$k8s_version'
EOF
touch "$dir/ready"
ok=true
ksts_log "cluster '$name' (Kubernetes $k8s_version) ready in $((SECONDS - start_time))s; to use it: . '$dir/env'"
echo "$dir/kubeconfig"
