//! CLI behaviour that needs no cluster: help, usage errors, exit codes.

use std::process::{Command, Output};

fn sts(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .args(args)
        // No kubeconfig anywhere: a test that reached the API would fail loudly.
        .env("KUBECONFIG", "/nonexistent/kubeconfig")
        .env_remove("KUBERNETES_SERVICE_HOST")
        .output()
        .expect("run kubectl-sts")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const VERBS: &[&str] = &[
    "status",
    "rollout",
    "restart",
    "pvc",
    "recover",
    "completion",
    "version",
    "doctor",
];

#[test]
fn top_level_help_lists_every_verb_and_examples() {
    let out = sts(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.contains("Usage: kubectl sts"), "{s}");
    for verb in VERBS {
        assert!(s.contains(verb), "help should list {verb}:\n{s}");
    }
    assert!(s.trim_end().contains("Examples:"), "{s}");
}

#[test]
fn every_verb_has_help_ending_with_examples() {
    for verb in VERBS {
        let out = sts(&[verb, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{verb} --help");
        let s = text(&out.stdout);
        assert!(
            s.contains(&format!("Usage: kubectl sts {verb}")),
            "{verb}:\n{s}"
        );
        let examples = s
            .rfind("Examples")
            .unwrap_or_else(|| panic!("{verb} help has no examples:\n{s}"));
        assert!(s[examples..].contains("kubectl sts"), "{verb}:\n{s}");
        // Global kubectl flags are accepted on every verb.
        for flag in [
            "--kubeconfig",
            "--context",
            "--namespace",
            "--all-namespaces",
            "--request-timeout",
            "--output",
            "--color",
            "--as-group",
        ] {
            assert!(s.contains(flag), "{verb} help lacks {flag}");
        }
    }
}

#[test]
fn unknown_flag_exits_2_with_a_clear_message() {
    let out = sts(&["status", "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    let e = text(&out.stderr);
    assert!(e.contains("unexpected argument '--bogus'"), "{e}");
    assert!(e.contains("Usage: kubectl sts status"), "{e}");
}

#[test]
fn bad_values_exit_2_and_name_the_flag() {
    for (args, needle) in [
        (
            vec!["status", "-o", "xml"],
            "invalid value 'xml' for '--output",
        ),
        (
            vec!["status", "--request-timeout", "soon"],
            "--request-timeout",
        ),
        (vec!["status", "--color", "sometimes"], "--color"),
        (vec!["nope"], "unrecognized subcommand 'nope'"),
        // Out of range: a usage error before any request, never a panic
        // from an instant that overflows.
        (
            vec![
                "rollout",
                "status",
                "web",
                "--timeout",
                "9223372036854775807",
            ],
            "--timeout",
        ),
        (
            vec![
                "status",
                "web",
                "--request-timeout",
                "18446744073709551616s",
            ],
            "--request-timeout",
        ),
        (
            vec![
                "restart",
                "web",
                "--yes",
                "--min-ready",
                "18446744073709551615",
            ],
            "--min-ready",
        ),
        (
            vec!["restart", "web", "--yes", "--timeout", "400d"],
            "--timeout",
        ),
    ] {
        let out = sts(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let e = text(&out.stderr);
        assert!(e.contains(needle), "{args:?}: {e}");
    }
}

#[test]
fn conflicting_flags_exit_2_before_any_request() {
    let out = sts(&["status", "web", "-A"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot be combined with -A"));
    let out = sts(&["status", "-A", "-n", "x"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn doctor_flag_misuse_exits_2_before_any_request() {
    let out = sts(&["doctor", "web", "-A"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot be combined with -A"));
    let out = sts(&["doctor", "--fail-on", "sometimes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--fail-on"),
        "{}",
        text(&out.stderr)
    );
}

/// `--list-checks` needs no cluster and lists every check the README
/// documents, with its severity.
#[test]
fn doctor_lists_its_checks_without_a_cluster() {
    let out = Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .args(["doctor", "--list-checks"])
        .env("KUBECONFIG", "/nonexistent/kubeconfig")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with("CHECK"), "{s}");
    for (id, severity) in [
        ("service-not-headless", "error"),
        ("pdb-missing", "warning"),
        ("update-even-quorum", "info"),
    ] {
        assert!(
            s.lines()
                .any(|l| l.starts_with(id) && l.split_whitespace().nth(1) == Some(severity)),
            "{id} {severity}:\n{s}"
        );
    }
    assert!(s.lines().count() > 25, "{s}");
}

#[test]
fn no_verb_prints_usage_and_exits_2() {
    let out = sts(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("Usage: kubectl sts"));
}

#[test]
fn recover_flag_misuse_exits_2_before_any_request() {
    for (args, needle) in [
        (vec!["recover", "web", "-A"], "cannot be combined with -A"),
        (vec!["recover", "--yes"], "add --fix"),
        (
            vec!["recover", "--remove-finalizers"],
            "only makes sense with --fix",
        ),
        (
            vec!["recover", "--fix", "--confirm-node-down", ""],
            "needs a node name",
        ),
    ] {
        let out = sts(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let e = text(&out.stderr);
        assert!(e.contains(needle), "{args:?}: {e}");
    }
}

#[test]
fn restart_usage_errors_exit_2_before_any_request() {
    for (args, needle) in [
        (vec!["restart"], "<NAME>"),
        (vec!["restart", "web", "-A"], "-A"),
        (vec!["restart", "web", "--min-ready", "soon"], "--min-ready"),
        (vec!["restart", "web", "--timeout", "x"], "--timeout"),
        (
            vec!["restart", "web", "--via-template", "--last", "web-0"],
            "--last",
        ),
    ] {
        let out = sts(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let e = text(&out.stderr);
        assert!(e.contains(needle), "{args:?}: {e}");
    }
}

#[test]
fn pvc_flag_conflicts_exit_2() {
    for args in [
        &["pvc", "orphans", "web", "-A"][..],
        &["pvc", "orphans", "--dry-run"][..],
        &["pvc", "orphans", "--claim", "data-web-0"][..],
        &["pvc", "orphans", "-A", "--delete", "--claim", "data-web-0"][..],
        &["pvc", "list", "web", "-A"][..],
    ] {
        let out = sts(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn rollout_without_partition_or_subcommand_is_a_usage_error() {
    for args in [
        &["rollout", "web"][..],
        &["rollout", "--partition", "1"][..],
    ] {
        let out = sts(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("Usage: kubectl sts rollout"),
            "{args:?}"
        );
    }
}

#[test]
fn rollout_subcommands_have_help_with_examples() {
    for sub in ["status", "canary", "pause", "resume", "history", "undo"] {
        let out = sts(&["rollout", sub, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{sub}");
        let s = text(&out.stdout);
        assert!(
            s.contains(&format!("Usage: kubectl sts rollout {sub}")),
            "{s}"
        );
        assert!(s.contains("Examples:"), "{sub}: {s}");
    }
}

#[test]
fn every_verb_that_writes_the_set_takes_force_owned() {
    for args in [
        &["rollout", "pause", "--help"][..],
        &["rollout", "resume", "--help"][..],
        &["rollout", "canary", "--help"][..],
        &["rollout", "undo", "--help"][..],
        &["rollout", "--help"][..],
        &["restart", "--help"][..],
    ] {
        let out = sts(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(text(&out.stdout).contains("--force-owned"), "{args:?}");
    }
    // It only means something where the set is written.
    let out = sts(&["restart", "web", "--force-owned"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--via-template"));
}

#[test]
fn missing_kubeconfig_is_a_clear_error() {
    let out = sts(&["status", "--kubeconfig", "/nonexistent/config"]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.starts_with("error: cannot read kubeconfig /nonexistent/config"),
        "{e}"
    );
    assert!(!e.contains("panicked"), "{e}");
}

/// A kubeconfig for a server at `server` with no credentials.
fn kubeconfig_for(server: &str) -> tempfile_path::TempPath {
    let p = tempfile_path::TempPath::new("kubeconfig");
    std::fs::write(
        &p.0,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: {server}\n    insecure-skip-tls-verify: true\ncontexts:\n- name: x\n  context:\n    cluster: c\n    user: u\n    namespace: default\ncurrent-context: x\nusers:\n- name: u\n  user: {{}}\n"
        ),
    )
    .unwrap();
    p
}

mod tempfile_path {
    pub struct TempPath(pub std::path::PathBuf);
    impl TempPath {
        pub fn new(stem: &str) -> Self {
            let n = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            Self(std::env::temp_dir().join(format!("ksts-{stem}-{}-{n}", std::process::id())))
        }
    }
    impl Drop for TempPath {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

#[test]
fn refused_connection_is_a_clear_error() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = format!("https://127.0.0.1:{port}");
    let kc = kubeconfig_for(&server);
    let out = sts(&[
        "status",
        "web",
        "--kubeconfig",
        kc.0.to_str().unwrap(),
        "--request-timeout",
        "5s",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.starts_with(&format!(
            "error: cannot reach the Kubernetes API server at {server}"
        )),
        "{e}"
    );
    assert!(
        e.contains("statefulsets.apps \"web\" in namespace \"default\""),
        "{e}"
    );
}

#[test]
fn silent_server_fails_within_the_request_timeout() {
    // Accepts connections and never answers, like a hung API server.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    let kc = kubeconfig_for(&format!("https://127.0.0.1:{port}"));
    let started = std::time::Instant::now();
    let out = sts(&[
        "status",
        "-A",
        "--kubeconfig",
        kc.0.to_str().unwrap(),
        "--request-timeout",
        "2s",
    ]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.contains("did not answer within --request-timeout=2s"),
        "{e}"
    );
    assert!(took < std::time::Duration::from_secs(6), "took {took:?}");
    assert!(
        took >= std::time::Duration::from_secs(2),
        "gave up before the timeout: {took:?}"
    );
}

/// A plain-HTTP API server that accepts every connection, records each
/// request line, and never answers: a hung connection, as seen by the
/// client. Returns its URL and the lines received so far.
fn hung_http_server() -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    std::sync::mpsc::Receiver<()>,
) {
    use std::io::{BufRead, BufReader};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let lines = seen.clone();
    std::thread::spawn(move || {
        for s in listener.incoming().flatten() {
            let (lines, tx) = (lines.clone(), tx.clone());
            std::thread::spawn(move || {
                let mut r = BufReader::new(s);
                let mut first = String::new();
                if r.read_line(&mut first).is_ok() && !first.is_empty() {
                    lines.lock().unwrap().push(first.trim_end().to_string());
                    let _ = tx.send(());
                }
                // Hold the connection open, reading nothing more.
                std::thread::sleep(std::time::Duration::from_secs(600));
                drop(r);
            });
        }
    });
    (format!("http://127.0.0.1:{port}"), seen, rx)
}

/// Waits up to `limit` for `child` to exit.
fn wait_for(child: &mut std::process::Child, limit: std::time::Duration) -> Option<Output> {
    let started = std::time::Instant::now();
    while started.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    Some(Output {
        status: child.wait().unwrap(),
        stdout: vec![],
        stderr: vec![],
    })
}

fn spawn_sts(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .args(args)
        .env_remove("KUBERNETES_SERVICE_HOST")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run kubectl-sts")
}

/// Sends `sig` (`-INT`, `-TERM`) to `child`.
fn signal(child: &std::process::Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("run kill")
        .success();
    assert!(ok, "kill {sig} failed");
}

#[test]
fn ctrl_c_before_the_first_write_stops_with_130_and_writes_nothing() {
    interrupted_before_the_first_write("-INT");
}

/// `timeout` and a cancelled CI job send SIGTERM: the same safe stop.
#[test]
fn sigterm_before_the_first_write_stops_with_130_and_writes_nothing() {
    interrupted_before_the_first_write("-TERM");
}

fn interrupted_before_the_first_write(sig: &str) {
    // The operation is blocked on its first read (the server never answers)
    // when the signal comes: outside any wait, before any write.
    let (server, seen, first_request) = hung_http_server();
    let kc = kubeconfig_for(&server);
    let mut child = spawn_sts(&[
        "restart",
        "web",
        "-n",
        "shop",
        "--yes",
        "--kubeconfig",
        kc.0.to_str().unwrap(),
    ]);
    first_request
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the command sends its first request");
    std::thread::sleep(std::time::Duration::from_millis(200));
    signal(&child, sig);
    let pressed = std::time::Instant::now();
    assert!(
        wait_for(&mut child, std::time::Duration::from_secs(10)).is_none(),
        "still running 10s after Ctrl-C"
    );
    let out = child.wait_with_output().unwrap();
    let e = text(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{e}");
    assert!(pressed.elapsed() < std::time::Duration::from_secs(5));
    assert!(
        e.contains("error: interrupted while waiting for the API server at"),
        "{e}"
    );
    assert!(e.contains(&server), "{e}");
    assert!(
        e.contains("Resume with: kubectl sts restart web -n shop --yes --kubeconfig"),
        "{e}"
    );
    let lines = seen.lock().unwrap().clone();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(
            l.starts_with("GET "),
            "a write was sent: {l} (all: {lines:?})"
        );
    }
}

#[test]
fn an_operation_on_a_hung_server_fails_within_the_default_request_timeout() {
    // No --request-timeout: the documented default (30s) bounds each request.
    let (server, _seen, _first) = hung_http_server();
    let kc = kubeconfig_for(&server);
    let started = std::time::Instant::now();
    let mut child = spawn_sts(&[
        "restart",
        "web",
        "-n",
        "shop",
        "--yes",
        "--kubeconfig",
        kc.0.to_str().unwrap(),
    ]);
    assert!(
        wait_for(&mut child, std::time::Duration::from_secs(45)).is_none(),
        "a hung connection hung the operation for 45s"
    );
    let took = started.elapsed();
    let out = child.wait_with_output().unwrap();
    let e = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(
        e.contains(&format!(
            "the API server at {server} did not answer within --request-timeout=30s"
        )),
        "{e}"
    );
    assert!(took >= std::time::Duration::from_secs(30), "{took:?}");
}

#[test]
fn help_documents_the_default_request_timeout() {
    let out = sts(&["restart", "--help"]);
    let s = text(&out.stdout);
    assert!(s.contains("--request-timeout"), "{s}");
    assert!(s.contains("[default: 30s]"), "{s}");
    assert!(s.contains("0 means no limit"), "{s}");
}
