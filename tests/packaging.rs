//! Packaging without a cluster: the committed completion scripts match the
//! CLI, the krew manifest is valid for krew's index, the release script's
//! archives hold the binary and LICENSE and the manifest carries their
//! sha256, and `completion install` writes a working completer.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-sts");
const PLATFORMS: &[(&str, &str)] = &[
    ("linux", "amd64"),
    ("linux", "arm64"),
    ("darwin", "amd64"),
    ("darwin", "arm64"),
    ("windows", "amd64"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run command");
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn sts(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("KUBECONFIG", "/nonexistent/kubeconfig")
        .env_remove("KUBERNETES_SERVICE_HOST")
        .output()
        .expect("run kubectl-sts")
}

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ksts-pkg-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn sha256_hex(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    ring::digest::digest(&ring::digest::SHA256, &bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ---------------------------------------------------------------------------
// completions/

#[test]
fn committed_completion_scripts_match_the_cli() {
    for (shell, file) in [
        ("bash", "kubectl-sts.bash"),
        ("zsh", "_kubectl-sts"),
        ("fish", "kubectl-sts.fish"),
        ("powershell", "kubectl-sts.ps1"),
    ] {
        let live = run(Command::new(BIN).args(["completion", shell])).stdout;
        let committed = std::fs::read(root().join("completions").join(file))
            .unwrap_or_else(|e| panic!("completions/{file}: {e}; run scripts/gen-completions"));
        assert!(
            live == committed,
            "completions/{file} is stale against `kubectl-sts completion {shell}`: run \
             scripts/gen-completions and commit the result"
        );
    }
}

#[test]
fn bash_script_completes_below_the_first_level() {
    // Sourced in bash, the generated function must complete a subcommand's
    // values, not only the verbs.
    let script = root().join("completions/kubectl-sts.bash");
    let probe = format!(
        "source '{}'; COMP_WORDS=(kubectl-sts status -o ''); COMP_CWORD=3; \
         _kubectl_sts kubectl-sts '' -o; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = run(Command::new("bash").args(["-c", &probe]));
    let words = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(words, "table\nwide\njson\nyaml\nname\n");
}

// ---------------------------------------------------------------------------
// The krew manifest

/// Checks a manifest against krew's rules (krew's ValidatePlugin: apiVersion,
/// kind, name, a one-line shortDescription, semver version, per platform a
/// uri, a 64-hex sha256, a bin and an os/arch-only selector; and the index's
/// check that no two platforms match the same os/arch), plus this project's
/// own: archive names, bin names and caveats. Returns the (os, arch) pairs.
fn validate_manifest(m: &Value) -> Result<Vec<(String, String)>, String> {
    let s = |v: &Value, what: &str| -> Result<String, String> {
        v.as_str()
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
            .ok_or(format!("{what} missing or empty"))
    };
    if s(&m["apiVersion"], "apiVersion")? != "krew.googlecontainertools.github.com/v1alpha2" {
        return Err("wrong apiVersion".into());
    }
    if s(&m["kind"], "kind")? != "Plugin" {
        return Err("kind must be Plugin".into());
    }
    if s(&m["metadata"]["name"], "metadata.name")? != "sts" {
        return Err("metadata.name must be sts".into());
    }
    let spec = &m["spec"];
    let version = s(&spec["version"], "spec.version")?;
    if !is_semver_tag(&version) {
        return Err(format!("spec.version {version} is not vMAJOR.MINOR.PATCH"));
    }
    let short = s(&spec["shortDescription"], "spec.shortDescription")?;
    if short.contains(['\r', '\n']) {
        return Err("shortDescription has a line break".into());
    }
    if short.len() > 50 {
        return Err(
            "shortDescription longer than 50 characters (krew's list shows one line)".into(),
        );
    }
    s(&spec["description"], "spec.description")?;
    let caveats = s(&spec["caveats"], "spec.caveats")?;
    if !caveats.contains("kubectl sts completion install") {
        return Err("caveats must explain the completion setup".into());
    }
    if !s(&spec["homepage"], "spec.homepage")?.starts_with("https://") {
        return Err("homepage must be https".into());
    }
    let platforms = spec["platforms"]
        .as_array()
        .filter(|p| !p.is_empty())
        .ok_or("spec.platforms missing or empty")?;
    let mut seen = BTreeSet::new();
    for p in platforms {
        let labels = p["selector"]["matchLabels"]
            .as_object()
            .ok_or("platform without selector.matchLabels")?;
        let keys: BTreeSet<&str> = labels.keys().map(String::as_str).collect();
        // A selector without arch (or os) would overlap the others of its os.
        if keys != BTreeSet::from(["arch", "os"]) {
            return Err(format!(
                "selector must have exactly os and arch: {labels:?}"
            ));
        }
        let os = s(&labels["os"], "os")?;
        let arch = s(&labels["arch"], "arch")?;
        if !PLATFORMS.contains(&(os.as_str(), arch.as_str())) {
            return Err(format!("unexpected platform {os}/{arch}"));
        }
        if !seen.insert((os.clone(), arch.clone())) {
            return Err(format!("overlapping selectors for {os}/{arch}"));
        }
        let uri = s(&p["uri"], "uri")?;
        let ext = if os == "windows" { ".zip" } else { ".tar.gz" };
        if !uri.starts_with("https://") || !uri.ends_with(&format!("_{version}_{os}_{arch}{ext}")) {
            return Err(format!(
                "uri {uri} does not name the {os}/{arch} archive of {version}"
            ));
        }
        let sha = s(&p["sha256"], "sha256")?;
        if sha.len() != 64 || !sha.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')) {
            return Err(format!(
                "sha256 of {os}/{arch} is not 64 lowercase hex digits"
            ));
        }
        let bin = s(&p["bin"], "bin")?;
        let want = if os == "windows" {
            "kubectl-sts.exe"
        } else {
            "kubectl-sts"
        };
        if bin != want {
            return Err(format!("bin of {os}/{arch} must be {want}"));
        }
    }
    Ok(seen.into_iter().collect())
}

fn is_semver_tag(v: &str) -> bool {
    let Some(rest) = v.strip_prefix('v') else {
        return false;
    };
    let core = rest.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
}

fn load_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()))
}

fn platform<'a>(m: &'a Value, os: &str, arch: &str) -> &'a Value {
    m["spec"]["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["selector"]["matchLabels"]["os"] == os && p["selector"]["matchLabels"]["arch"] == arch
        })
        .unwrap_or_else(|| panic!("no {os}/{arch} platform"))
}

#[test]
fn committed_manifest_is_valid_and_from_the_current_template() {
    let m = load_yaml(&root().join("krew-manifest.yaml"));
    let platforms = validate_manifest(&m).unwrap_or_else(|e| panic!("krew-manifest.yaml: {e}"));
    assert!(
        platforms.contains(&("linux".into(), "amd64".into())),
        "linux/amd64 is built by scripts/release here and must be listed"
    );
    assert_eq!(
        m["spec"]["version"],
        format!("v{}", env!("CARGO_PKG_VERSION")),
        "krew-manifest.yaml is from another version: run scripts/release"
    );

    // Everything but the platforms must equal a fresh rendering.
    let dist = temp_dir("tmpl");
    for (os, arch) in PLATFORMS {
        let ext = if *os == "windows" { "zip" } else { "tar.gz" };
        let name = format!(
            "kubectl-sts_v{}_{os}_{arch}.{ext}",
            env!("CARGO_PKG_VERSION")
        );
        std::fs::write(dist.join(name), format!("{os}/{arch}")).unwrap();
    }
    let out = dist.join("m.yaml");
    run(Command::new(root().join("scripts/release"))
        .arg("render")
        .arg(&dist)
        .arg(&out));
    let fresh = load_yaml(&out);
    for key in [
        "shortDescription",
        "description",
        "caveats",
        "homepage",
        "version",
    ] {
        assert_eq!(
            m["spec"][key], fresh["spec"][key],
            "krew-manifest.yaml's {key} differs from the template: run scripts/release"
        );
    }
    let _ = std::fs::remove_dir_all(&dist);
}

#[test]
fn template_renders_every_platform_with_each_archive_sha256() {
    let dist = temp_dir("all");
    for (os, arch) in PLATFORMS {
        let ext = if *os == "windows" { "zip" } else { "tar.gz" };
        let name = format!(
            "kubectl-sts_v{}_{os}_{arch}.{ext}",
            env!("CARGO_PKG_VERSION")
        );
        std::fs::write(dist.join(name), format!("stand-in archive for {os}/{arch}")).unwrap();
    }
    let out = dist.join("m.yaml");
    run(Command::new(root().join("scripts/release"))
        .arg("render")
        .arg(&dist)
        .arg(&out));
    let m = load_yaml(&out);
    let got = validate_manifest(&m).unwrap_or_else(|e| panic!("rendered manifest: {e}"));
    assert_eq!(got.len(), PLATFORMS.len(), "{got:?}");
    for (os, arch) in PLATFORMS {
        let p = platform(&m, os, arch);
        let name = p["uri"].as_str().unwrap().rsplit('/').next().unwrap();
        assert_eq!(p["sha256"], sha256_hex(&dist.join(name)), "{os}/{arch}");
    }
    let _ = std::fs::remove_dir_all(&dist);
}

#[test]
fn release_archive_holds_binary_and_license_and_its_sha256_is_in_the_manifest() {
    let dist = temp_dir("archive");
    // A small stand-in for the binary: the debug build is too large to pack
    // quickly, and packaging does not look inside it.
    let bin = dist.join("stand-in");
    std::fs::write(&bin, "#!/bin/sh\necho stand-in kubectl-sts \"$@\"\n").unwrap();
    let out = run(Command::new(root().join("scripts/release"))
        .args(["package", "linux/amd64"])
        .arg(&bin)
        .arg(&dist));
    let archive = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(archive.is_file(), "{}", archive.display());

    let listing = run(Command::new("tar").arg("-tzf").arg(&archive)).stdout;
    let mut entries: Vec<String> = String::from_utf8_lossy(&listing)
        .lines()
        .map(str::to_string)
        .collect();
    entries.sort();
    assert_eq!(entries, vec!["LICENSE", "kubectl-sts"]);
    let x = dist.join("x");
    std::fs::create_dir_all(&x).unwrap();
    run(Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&x));
    let ran = run(Command::new(x.join("kubectl-sts")).arg("--help"));
    assert_eq!(
        String::from_utf8_lossy(&ran.stdout),
        "stand-in kubectl-sts --help\n"
    );
    assert_eq!(
        std::fs::read(x.join("LICENSE")).unwrap(),
        std::fs::read(root().join("LICENSE")).unwrap()
    );

    let manifest = dist.join("m.yaml");
    run(Command::new(root().join("scripts/release"))
        .arg("render")
        .arg(&dist)
        .arg(&manifest));
    let m = load_yaml(&manifest);
    assert_eq!(
        validate_manifest(&m).unwrap(),
        vec![("linux".to_string(), "amd64".to_string())]
    );
    assert_eq!(
        platform(&m, "linux", "amd64")["sha256"],
        sha256_hex(&archive)
    );
    let _ = std::fs::remove_dir_all(&dist);
}

#[test]
fn validator_rejects_what_krew_rejects() {
    let good = load_yaml(&root().join("krew-manifest.yaml"));
    validate_manifest(&good).unwrap();
    let mutate = |f: &dyn Fn(&mut Value)| {
        let mut m = good.clone();
        f(&mut m);
        validate_manifest(&m)
    };
    type Mutation = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Mutation)> = vec![
        (
            "version",
            Box::new(|m| m["spec"]["version"] = "0.1.0".into()),
        ),
        (
            "version",
            Box::new(|m| m["spec"]["version"] = "v1.02.0".into()),
        ),
        (
            "sha256",
            Box::new(|m| m["spec"]["platforms"][0]["sha256"] = "ABC".into()),
        ),
        (
            "overlapping",
            Box::new(|m| {
                let p = m["spec"]["platforms"][0].clone();
                m["spec"]["platforms"].as_array_mut().unwrap().push(p);
            }),
        ),
        (
            "exactly os and arch",
            Box::new(|m| {
                m["spec"]["platforms"][0]["selector"]["matchLabels"]
                    .as_object_mut()
                    .unwrap()
                    .remove("arch");
            }),
        ),
        (
            "caveats",
            Box::new(|m| m["spec"]["caveats"] = "none".into()),
        ),
        ("kind", Box::new(|m| m["kind"] = "Plug".into())),
        (
            "line break",
            Box::new(|m| m["spec"]["shortDescription"] = "a\nb".into()),
        ),
    ];
    for (needle, f) in cases {
        let err = mutate(&*f).expect_err(needle);
        assert!(err.contains(needle), "{needle}: {err}");
    }
}

// ---------------------------------------------------------------------------
// completion install, the completer, version

#[test]
fn completion_install_writes_a_completer_that_answers() {
    let dir = temp_dir("install");
    let plugin = dir.join("kubectl-sts");
    std::os::unix::fs::symlink(BIN, &plugin).unwrap();
    let out = run(Command::new(&plugin)
        .args(["completion", "install"])
        .env("PATH", format!("{}:/usr/bin:/bin", dir.display())));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let completer = dir.join("kubectl_complete-sts");
    assert!(said.contains(&completer.display().to_string()), "{said}");
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "the directory is on PATH: no warning expected"
    );

    let answer = run(Command::new(&completer)
        .arg("")
        .env("KUBECONFIG", "/nonexistent/kubeconfig"));
    let text = String::from_utf8_lossy(&answer.stdout).into_owned();
    assert!(text.starts_with("status\t"), "{text}");
    assert!(text.ends_with("\n:4\n"), "{text}");
    assert!(answer.stderr.is_empty(), "the completer must stay quiet");

    // A live lookup that cannot connect offers nothing, quietly, at once.
    let answer = run(Command::new(&completer)
        .args(["status", "-n", "shop", ""])
        .env("KUBECONFIG", "/nonexistent/kubeconfig"));
    assert_eq!(String::from_utf8_lossy(&answer.stdout), ":4\n");
    assert!(answer.stderr.is_empty());

    // Installing again replaces our own file; a foreign one is left alone.
    run(Command::new(&plugin).args(["completion", "install"]));
    std::fs::write(dir.join("kubectl_complete-sts"), "#!/bin/sh\necho mine\n").unwrap();
    let refused = Command::new(&plugin)
        .args(["completion", "install"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("was not written by kubectl-sts"));
    assert_eq!(
        std::fs::read_to_string(dir.join("kubectl_complete-sts")).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn completion_install_warns_when_the_directory_is_not_on_path() {
    let dir = temp_dir("offpath");
    let out = run(Command::new(BIN)
        .args(["completion", "install", "--dir"])
        .arg(&dir)
        .env("PATH", "/usr/bin:/bin"));
    assert!(dir.join("kubectl_complete-sts").is_file());
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("is not on PATH"), "{e}");
    let missing = sts(&["completion", "install", "--dir", "/nonexistent/dir"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/dir is not a directory")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn binary_named_kubectl_complete_sts_is_the_completer() {
    let dir = temp_dir("argv0");
    let link = dir.join("kubectl_complete-sts");
    std::os::unix::fs::symlink(BIN, &link).unwrap();
    let out = run(Command::new(&link).args(["completion", "i"]));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "install\tInstall kubectl_complete-sts, which makes `kubectl sts <TAB>` work (kubectl 1.26+)\n:4\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn version_without_a_server_still_reports_and_exits_0() {
    let out = sts(&["version"]);
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.starts_with(&format!("kubectl-sts: v{}\n", env!("CARGO_PKG_VERSION"))),
        "{s}"
    );
    assert!(s.contains("kube-rs:     5."), "{s}");
    assert!(
        s.contains("server:      unreachable (no API server to connect to"),
        "{s}"
    );

    let out = sts(&["version", "--client", "-o", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["pluginVersion"],
        format!("v{}", env!("CARGO_PKG_VERSION"))
    );
    assert!(
        v.get("server").is_none(),
        "--client must not contact the server: {v}"
    );
}

#[test]
fn version_reports_an_unreachable_server_within_the_request_timeout() {
    let dir = temp_dir("version");
    let kubeconfig = dir.join("config");
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    std::fs::write(
        &kubeconfig,
        "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user:\n    token: t\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["version", "-o", "yaml", "--request-timeout", "3s"])
        .env("KUBECONFIG", &kubeconfig)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_norway::from_slice(&out.stdout).unwrap();
    assert_eq!(v["server"]["reachable"], false, "{v}");
    assert_eq!(v["server"]["url"], "https://127.0.0.1:1");
    assert!(
        v["server"]["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{v}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
