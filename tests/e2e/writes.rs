//! Writes to the StatefulSet: a set another object controls (an operator
//! that puts the partition back), the records of different operations on
//! the same set, and the commands printed for the user to run next, run
//! verbatim.

use std::process::{Command, Output, Stdio};
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{ConfigMap, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};
use kube::runtime::watcher;
use serde_json::{Value, json};

use crate::harness::*;

const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";
const ROLLOUT: &str = "kubectl-sts.io/rollout";
const RESTART: &str = "kubectl-sts.io/restart";

fn sets(client: &kube::Client, ns: &str) -> Api<StatefulSet> {
    Api::namespaced(client.clone(), ns)
}

async fn partition(client: &kube::Client, ns: &str) -> i32 {
    let s = sets(client, ns).get("web").await.unwrap();
    s.spec
        .update_strategy
        .and_then(|u| u.rolling_update)
        .and_then(|r| r.partition)
        .unwrap_or(0)
}

async fn annotation(client: &kube::Client, ns: &str, key: &str) -> Option<String> {
    let s = sets(client, ns).get("web").await.unwrap();
    s.metadata.annotations?.get(key).cloned()
}

/// name -> uid of the pods of `web`.
async fn uids(client: &kube::Client, ns: &str) -> std::collections::BTreeMap<String, String> {
    Api::<Pod>::namespaced(client.clone(), ns)
        .list(&ListParams::default().labels("app=web"))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .map(|p| (p.metadata.name.unwrap(), p.metadata.uid.unwrap()))
        .collect()
}

async fn ready_web(client: &kube::Client, prefix: &str) -> String {
    let ns = namespace(client, prefix).await;
    let (svc, set) = web_set("web", 3, &[]);
    create_set(client, &ns, Some(&svc), &set).await;
    wait_ready(client, &ns, "web").await;
    ns
}

/// A ready set `web` controlled by ConfigMap `pg-main`, which stands in
/// for an operator's custom resource.
async fn owned_web(prefix: &str) -> (kube::Client, String) {
    let client = client().await;
    let ns = namespace(&client, prefix).await;
    let cm: ConfigMap = Api::namespaced(client.clone(), &ns)
        .create(
            &PostParams::default(),
            &from(json!({"metadata": {"name": "pg-main"}})),
        )
        .await
        .unwrap();
    let (svc, mut set) = web_set("web", 3, &[]);
    set.metadata.owner_references = Some(vec![OwnerReference {
        api_version: "v1".into(),
        kind: "ConfigMap".into(),
        name: "pg-main".into(),
        uid: cm.metadata.uid.unwrap(),
        controller: Some(true),
        ..Default::default()
    }]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    (client, ns)
}

/// The test plays the operator: it watches `web` and puts the partition
/// back to 0 and removes a restartedAt template annotation, as a
/// controller reconciling its own spec does.
fn operator(client: &kube::Client, ns: &str) -> tokio::task::JoinHandle<()> {
    let api = sets(client, ns);
    tokio::spawn(async move {
        let cfg = watcher::Config::default().fields("metadata.name=web");
        let mut stream = Box::pin(watcher(api.clone(), cfg));
        while let Some(ev) = stream.next().await {
            let (Ok(watcher::Event::Apply(s)) | Ok(watcher::Event::InitApply(s))) = ev else {
                continue;
            };
            let p = s
                .spec
                .update_strategy
                .as_ref()
                .and_then(|u| u.rolling_update.as_ref())
                .and_then(|r| r.partition)
                .unwrap_or(0);
            let restarted = s
                .spec
                .template
                .metadata
                .as_ref()
                .and_then(|m| m.annotations.as_ref())
                .is_some_and(|a| a.contains_key(RESTARTED_AT));
            if p != 0 || restarted {
                let body = json!({"spec": {
                    "updateStrategy": {"rollingUpdate": {"partition": 0}},
                    "template": {"metadata": {"annotations": {RESTARTED_AT: null}}}
                }});
                let _ = api
                    .patch("web", &PatchParams::default(), &Patch::Merge(&body))
                    .await;
            }
        }
    })
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

fn both(o: &Output) -> String {
    format!("stdout:\n{}\nstderr:\n{}", stdout(o), stderr(o))
}

#[tokio::test]
async fn owned_set_is_refused_by_every_writer_without_force_owned() {
    let (client, ns) = owned_web("owned-refuse").await;
    let before = sets(&client, &ns).get("web").await.unwrap();
    for args in [
        vec!["rollout", "pause", "web"],
        vec!["rollout", "web", "--partition", "2", "--yes"],
        vec!["restart", "web", "--via-template", "--yes"],
    ] {
        let mut a = args.clone();
        a.extend(["-n", ns.as_str()]);
        let out = sts(&a);
        assert_eq!(code(&out), Some(1), "{args:?}: {}", both(&out));
        let err = stderr(&out);
        assert!(
            err.contains("controlled by ConfigMap/pg-main"),
            "{args:?}: {err}"
        );
        assert!(err.contains("--force-owned"), "{args:?}: {err}");
    }
    let after = sets(&client, &ns).get("web").await.unwrap();
    assert_eq!(
        after.metadata.resource_version, before.metadata.resource_version,
        "nothing was written"
    );

    // A rollout pending behind a partition (set by hand): canary and undo
    // are refused too.
    sets(&client, &ns)
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {
                "updateStrategy": {"rollingUpdate": {"partition": 3}},
                "template": {"metadata": {"labels": {"app": "web", "rollout": "v2"}}}
            }})),
        )
        .await
        .unwrap();
    let s = sets(&client, &ns);
    wait_for(Duration::from_secs(30), "new update revision", || async {
        let st = s.get("web").await.unwrap().status.unwrap_or_default();
        st.update_revision.is_some() && st.update_revision != st.current_revision
    })
    .await;
    let before = sets(&client, &ns).get("web").await.unwrap();
    for args in [
        vec!["rollout", "canary", "web", "--yes"],
        vec!["rollout", "undo", "web", "--to-revision", "1", "--yes"],
    ] {
        let mut a = args.clone();
        a.extend(["-n", ns.as_str()]);
        let out = sts(&a);
        assert_eq!(code(&out), Some(1), "{args:?}: {}", both(&out));
        assert!(
            stderr(&out).contains("controlled by ConfigMap/pg-main"),
            "{args:?}: {}",
            both(&out)
        );
    }
    let after = sets(&client, &ns).get("web").await.unwrap();
    assert_eq!(
        after.metadata.resource_version,
        before.metadata.resource_version
    );
}

// Multi-threaded: the operator task runs while the test blocks on the
// plugin's process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_the_owner_puts_back_fails_and_names_the_owner() {
    let (client, ns) = owned_web("owned-revert").await;
    // Without an operator reconciling, --force-owned writes, with a warning.
    let out = sts(&["rollout", "pause", "web", "-n", &ns, "--force-owned"]);
    assert_eq!(code(&out), Some(0), "{}", both(&out));
    assert!(
        stderr(&out).contains("warning: statefulset web"),
        "{}",
        both(&out)
    );
    let out = sts(&["rollout", "resume", "web", "-n", &ns, "--force-owned"]);
    assert_eq!(code(&out), Some(0), "{}", both(&out));
    assert_eq!(partition(&client, &ns).await, 0);

    let op = operator(&client, &ns);
    let out = sts(&["rollout", "pause", "web", "-n", &ns, "--force-owned"]);
    assert_eq!(code(&out), Some(1), "{}", both(&out));
    let err = stderr(&out);
    assert!(err.contains("did not stick"), "{err}");
    assert!(err.contains("partition was set to 3 and is now 0"), "{err}");
    assert!(err.contains("ConfigMap/pg-main"), "{err}");
    assert!(!stdout(&out).contains("paused:"), "{}", both(&out));
    assert_eq!(partition(&client, &ns).await, 0);
    assert_eq!(
        annotation(&client, &ns, ROLLOUT).await,
        None,
        "a pause that did not stick leaves no pause record"
    );

    let out = sts(&[
        "restart",
        "web",
        "-n",
        &ns,
        "--via-template",
        "--yes",
        "--force-owned",
    ]);
    assert_eq!(code(&out), Some(1), "{}", both(&out));
    let err = stderr(&out);
    assert!(err.contains("did not stick"), "{err}");
    assert!(err.contains("ConfigMap/pg-main"), "{err}");
    // The template write and the operator's revert each roll the pods: a
    // pause decided while they roll is refused as a set that changed
    // under it, which is not what the rest of the test is about.
    wait_ready(&client, &ns, "web").await;

    // The hint in that error runs as printed: it names the same cluster.
    let mut args = connection();
    args.extend(["rollout", "pause", "web", "-n", &ns, "--force-owned"].map(String::from));
    let out = run_isolated(&args);
    assert_eq!(code(&out), Some(1), "{}", both(&out));
    let hint = printed(&stderr(&out), "check the set with: ");
    assert_eq!(hint[0], "status", "{hint:?}");
    let out = run_isolated(&hint);
    assert_eq!(code(&out), Some(0), "{}", both(&out));
    assert!(stdout(&out).contains("web"), "{}", both(&out));
    op.abort();
}

#[tokio::test]
async fn a_canary_with_nothing_to_roll_out_leaves_the_pause_record() {
    let client = client().await;
    let ns = ready_web(&client, "rec-pause").await;
    let out = sts(&["rollout", "pause", "web", "-n", &ns]);
    assert_eq!(code(&out), Some(0), "{}", both(&out));
    let paused = annotation(&client, &ns, ROLLOUT).await;
    assert!(paused.is_some());
    let out = sts(&["rollout", "canary", "web", "-n", &ns, "--yes"]);
    assert_eq!(code(&out), Some(0), "{}", both(&out));
    assert!(
        stdout(&out).contains("nothing to roll out"),
        "{}",
        both(&out)
    );
    assert_eq!(
        annotation(&client, &ns, ROLLOUT).await,
        paused,
        "the pause record is not the canary's to remove"
    );
    let out = sts(&["rollout", "resume", "web", "-n", &ns]);
    assert_eq!(code(&out), Some(0), "{}", both(&out));
    assert_eq!(partition(&client, &ns).await, 0);
}

#[tokio::test]
async fn a_restart_leaves_another_runs_restart_record_and_the_rollout_record() {
    let client = client().await;
    let ns = ready_web(&client, "rec-restart").await;
    let out = sts(&["rollout", "pause", "web", "-n", &ns]);
    assert_eq!(code(&out), Some(0), "{}", both(&out));
    let paused = annotation(&client, &ns, ROLLOUT).await.unwrap();
    // A restart run completes: its record goes, the pause record stays.
    let out = sts(&["restart", "web", "-n", &ns, "--yes", "--pod", "web-2"]);
    assert_eq!(code(&out), Some(0), "{}", both(&out));
    assert_eq!(annotation(&client, &ns, RESTART).await, None);
    assert_eq!(annotation(&client, &ns, ROLLOUT).await, Some(paused));
}

// ---------- printed commands, run verbatim ----------

/// Runs the plugin with only the flags given: KUBECONFIG points nowhere,
/// so a command that lost `--kubeconfig` or `--context` fails.
fn run_isolated(args: &[String]) -> Output {
    isolated(args).output().expect("run kubectl-sts")
}

/// The plugin with `args` and a KUBECONFIG that does not exist: only the
/// flags pick the cluster, as when a printed command is pasted elsewhere.
fn isolated(args: &[String]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kubectl-sts"));
    c.env("KUBECONFIG", "/nonexistent/kubeconfig")
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(Stdio::null());
    c
}

fn connection() -> Vec<String> {
    let e = env();
    vec![
        "--kubeconfig".into(),
        e.kubeconfig.display().to_string(),
        "--context".into(),
        e.context,
    ]
}

/// The command printed after `marker` on the last line that has it, split
/// as a shell would; checks it is a `kubectl sts` command and returns the
/// plugin's arguments.
fn printed(text: &str, marker: &str) -> Vec<String> {
    let line = text
        .lines()
        .rfind(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("no {marker:?} in:\n{text}"));
    let cmd = &line[line.find(marker).unwrap() + marker.len()..];
    let words = shell_words::split(cmd).unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert_eq!(&words[..2], ["kubectl", "sts"], "{cmd}");
    words[2..].to_vec()
}

fn has(words: &[String], flag: &str, value: &str) -> bool {
    words.windows(2).any(|w| w[0] == flag && w[1] == value)
}

#[tokio::test]
async fn the_pause_hint_resumes_when_run_verbatim() {
    let client = client().await;
    let ns = ready_web(&client, "cmd-pause").await;
    let mut args = connection();
    args.extend(["rollout", "pause", "web", "-n", &ns].map(String::from));
    let out = run_isolated(&args);
    assert_eq!(code(&out), Some(0), "{}", both(&out));
    assert_eq!(partition(&client, &ns).await, 3);
    let next = printed(&stdout(&out), "Resume with: ");
    let out = run_isolated(&next);
    assert_eq!(code(&out), Some(0), "{next:?}: {}", both(&out));
    assert_eq!(partition(&client, &ns).await, 0);
    assert_eq!(annotation(&client, &ns, ROLLOUT).await, None);
}

#[tokio::test]
async fn an_interrupted_restart_prints_a_command_that_finishes_it_with_the_same_settings() {
    let client = client().await;
    let ns = ready_web(&client, "cmd-restart").await;
    let original = uids(&client, &ns).await;
    let mut args = connection();
    args.extend(
        [
            "restart",
            "web",
            "-n",
            &ns,
            "--yes",
            "--last",
            "web-1",
            "--min-ready",
            "2s",
            "--timeout",
            "4m",
            "-o",
            "json",
        ]
        .map(String::from),
    );
    let child = isolated(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(
        Duration::from_secs(60),
        "web-2 recorded as done",
        || async {
            annotation(&client, &ns, RESTART).await.is_some_and(|a| {
                serde_json::from_str::<Value>(&a).is_ok_and(|r| {
                    r["done"]
                        .as_array()
                        .is_some_and(|d| d.iter().any(|p| p["pod"] == "web-2"))
                })
            })
        },
    )
    .await;
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let first = child.wait_with_output().unwrap();
    assert_eq!(code(&first), Some(130), "{}", both(&first));
    let next = printed(&stderr(&first), "Resume with: ");
    for (flag, value) in [
        ("--last", "web-1"),
        ("--min-ready", "2s"),
        ("--timeout", "240s"),
        ("-o", "json"),
    ] {
        assert!(has(&next, flag, value), "{flag} {value} missing: {next:?}");
    }
    wait_ready(&client, &ns, "web").await;
    let out = run_isolated(&next);
    assert_eq!(code(&out), Some(0), "{next:?}: {}", both(&out));
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not the JSON report ({e}): {}", both(&out)));
    assert_eq!(report["resumed"], true);
    assert_eq!(report["stabilityWindowSeconds"], 2);
    let order: Vec<&str> = report["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(order.last(), Some(&"web-1"), "--last kept: {order:?}");
    let end = uids(&client, &ns).await;
    for (name, uid) in &end {
        assert_ne!(uid, &original[name], "{name} was restarted");
    }
    assert_eq!(annotation(&client, &ns, RESTART).await, None);
}

#[tokio::test]
async fn an_interrupted_canary_prints_a_command_that_finishes_it_with_the_same_settings() {
    let client = client().await;
    let ns = ready_web(&client, "cmd-canary").await;
    let out = sts(&["rollout", "pause", "web", "-n", &ns]);
    assert_eq!(code(&out), Some(0), "{}", both(&out));
    sets(&client, &ns)
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"template": {"metadata": {
                "labels": {"app": "web", "rollout": "v2"}}}}})),
        )
        .await
        .unwrap();
    let s = sets(&client, &ns);
    wait_for(Duration::from_secs(30), "new update revision", || async {
        let st = s.get("web").await.unwrap().status.unwrap_or_default();
        st.update_revision.is_some() && st.update_revision != st.current_revision
    })
    .await;
    let original = uids(&client, &ns).await;
    let mut args = connection();
    args.extend(
        [
            "rollout",
            "canary",
            "web",
            "-n",
            &ns,
            "--yes",
            "--step",
            "1",
            "--to",
            "1",
            "--min-ready",
            "5s",
            "--timeout",
            "3m",
        ]
        .map(String::from),
    );
    let child = isolated(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(
        Duration::from_secs(60),
        "the first step written",
        || async { partition(&client, &ns).await == 2 },
    )
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let first = child.wait_with_output().unwrap();
    assert_eq!(code(&first), Some(130), "{}", both(&first));
    let next = printed(&stderr(&first), "Resume with: ");
    for (flag, value) in [
        ("--step", "1"),
        ("--to", "1"),
        ("--min-ready", "5s"),
        ("--timeout", "180s"),
    ] {
        assert!(has(&next, flag, value), "{flag} {value} missing: {next:?}");
    }
    let out = run_isolated(&next);
    assert_eq!(code(&out), Some(0), "{next:?}: {}", both(&out));
    assert!(
        stderr(&out).contains("resuming the canary"),
        "{}",
        both(&out)
    );
    assert_eq!(partition(&client, &ns).await, 1, "--to 1 kept");
    let end = uids(&client, &ns).await;
    assert_eq!(end["web-0"], original["web-0"], "web-0 below the partition");
    assert_ne!(end["web-1"], original["web-1"]);
    assert_ne!(end["web-2"], original["web-2"]);
}
