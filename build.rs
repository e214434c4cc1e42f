//! Records the resolved versions of kube and k8s-openapi (from Cargo.lock) for
//! `kubectl sts version`, so the output cannot drift from what was built.

use std::fs;
use std::path::Path;

fn main() {
    let lock = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    println!("cargo:rerun-if-changed=build.rs");
    let text = fs::read_to_string(&lock).unwrap_or_default();
    for (krate, var) in [
        ("kube", "KSTS_KUBE_VERSION"),
        ("k8s-openapi", "KSTS_K8S_OPENAPI_VERSION"),
    ] {
        let v = locked_version(&text, krate).unwrap_or_else(|| "unknown".into());
        println!("cargo:rustc-env={var}={v}");
    }
}

/// The version of `name` in a Cargo.lock: the line after `name = "<name>"`.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == wanted {
            let v = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(v.trim_end_matches('"').to_string());
        }
    }
    None
}
