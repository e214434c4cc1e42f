//! Exec credential plugins (client.authentication.k8s.io/v1), each a small
//! shell script written by the test, and KUBECONFIG with several files: a
//! token that expires during an operation is fetched again and the new one
//! is used; a client certificate from a plugin is presented; without a
//! terminal a plugin gets no stdin and is told so; a failing plugin's stderr
//! and exit status are in the error.

use std::path::{Path, PathBuf};

use k8s_openapi::api::core::v1::Pod;
use kube::api::Api;
use serde_json::json;

use crate::audit_log::Span;
use crate::connection::{Cluster, cluster, ready_web, run, sa_token, scratch};
use crate::harness::*;

/// Writes an executable `/bin/sh` script `name` in `dir` with `body`.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(name);
    std::fs::write(&p, format!("#!/bin/sh\nd='{}'\n{body}", dir.display())).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// A kubeconfig for the e2e cluster whose user `oncall` runs `plugin`.
fn exec_kubeconfig(dir: &Path, c: &Cluster, plugin: &Path, mode: &str, ns: &str) -> PathBuf {
    let p = dir.join("kubeconfig");
    std::fs::write(
        &p,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {{server: \"{}\", certificate-authority: \"{}\"}}\ncontexts:\n- name: x\n  context: {{cluster: c, user: oncall, namespace: {ns}}}\ncurrent-context: x\nusers:\n- name: oncall\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: \"{}\"\n      interactiveMode: {mode}\n",
            c.server,
            c.ca,
            plugin.display()
        ),
    )
    .unwrap();
    p
}

/// An ExecCredential printing `token` (in file `$d/<file>`), expiring
/// `secs` seconds after the plugin runs.
fn token_credential(file: &str, secs: u32) -> String {
    format!(
        "exp=$(date -u -d '+{secs} seconds' +%Y-%m-%dT%H:%M:%SZ)\n\
         printf '{{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\
         \"status\":{{\"token\":\"%s\",\"expirationTimestamp\":\"%s\"}}}}\\n' \"$(cat \"$d/{file}\")\" \"$exp\"\n"
    )
}

fn calls(dir: &Path) -> Vec<f64> {
    std::fs::read_to_string(dir.join("calls"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.trim().parse().unwrap())
        .collect()
}

/// kube runs the plugin again from a minute before `expirationTimestamp`:
/// a credential valid 62 s is due after 2 s. The first call gets the token
/// of ServiceAccount `first`, later ones that of `second`; a restart of two
/// pods (over 4 s with --min-ready 2s) must succeed, with writes made after
/// the first credential was due made as `second`.
#[tokio::test]
async fn an_expiring_exec_token_is_fetched_again_and_used_during_a_long_operation() {
    let client = client().await;
    let ns = ready_web(&client, "exec-refresh").await;
    let dir = scratch(&ns);
    std::fs::write(
        dir.join("t1"),
        sa_token(&client, &ns, "first", "cluster-admin").await,
    )
    .unwrap();
    std::fs::write(
        dir.join("t2"),
        sa_token(&client, &ns, "second", "cluster-admin").await,
    )
    .unwrap();
    let body = format!(
        "date +%s.%N >> \"$d/calls\"\n\
         if [ \"$(wc -l < \"$d/calls\")\" -eq 1 ]; then f=t1; else f=t2; fi\n\
         cp \"$d/$f\" \"$d/current\"\n{}",
        token_credential("current", 62)
    );
    let plugin = script(&dir, "plugin", &body);
    let kc = exec_kubeconfig(&dir, &cluster(), &plugin, "Never", &ns);
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let before = pods.list(&Default::default()).await.unwrap().items;

    let span = Span::start(&client, &ns).await;
    let out = run(&kc, &["restart", "web", "--yes", "--min-ready", "2s"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let by_second = span
        .writes_by(&format!("system:serviceaccount:{ns}:second"))
        .await;

    let t = calls(&dir);
    assert!(
        t.iter().any(|c| *c >= t[0] + 2.0),
        "the plugin was not run again once its first token was due: {t:?}"
    );
    assert!(
        by_second
            .iter()
            .any(|w| w.verb == "create" && w.resource == "pods/eviction" && w.code == 201),
        "no eviction made with the refreshed token: {:?}",
        by_second.iter().map(|w| w.describe()).collect::<Vec<_>>()
    );
    let after = pods.list(&Default::default()).await.unwrap().items;
    assert!(
        before
            .iter()
            .all(|p| !after.iter().any(|a| a.metadata.uid == p.metadata.uid)),
        "not every pod was restarted"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_client_certificate_from_an_exec_plugin_is_presented() {
    let client = client().await;
    let ns = ready_web(&client, "exec-cert").await;
    let e = env();
    let c = cluster();
    let dir = scratch(&ns);
    let credential = |context: &str| {
        let (crt, key) = c.cert_of(context);
        json!({
            "apiVersion": "client.authentication.k8s.io/v1",
            "kind": "ExecCredential",
            "status": {
                "clientCertificateData": std::fs::read_to_string(crt).unwrap(),
                "clientKeyData": std::fs::read_to_string(key).unwrap(),
            }
        })
        .to_string()
    };
    let plugin = script(&dir, "plugin", "cat \"$d/cred.json\"\n");
    let kc = exec_kubeconfig(&dir, &c, &plugin, "Never", &ns);

    std::fs::write(dir.join("cred.json"), credential(&e.context)).unwrap();
    let out = run(&kc, &["status", "web", "-o", "json"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The identity is the certificate's: another one is refused by name.
    std::fs::write(dir.join("cred.json"), credential(&e.noaccess_context)).unwrap();
    let out = run(&kc, &["status", "web"], b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("\"ksts-noaccess\""),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// stdin is a pipe holding what a user might type, not a terminal.
#[tokio::test]
async fn without_a_terminal_a_plugin_gets_no_stdin_and_is_told_it_cannot_prompt() {
    let client = client().await;
    let ns = ready_web(&client, "exec-tty").await;
    let c = cluster();
    let token = sa_token(&client, &ns, "reader", "view").await;
    for mode in ["Never", "IfAvailable", "Always"] {
        let dir = scratch(&format!("{ns}-{mode}"));
        std::fs::write(dir.join("token"), &token).unwrap();
        let body = format!(
            "printf '%s\\n' \"$KUBERNETES_EXEC_INFO\" >> \"$d/info\"\ncat >> \"$d/stdin\"\n{}",
            token_credential("token", 3600)
        );
        let plugin = script(&dir, "plugin", &body);
        let kc = exec_kubeconfig(&dir, &c, &plugin, mode, &ns);
        let out = run(&kc, &["status", "web"], b"typed-by-the-user\n");
        let info = std::fs::read_to_string(dir.join("info")).unwrap_or_default();
        if mode == "Always" {
            assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
            assert!(
                stderr(&out).contains("needs a terminal (interactiveMode: Always)"),
                "{}",
                stderr(&out)
            );
            assert_eq!(info, "", "the plugin ran");
            continue;
        }
        assert_eq!(out.status.code(), Some(0), "{mode}: {}", stderr(&out));
        assert!(!info.is_empty(), "{mode}: the plugin did not run");
        for line in info.lines() {
            let spec: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(spec["spec"]["interactive"], false, "{mode}: {line}");
        }
        let stdin = std::fs::read_to_string(dir.join("stdin")).unwrap();
        assert_eq!(stdin, "", "{mode}: the plugin read our stdin");
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[tokio::test]
async fn a_failing_plugin_gives_its_stderr_and_exit_status() {
    let client = client().await;
    let ns = ready_web(&client, "exec-fail").await;
    let c = cluster();
    let token = sa_token(&client, &ns, "reader", "view").await;
    // At the start: every run fails.
    for mode in ["Never", "IfAvailable"] {
        let dir = scratch(&format!("{ns}-{mode}"));
        let plugin = script(&dir, "plugin", "echo boom >&2\nexit 3\n");
        let kc = exec_kubeconfig(&dir, &c, &plugin, mode, &ns);
        let out = run(&kc, &["status", "web"], b"");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{mode}: {err}");
        let want = format!(
            "error: the exec credential plugin {:?} of kubeconfig user \"oncall\" failed with \
             exit status 3: boom.",
            plugin.display().to_string()
        );
        assert!(err.starts_with(&want), "{mode}: {err}");
        let _ = std::fs::remove_dir_all(dir);
    }
    // Later: the first token is good for 30 s, so due at once; the next run fails.
    let dir = scratch(&ns);
    std::fs::write(dir.join("token"), &token).unwrap();
    let body = format!(
        "date +%s.%N >> \"$d/calls\"\n\
         if [ \"$(wc -l < \"$d/calls\")\" -gt 1 ]; then echo 'boom again' >&2; exit 3; fi\n{}",
        token_credential("token", 30)
    );
    let plugin = script(&dir, "plugin", &body);
    let kc = exec_kubeconfig(&dir, &c, &plugin, "Never", &ns);
    let out = run(&kc, &["status", "web"], b"");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("of kubeconfig user \"oncall\" failed with exit status 3: boom again."),
        "{err}"
    );
    assert!(calls(&dir).len() > 1, "{:?}", calls(&dir));
    let _ = std::fs::remove_dir_all(dir);
}

/// KUBECONFIG=b:missing:a, as kubectl merges it: the first file to set a
/// value wins (b's current-context, not a's), a missing file is skipped.
#[tokio::test]
async fn kubeconfig_files_are_merged_first_wins_and_missing_ones_are_skipped() {
    let client = client().await;
    let ns = ready_web(&client, "conn-merge").await;
    let e = env();
    let c = cluster();
    let (crt, key) = c.cert_of(&e.context);
    let dir = scratch(&ns);
    let a = dir.join("a.yaml");
    let b = dir.join("b.yaml");
    std::fs::write(
        &a,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {{server: \"{}\", certificate-authority: \"{}\"}}\nusers:\n- name: u\n  user: {{client-certificate: \"{crt}\", client-key: \"{key}\"}}\ncurrent-context: bogus\n",
            c.server, c.ca
        ),
    )
    .unwrap();
    std::fs::write(
        &b,
        format!(
            "apiVersion: v1\nkind: Config\ncontexts:\n- name: merged\n  context: {{cluster: c, user: u, namespace: {ns}}}\ncurrent-context: merged\n"
        ),
    )
    .unwrap();
    let list = |files: &[&Path]| std::env::join_paths(files).unwrap();
    let missing = dir.join("missing.yaml");
    let out = run(
        list(&[&b, &missing, &a]),
        &["status", "web", "-o", "json"],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["statefulSets"][0]["name"], "web", "{report}");
    assert_eq!(
        report["statefulSets"][0]["namespace"],
        ns.as_str(),
        "{report}"
    );

    let out = run(list(&[&a, &b]), &["status", "web"], b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("context \"bogus\" (current-context) does not exist"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(dir);
}
