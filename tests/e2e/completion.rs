//! `kubectl sts <TAB>` through the real kubectl (the test cluster's version):
//! kubectl's `__complete` runs `kubectl_complete-sts` from PATH, which
//! `kubectl sts completion install` wrote next to the plugin.

use std::path::PathBuf;
use std::process::Command;

use crate::harness::{self, create_set, namespace, web_set};

/// A PATH holding only the plugin (a symlink named as krew would install
/// it), the completer that `completion install` writes, and kubectl.
struct PluginDir {
    dir: PathBuf,
    kubectl: PathBuf,
    /// A copy of the e2e kubeconfig whose current context has no access, so
    /// that names only appear when the typed `--context` is honoured.
    kubeconfig: PathBuf,
}

impl PluginDir {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("ksts-e2e-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let plugin = dir.join("kubectl-sts");
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_kubectl-sts"), &plugin).unwrap();
        let e = harness::env();
        let kubeconfig = dir.join("kubeconfig");
        std::fs::copy(&e.kubeconfig, &kubeconfig).unwrap();
        let d = PluginDir {
            kubectl: harness::kubectl(),
            dir,
            kubeconfig,
        };
        let out = Command::new(&d.kubectl)
            .args(["config", "use-context", &e.noaccess_context])
            .env("KUBECONFIG", &d.kubeconfig)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = Command::new(&plugin)
            .args(["completion", "install"])
            .env("PATH", d.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "completion install: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(d.dir.join("kubectl_complete-sts").is_file());
        d
    }

    fn path(&self) -> String {
        format!(
            "{}:{}:/usr/bin:/bin",
            self.dir.display(),
            self.kubectl.parent().unwrap().display()
        )
    }

    /// `kubectl __complete sts WORDS...`: the candidates (without the
    /// descriptions) and the directive line.
    fn complete(&self, words: &[&str]) -> (Vec<String>, String) {
        let out = Command::new(&self.kubectl)
            .arg("__complete")
            .arg("sts")
            .args(words)
            .env("PATH", self.path())
            .env("KUBECONFIG", &self.kubeconfig)
            .env("HOME", &self.dir)
            .output()
            .expect("run kubectl __complete");
        assert_eq!(
            out.status.code(),
            Some(0),
            "kubectl __complete sts {words:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let directive = lines.pop().unwrap_or_default();
        let names = lines
            .into_iter()
            .map(|l| l.split('\t').next().unwrap_or_default().to_string())
            .collect();
        (names, directive)
    }
}

impl Drop for PluginDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn kubectl_completes_verbs_flags_statefulsets_and_namespaces() {
    let client = harness::client().await;
    let ns = namespace(&client, "comp").await;
    for name in ["comp-web", "comp-db", "other"] {
        let (_, set) = web_set(name, 1, &[]);
        create_set(&client, &ns, None, &set).await;
    }
    let ctx = harness::env().context;
    let d = PluginDir::new("complete");

    // kubectl sts <TAB>
    let (verbs, directive) = d.complete(&[""]);
    for verb in [
        "status",
        "rollout",
        "restart",
        "pvc",
        "recover",
        "completion",
        "version",
    ] {
        assert!(
            verbs.contains(&verb.to_string()),
            "{verb} missing: {verbs:?}"
        );
    }
    assert_eq!(directive, ":4");

    // kubectl sts status --na<TAB>
    let (flags, _) = d.complete(&["status", "--na"]);
    assert_eq!(flags, vec!["--namespace"]);

    // kubectl sts --context C status -n NS comp<TAB>: live names, by prefix.
    let (mut names, directive) = d.complete(&["--context", &ctx, "status", "-n", &ns, "comp"]);
    names.sort();
    assert_eq!(names, vec!["comp-db", "comp-web"]);
    assert_eq!(directive, ":4");

    // kubectl sts --context C -n <prefix><TAB>: namespaces, with the typed
    // context although its value precedes the flag being completed.
    let prefix = &ns[..ns.len() - 2];
    let (namespaces, _) = d.complete(&["--context", &ctx, "-n", prefix]);
    assert!(namespaces.contains(&ns), "{ns} not in {namespaces:?}");
    assert!(
        namespaces.iter().all(|n| n.starts_with(prefix)),
        "{namespaces:?}"
    );

    // The current context (no access): nothing is offered, kubectl still answers.
    let (names, directive) = d.complete(&["status", "-n", &ns, ""]);
    assert!(names.is_empty(), "{names:?}");
    assert_eq!(directive, ":4");
}
