//! kubectl's connection flags against the real API server: `--server`,
//! `--token`, `--certificate-authority` without any kubeconfig,
//! `--client-certificate/--client-key` and `--token` over a kubeconfig user,
//! `--tls-server-name`, `--disable-compression`, and a printed resume command
//! that repeats them without the token's value.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use k8s_openapi::api::authentication::v1::{TokenRequest, TokenRequestSpec};
use k8s_openapi::api::core::v1::{Pod, ServiceAccount};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::rbac::v1::RoleBinding;
use kube::api::{Api, DeleteParams, PostParams};
use kube::config::Kubeconfig;
use serde_json::json;

use crate::harness::*;

/// The e2e cluster as a `--server` user sees it.
pub(crate) struct Cluster {
    pub server: String,
    pub ca: String,
    pub kubeconfig: Kubeconfig,
}

pub(crate) fn cluster() -> Cluster {
    let (kc, c) = e2e_cluster();
    Cluster {
        server: c.server.unwrap(),
        ca: c.certificate_authority.unwrap(),
        kubeconfig: kc,
    }
}

impl Cluster {
    /// The client certificate and key files of `context`'s user.
    pub fn cert_of(&self, context: &str) -> (String, String) {
        let user = self
            .kubeconfig
            .contexts
            .iter()
            .find(|c| c.name == context)
            .and_then(|c| c.context.as_ref()?.user.clone())
            .unwrap();
        let u = self
            .kubeconfig
            .auth_infos
            .iter()
            .find(|u| u.name == user)
            .and_then(|u| u.auth_info.clone())
            .unwrap();
        (u.client_certificate.unwrap(), u.client_key.unwrap())
    }
}

/// A scratch directory for one test.
pub(crate) fn scratch(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ksts-e2e-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs the plugin with KUBECONFIG set to `kubeconfig` (nothing else picks
/// a cluster: HOME is an empty directory) and `stdin` as its input.
pub(crate) fn run(kubeconfig: impl Into<OsString>, args: &[&str], stdin: &[u8]) -> Output {
    let home = scratch("home");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .env("KUBECONFIG", kubeconfig.into())
        .env("HOME", &home)
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kubectl-sts");
    {
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().unwrap()
}

/// ServiceAccount `sa` in `ns`, bound there to ClusterRole `role`, and a
/// 10-minute token for it.
pub(crate) async fn sa_token(client: &kube::Client, ns: &str, sa: &str, role: &str) -> String {
    let sas: Api<ServiceAccount> = Api::namespaced(client.clone(), ns);
    sas.create(
        &PostParams::default(),
        &from(json!({"metadata": {"name": sa}})),
    )
    .await
    .unwrap();
    Api::<RoleBinding>::namespaced(client.clone(), ns)
        .create(
            &PostParams::default(),
            &from(json!({
                "metadata": {"name": format!("{sa}-{role}")},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
                "subjects": [{"kind": "ServiceAccount", "name": sa, "namespace": ns}]
            })),
        )
        .await
        .unwrap();
    sas.create_token_request(
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
    .unwrap()
    .status
    .unwrap()
    .token
    .unwrap()
}

/// A namespace with a ready 2-replica `web` (no claims).
pub(crate) async fn ready_web(client: &kube::Client, tag: &str) -> String {
    let ns = namespace(client, tag).await;
    let (svc, set) = web_set("web", 2, &[]);
    create_set(client, &ns, Some(&svc), &set).await;
    wait_ready(client, &ns, "web").await;
    ns
}

fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    stdout(out)
}

#[tokio::test]
async fn server_token_and_ca_reach_the_cluster_without_any_kubeconfig() {
    let client = client().await;
    let ns = ready_web(&client, "conn-bare").await;
    let token = sa_token(&client, &ns, "reader", "view").await;
    let c = cluster();
    let dir = scratch(&ns);
    let empty = dir.join("empty");
    std::fs::write(&empty, "").unwrap();
    let status = |kubeconfig: &PathBuf, extra: &[&str]| {
        let mut args = vec!["status", "web", "-n", &ns, "-o", "json", "-s", &c.server];
        args.extend_from_slice(extra);
        run(kubeconfig, &args, b"")
    };
    let full = ["--token", &token, "--certificate-authority", &c.ca];
    for kubeconfig in [dir.join("missing"), empty.clone()] {
        let report: serde_json::Value =
            serde_json::from_str(&ok(&status(&kubeconfig, &full))).unwrap();
        assert_eq!(report["statefulSets"][0]["name"], "web", "{report}");
    }

    // Each flag does its part: without the token the server sees nobody...
    let out = status(&empty, &["--certificate-authority", &c.ca]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("system:anonymous"),
        "{}",
        stderr(&out)
    );
    // ... and without the CA its certificate is not trusted.
    let out = status(&empty, &["--token", &token]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("certificate"), "{}", stderr(&out));
    // Nothing to connect to at all: said so, with the way out.
    let out = run(&empty, &["status", "web", "-n", &ns], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no API server to connect to") && stderr(&out).contains("--server"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_token_replaces_the_kubeconfig_users_certificate() {
    let client = client().await;
    let ns = ready_web(&client, "conn-token").await;
    let token = sa_token(&client, &ns, "reader", "view").await;
    let e = env();
    let go = |verb: &[&str]| {
        let mut a = vec!["--context", e.context.as_str()];
        a.extend_from_slice(verb);
        a.extend(["-n", ns.as_str(), "--token", token.as_str()]);
        run(&e.kubeconfig, &a, b"")
    };
    // The admin context's user may do anything; the token's user only read,
    // and it is the one the API server names.
    let report = ok(&go(&["status", "web", "-o", "json"]));
    assert!(
        report.contains(&format!("system:serviceaccount:{ns}:reader")),
        "not the token's user: {report}"
    );
    let out = go(&["restart", "web", "--yes"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("forbidden"), "{err}");
    assert!(
        !err.contains(&token) && !stdout(&out).contains(&token),
        "token printed: {err}"
    );
}

#[tokio::test]
async fn client_certificate_flags_override_the_kubeconfig_user() {
    let client = client().await;
    let ns = ready_web(&client, "conn-cert").await;
    let e = env();
    let c = cluster();
    let (admin_crt, admin_key) = c.cert_of(&e.context);
    let (none_crt, none_key) = c.cert_of(&e.noaccess_context);
    let status = |context: &str, crt: &str, key: &str| {
        run(
            &e.kubeconfig,
            &[
                "--context",
                context,
                "status",
                "web",
                "-n",
                &ns,
                "--client-certificate",
                crt,
                "--client-key",
                key,
            ],
            b"",
        )
    };
    ok(&status(&e.noaccess_context, &admin_crt, &admin_key));
    let out = status(&e.context, &none_crt, &none_key);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("\"ksts-noaccess\""),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn tls_server_name_is_what_the_certificate_is_checked_against() {
    let client = client().await;
    let ns = ready_web(&client, "conn-tsn").await;
    let e = env();
    let c = cluster();
    let (crt, key) = c.cert_of(&e.context);
    // A kubeconfig whose cluster names a host the serving certificate lacks.
    let dir = scratch(&ns);
    let kc = dir.join("kubeconfig");
    std::fs::write(
        &kc,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: {}\n    certificate-authority: {}\n    tls-server-name: not-in-the-cert.invalid\ncontexts:\n- name: x\n  context: {{cluster: c, user: u}}\ncurrent-context: x\nusers:\n- name: u\n  user: {{client-certificate: {crt}, client-key: {key}}}\n",
            c.server, c.ca
        ),
    )
    .unwrap();
    let status = |extra: &[&str]| {
        let mut a = vec!["status", "web", "-n", &ns];
        a.extend_from_slice(extra);
        run(&kc, &a, b"")
    };
    let out = status(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("certificate"), "{}", stderr(&out));
    // Names in the certificate (up.sh gives it kubernetes.default and localhost).
    ok(&status(&["--tls-server-name", "kubernetes.default"]));
    // --server drops the kubeconfig's tls-server-name, as kubectl does.
    ok(&status(&["--server", &c.server]));
    let out = status(&["--server", &c.server, "--tls-server-name", "other.invalid"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // --disable-compression is accepted (kubectl-sts never asks for gzip).
    ok(&status(&[
        "--tls-server-name",
        "localhost",
        "--disable-compression",
    ]));
    let _ = std::fs::remove_dir_all(dir);
}

/// A restart stopped by a PDB prints a resume command with the connection
/// flags and `--token "$TOKEN"`, never the token; run through a shell with
/// TOKEN set, it finishes the restart.
#[tokio::test]
async fn the_printed_resume_command_repeats_the_flags_and_not_the_token() {
    let client = client().await;
    let ns = ready_web(&client, "conn-resume").await;
    let token = sa_token(&client, &ns, "operator", "cluster-admin").await;
    let pdbs: Api<PodDisruptionBudget> = Api::namespaced(client.clone(), &ns);
    pdbs.create(
        &PostParams::default(),
        &from(json!({
            "metadata": {"name": "web-pdb"},
            "spec": {"maxUnavailable": 0, "selector": {"matchLabels": {"app": "web"}}}
        })),
    )
    .await
    .unwrap();
    wait_for(Duration::from_secs(30), "the PDB status", || async {
        pdbs.get("web-pdb")
            .await
            .ok()
            .and_then(|p| p.status)
            .is_some_and(|s| s.observed_generation == Some(1) && s.current_healthy == Some(2))
    })
    .await;
    let c = cluster();
    let dir = scratch(&ns);
    let missing = dir.join("missing");
    let out = run(
        &missing,
        &[
            "restart",
            "web",
            "-n",
            &ns,
            "--yes",
            "--timeout",
            "15s",
            "--server",
            &c.server,
            "--certificate-authority",
            &c.ca,
            "--token",
            &token,
        ],
        b"",
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        !err.contains(&token) && !stdout(&out).contains(&token),
        "token printed: {err}"
    );
    let line = err
        .lines()
        .rfind(|l| l.contains("resume with: kubectl sts restart"))
        .unwrap_or_else(|| panic!("no resume command in:\n{err}"));
    let printed = &line[line.find("kubectl sts").unwrap()..];
    for part in [
        format!("--server {}", c.server),
        format!("--certificate-authority {}", c.ca),
        "--token \"$TOKEN\"".to_string(),
    ] {
        assert!(printed.contains(&part), "{part} missing: {printed}");
    }

    pdbs.delete("web-pdb", &DeleteParams::default())
        .await
        .unwrap();
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let before: Vec<_> = pods.list(&Default::default()).await.unwrap().items;
    let shell = printed.replacen("kubectl sts", env!("CARGO_BIN_EXE_kubectl-sts"), 1);
    let resumed = Command::new("sh")
        .args(["-c", &shell])
        .env("KUBECONFIG", &missing)
        .env("TOKEN", &token)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    ok(&resumed);
    let after: Vec<_> = pods.list(&Default::default()).await.unwrap().items;
    for p in &before {
        assert!(
            !after.iter().any(|a| a.metadata.uid == p.metadata.uid),
            "{:?} was not restarted",
            p.metadata.name
        );
    }
    // Without TOKEN set, the printed command stops instead of acting as someone else.
    let unset = Command::new("sh")
        .args(["-c", &shell])
        .env("KUBECONFIG", &missing)
        .env_remove("TOKEN")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(unset.status.code(), Some(2), "{}", stderr(&unset));
    assert!(
        stderr(&unset).contains("the token is empty"),
        "{}",
        stderr(&unset)
    );
    let _ = std::fs::remove_dir_all(dir);
}
