//! The e2e harness: a kube client for the local control plane that
//! scripts/test started, one fresh namespace per test, fixtures built as
//! the seeds' StatefulSets are, and deadline-bound waits.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::authentication::v1::{TokenRequest, TokenRequestSpec};
use k8s_openapi::api::core::v1::{Namespace, PersistentVolumeClaim, Pod, Service, ServiceAccount};
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};
use serde_json::{Value, json};

pub struct Env {
    pub kubeconfig: PathBuf,
    pub context: String,
    pub noaccess_context: String,
}

/// The cluster scripts/test started. A missing variable fails the test: an
/// e2e test that cannot reach its cluster must not pass.
pub fn env() -> Env {
    let var = |k: &str| {
        std::env::var(k).unwrap_or_else(|_| {
            panic!("{k} is not set: run the e2e tests through scripts/test, which starts the local control plane")
        })
    };
    Env {
        kubeconfig: var("KSTS_E2E_KUBECONFIG").into(),
        context: var("KSTS_E2E_CONTEXT"),
        noaccess_context: var("KSTS_E2E_NOACCESS_CONTEXT"),
    }
}

pub async fn client() -> Client {
    let e = env();
    let kc = Kubeconfig::read_from(&e.kubeconfig).expect("read e2e kubeconfig");
    let opts = KubeConfigOptions {
        context: Some(e.context.clone()),
        ..Default::default()
    };
    let config = Config::from_custom_kubeconfig(kc, &opts)
        .await
        .expect("e2e kubeconfig");
    Client::try_from(config).expect("e2e client")
}

/// Runs the plugin binary against the e2e cluster (admin context unless the
/// arguments pick another).
pub fn sts(args: &[&str]) -> Output {
    let e = env();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubectl-sts"));
    cmd.env("KUBECONFIG", &e.kubeconfig).env("NO_COLOR", "1");
    if !args
        .iter()
        .any(|a| *a == "--context" || a.starts_with("--context="))
    {
        cmd.args(["--context", &e.context]);
    }
    cmd.args(args).output().expect("run kubectl-sts")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs the plugin and parses its JSON report; panics with stderr on failure.
pub fn sts_json(args: &[&str]) -> Value {
    let out = sts(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "kubectl sts {args:?} failed:\n{}",
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}):\n{}", stdout(&out)))
}

/// The "api: N requests" summary that `-v 6` prints.
pub fn request_count(o: &Output) -> usize {
    stderr(o)
        .lines()
        .find_map(|l| {
            l.strip_prefix("api: ")?
                .strip_suffix(" requests")?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no request summary in stderr:\n{}", stderr(o)))
}

static SEQ: AtomicU32 = AtomicU32::new(0);

/// A fresh namespace, ready for pods (its default ServiceAccount exists).
pub async fn namespace(client: &Client, prefix: &str) -> String {
    let name = format!(
        "{prefix}-{}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    );
    let api: Api<Namespace> = Api::all(client.clone());
    api.create(
        &PostParams::default(),
        &from(json!({"metadata": {"name": name}})),
    )
    .await
    .expect("create namespace");
    let sa: Api<ServiceAccount> = Api::namespaced(client.clone(), &name);
    wait_for(
        Duration::from_secs(60),
        &format!("default ServiceAccount in {name}"),
        || async { sa.get_opt("default").await.ok().flatten().is_some() },
    )
    .await;
    name
}

pub fn from<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("fixture deserializes")
}

/// A headless Service and a StatefulSet modelled on the seeds' nginx `web`:
/// `replicas` pods, one claim template per entry of `claims` (name, size).
pub fn web_set(name: &str, replicas: i32, claims: &[(&str, &str)]) -> (Service, StatefulSet) {
    let svc = from(json!({
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {"clusterIP": "None", "selector": {"app": name}, "ports": [{"name": "web", "port": 80}]}
    }));
    let templates: Vec<Value> = claims
        .iter()
        .map(|(c, size)| json!({
            "metadata": {"name": c},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}}
        }))
        .collect();
    let mounts: Vec<Value> = claims
        .iter()
        .map(|(c, _)| json!({"name": c, "mountPath": format!("/data/{c}")}))
        .collect();
    let set = from(json!({
        "metadata": {"name": name},
        "spec": {
            "serviceName": name,
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.27", "volumeMounts": mounts}]}
            },
            "volumeClaimTemplates": templates
        }
    }));
    (svc, set)
}

pub async fn create_set(client: &Client, ns: &str, svc: Option<&Service>, set: &StatefulSet) {
    if let Some(svc) = svc {
        Api::<Service>::namespaced(client.clone(), ns)
            .create(&PostParams::default(), svc)
            .await
            .expect("create service");
    }
    Api::<StatefulSet>::namespaced(client.clone(), ns)
        .create(&PostParams::default(), set)
        .await
        .expect("create statefulset");
}

pub async fn scale(client: &Client, ns: &str, name: &str, replicas: i32) {
    Api::<StatefulSet>::namespaced(client.clone(), ns)
        .patch(
            name,
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"replicas": replicas}})),
        )
        .await
        .expect("scale statefulset");
}

/// Waits until the controller reports every replica ready and updated, the
/// pods in range exist, and every claim of the set is Bound.
pub async fn wait_ready(client: &Client, ns: &str, name: &str) {
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), ns);
    let pods: Api<Pod> = Api::namespaced(client.clone(), ns);
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), ns);
    wait_for(
        Duration::from_secs(120),
        &format!("statefulset {ns}/{name} ready"),
        || async {
            let Ok(s) = sets.get(name).await else {
                return false;
            };
            let want = s.spec.replicas.unwrap_or(1);
            let st = s.status.clone().unwrap_or_default();
            let settled = st.observed_generation >= s.metadata.generation
                && st.ready_replicas.unwrap_or(0) == want
                && st.replicas == want
                && st.updated_replicas.unwrap_or(0) == want;
            if !settled {
                return false;
            }
            let Ok(pl) = pods
                .list(&ListParams::default().labels(&format!("app={name}")))
                .await
            else {
                return false;
            };
            if pl
                .items
                .iter()
                .filter(|p| p.metadata.deletion_timestamp.is_none())
                .count()
                != want as usize
            {
                return false;
            }
            let Ok(cl) = pvcs.list(&ListParams::default()).await else {
                return false;
            };
            cl.items
                .iter()
                .all(|c| c.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound"))
        },
    )
    .await;
}

/// When the old restart of [`old_restart`] ended: long before any test runs.
pub const OLD_RESTART_FINISHED: &str = "2026-01-05T03:14:00Z";

/// Gives a Ready pod a restart in its past, as most production pods have:
/// every container (and sidecar) `restartCount: 1`, `lastState.terminated`
/// OOMKilled (exit 137) finished at [`OLD_RESTART_FINISHED`], running since
/// then. Written through the pods/status subresource; kwok keeps it (its
/// pod-ready stage only matches Pending pods).
pub async fn old_restart(client: &Client, ns: &str, pod: &str) {
    let api: Api<Pod> = Api::namespaced(client.clone(), ns);
    let p = api.get(pod).await.expect("get pod for old_restart");
    let st = p.status.unwrap_or_default();
    let aged = |statuses: Option<Vec<k8s_openapi::api::core::v1::ContainerStatus>>,
                only_running: bool| {
        statuses
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                let mut v = serde_json::to_value(&c).unwrap();
                let running = c.state.as_ref().is_some_and(|s| s.running.is_some());
                if running || !only_running {
                    v["restartCount"] = json!(1);
                    v["lastState"] = json!({"terminated": {
                        "exitCode": 137, "reason": "OOMKilled",
                        "startedAt": "2026-01-01T00:00:00Z",
                        "finishedAt": OLD_RESTART_FINISHED,
                    }});
                    v["state"] = json!({"running": {"startedAt": OLD_RESTART_FINISHED}});
                }
                v
            })
            .collect::<Vec<Value>>()
    };
    let mut status = json!({"containerStatuses": aged(st.container_statuses, false)});
    if st.init_container_statuses.is_some() {
        // Only the sidecars (still running) restart; a finished init container keeps its state.
        status["initContainerStatuses"] = json!(aged(st.init_container_statuses, true));
    }
    api.patch_status(
        pod,
        &PatchParams::default(),
        &Patch::Merge(json!({ "status": status })),
    )
    .await
    .expect("patch pod status with an old restart");
}

/// Polls `check` until it is true; panics at the deadline, naming `what`.
pub async fn wait_for<F, Fut>(deadline: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    loop {
        if check().await {
            return;
        }
        if start.elapsed() > deadline {
            panic!("timed out after {deadline:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// The kubectl built with the control plane: `$KSTS_KUBECTL`, or the
/// `KSTS_KUBECTL=` line of the cluster's `env` file beside the kubeconfig
/// (tests/cluster/README.md).
pub fn kubectl() -> PathBuf {
    if let Ok(k) = std::env::var("KSTS_KUBECTL") {
        return k.into();
    }
    let env_file = env().kubeconfig.with_file_name("env");
    let text = std::fs::read_to_string(&env_file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", env_file.display()));
    text.lines()
        .find_map(|l| l.strip_prefix("export KSTS_KUBECTL="))
        .map(|v| PathBuf::from(v.trim_matches('\'')))
        .unwrap_or_else(|| panic!("no KSTS_KUBECTL in {}", env_file.display()))
}

/// Where `pvc resize` keeps its records under the state directory `state`
/// for this cluster, and the API server URL they are keyed by: the URL
/// escaped (`_XX` for each byte outside [A-Za-z0-9.-]); a record is
/// `<namespace>_<name>.pending.json` there.
pub async fn resize_record_dir(state: &std::path::Path) -> (PathBuf, String) {
    let server = Config::from_custom_kubeconfig(
        Kubeconfig::read_from(&env().kubeconfig).unwrap(),
        &KubeConfigOptions {
            context: Some(env().context),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .cluster_url
    .to_string()
    .trim_end_matches('/')
    .to_string();
    let escaped: String = server
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("_{b:02x}")
            }
        })
        .collect();
    let dir = state.join("kubectl-sts/resize").join(escaped);
    std::fs::create_dir_all(&dir).unwrap();
    (dir, server)
}

/// The e2e kubeconfig and the cluster of its admin context (server, CA).
pub fn e2e_cluster() -> (Kubeconfig, kube::config::Cluster) {
    let e = env();
    let kc = Kubeconfig::read_from(&e.kubeconfig).unwrap();
    let ctx = kc
        .contexts
        .iter()
        .find(|c| c.name == e.context)
        .and_then(|c| c.context.clone())
        .unwrap();
    let cluster = kc
        .clusters
        .iter()
        .find(|c| c.name == ctx.cluster)
        .and_then(|c| c.cluster.clone())
        .unwrap();
    (kc, cluster)
}

/// ServiceAccount `name` of `ns` bound to a Role `name` with `rules` (RBAC
/// PolicyRules as JSON); returns a kubeconfig for it ([`kubeconfig_of`]).
pub async fn account_with_rules(
    client: &kube::Client,
    ns: &str,
    name: &str,
    rules: Value,
) -> std::path::PathBuf {
    use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
    Api::<ServiceAccount>::namespaced(client.clone(), ns)
        .create(
            &PostParams::default(),
            &from(json!({"metadata": {"name": name}})),
        )
        .await
        .unwrap();
    Api::<Role>::namespaced(client.clone(), ns)
        .create(
            &PostParams::default(),
            &from(json!({"metadata": {"name": name}, "rules": rules})),
        )
        .await
        .unwrap();
    Api::<RoleBinding>::namespaced(client.clone(), ns)
        .create(
            &PostParams::default(),
            &from(json!({
                "metadata": {"name": name},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": name},
                "subjects": [{"kind": "ServiceAccount", "name": name, "namespace": ns}]
            })),
        )
        .await
        .unwrap();
    kubeconfig_of(client, ns, name).await
}

/// A kubeconfig for ServiceAccount `sa` of `ns` (a TokenRequest token) on
/// the e2e cluster.
pub async fn kubeconfig_of(client: &kube::Client, ns: &str, sa: &str) -> std::path::PathBuf {
    let token = Api::<ServiceAccount>::namespaced(client.clone(), ns)
        .create_token_request(
            sa,
            &PostParams::default(),
            &TokenRequest {
                spec: Some(TokenRequestSpec {
                    expiration_seconds: Some(600),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
        .await
        .expect("token request")
        .status
        .expect("token")
        .token
        .expect("token");
    let (_, cluster) = e2e_cluster();
    let path = std::env::temp_dir().join(format!("ksts-e2e-{ns}-{sa}.kubeconfig"));
    std::fs::write(
        &path,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: {}\n    certificate-authority: {}\ncontexts:\n- name: sa\n  context:\n    cluster: c\n    user: sa\n    namespace: {ns}\ncurrent-context: sa\nusers:\n- name: sa\n  user:\n    token: {token}\n",
            cluster.server.unwrap(),
            cluster.certificate_authority.unwrap(),
        ),
    )
    .unwrap();
    path
}

/// The e2e cluster's Kubernetes minor version, from GET /version (`minor`
/// may carry a `+`, as managed clusters print it). Tests of features a later
/// version brought check the product's refusal below that version instead of
/// its behaviour.
pub async fn server_minor(client: &Client) -> u32 {
    let info = client.apiserver_version().await.expect("GET /version");
    let digits: String = info
        .minor
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("unexpected server minor version {:?}", info.minor))
}
