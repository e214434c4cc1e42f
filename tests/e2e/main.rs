//! End-to-end tests against the real local control plane (etcd,
//! kube-apiserver, kube-controller-manager, kube-scheduler, kwok) that
//! scripts/test starts once per run. Each test works in its own namespace.

mod audit;
mod audit_log;
mod check;
mod completion;
mod connection;
mod connection_exec;
mod doctor;
mod field;
mod harness;
mod lease_rbac;
mod orphans;
mod proxy;
mod pvc;
mod pvc_resize;
mod rbac_roles;
mod recover;
mod recover_verify;
mod restart;
mod rollout;
mod rollout_field;
mod snapshot;
mod status;
mod wait;
mod writes;
