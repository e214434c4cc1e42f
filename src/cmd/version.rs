//! `kubectl sts version`: the plugin's version, the kube-rs and k8s-openapi
//! versions it was built with (from Cargo.lock, by build.rs), and the API
//! server's version when it answers.
//!
//! An unreachable or unconfigured server is reported, not treated as a
//! failure: the command exits 0 as long as it could say what it knows, since
//! it is what one runs first when something is wrong.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use crate::args::{GlobalArgs, OutputFormat, RequestTimeout};
use crate::error::Target;
use crate::render;

pub const PLUGIN_VERSION: &str = env!("CARGO_PKG_VERSION");
pub const KUBE_VERSION: &str = env!("KSTS_KUBE_VERSION");
pub const K8S_OPENAPI_VERSION: &str = env!("KSTS_K8S_OPENAPI_VERSION");
/// Bound for GET /version when --request-timeout sets none.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Args)]
pub struct VersionArgs {
    /// Print only the client side; do not contact the API server
    #[arg(long)]
    pub client: bool,
}

pub const EXAMPLES: &str = "\
Examples:
  # Plugin, kube-rs and API server versions
  kubectl sts version

  # Without contacting the API server
  kubectl sts version --client

  # As JSON (see docs/version-report.md)
  kubectl sts version -o json";

/// The documented report (docs/version-report.md).
#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VersionReport {
    /// `kubectl-sts/v1`
    pub api_version: &'static str,
    /// `VersionReport`
    pub kind: &'static str,
    pub plugin_version: String,
    pub kube_version: String,
    pub k8s_openapi_version: String,
    /// Absent with --client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<ServerVersion>,
}

#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServerVersion {
    pub reachable: bool,
    /// The API server URL, when a kubeconfig could be loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub git_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Why the version is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

pub async fn run(g: &GlobalArgs, args: &VersionArgs) -> Result<ExitCode> {
    let server = if args.client {
        None
    } else {
        Some(server_version(g).await)
    };
    let report = VersionReport {
        api_version: "kubectl-sts/v1",
        kind: "VersionReport",
        plugin_version: format!("v{PLUGIN_VERSION}"),
        kube_version: KUBE_VERSION.to_string(),
        k8s_openapi_version: K8S_OPENAPI_VERSION.to_string(),
        server,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match g.output {
        OutputFormat::Json => render::write_json(&mut out, &report)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, &report)?,
        _ => out.write_all(text(&report).as_bytes())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

async fn server_version(g: &GlobalArgs) -> ServerVersion {
    let mut g = g.clone();
    g.request_timeout = RequestTimeout(Some(g.request_timeout.0.unwrap_or(DEFAULT_TIMEOUT)));
    let unknown = |url: Option<String>, e: String| ServerVersion {
        reachable: false,
        url,
        git_version: None,
        platform: None,
        error: Some(e),
    };
    let kube = match crate::client::connect(&g).await {
        Ok(k) => k,
        Err(e) => return unknown(None, format!("{e:#}")),
    };
    let target = Target::new("get", "/version");
    match kube
        .call(&target, "", kube.client.apiserver_version())
        .await
    {
        Ok(info) => ServerVersion {
            reachable: true,
            url: Some(kube.server.clone()),
            git_version: Some(info.git_version),
            platform: Some(info.platform),
            error: None,
        },
        Err(e) => unknown(Some(kube.server.clone()), e.to_string()),
    }
}

/// The table form: one `what: version` line each.
pub fn text(r: &VersionReport) -> String {
    let mut s = format!(
        "kubectl-sts: {}\nkube-rs:     {} (k8s-openapi {})\n",
        r.plugin_version, r.kube_version, r.k8s_openapi_version
    );
    if let Some(sv) = &r.server {
        let at = sv
            .url
            .as_deref()
            .map(|u| format!(" at {u}"))
            .unwrap_or_default();
        match (&sv.git_version, &sv.error) {
            (Some(v), _) => s.push_str(&format!(
                "server:      {v}{at} ({})\n",
                sv.platform.as_deref().unwrap_or("unknown platform")
            )),
            (None, e) => s.push_str(&format!(
                "server:      unreachable{at} ({})\n",
                e.as_deref().unwrap_or("unknown error")
            )),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(server: Option<ServerVersion>) -> VersionReport {
        VersionReport {
            api_version: "kubectl-sts/v1",
            kind: "VersionReport",
            plugin_version: "v0.1.0".into(),
            kube_version: "5.0.0".into(),
            k8s_openapi_version: "0.29.0".into(),
            server,
        }
    }

    #[test]
    fn build_time_versions_come_from_cargo_lock() {
        let lock = include_str!("../../Cargo.lock");
        for (name, v) in [("kube", KUBE_VERSION), ("k8s-openapi", K8S_OPENAPI_VERSION)] {
            let entry = format!("name = \"{name}\"\nversion = \"{v}\"\n");
            assert!(lock.contains(&entry), "{name} {v} is not in Cargo.lock");
        }
    }

    #[test]
    fn text_names_each_part() {
        let reachable = report(Some(ServerVersion {
            reachable: true,
            url: Some("https://127.0.0.1:6443".into()),
            git_version: Some("v1.37.1".into()),
            platform: Some("linux/amd64".into()),
            error: None,
        }));
        assert_eq!(
            text(&reachable),
            "kubectl-sts: v0.1.0\nkube-rs:     5.0.0 (k8s-openapi 0.29.0)\n\
             server:      v1.37.1 at https://127.0.0.1:6443 (linux/amd64)\n"
        );
        let down = report(Some(ServerVersion {
            reachable: false,
            url: None,
            git_version: None,
            platform: None,
            error: Some("connection refused".into()),
        }));
        assert!(text(&down).ends_with("server:      unreachable (connection refused)\n"));
        assert!(!text(&report(None)).contains("server"));
    }

    #[test]
    fn json_shape_is_stable() {
        let v = serde_json::to_value(report(None)).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "apiVersion": "kubectl-sts/v1",
                "kind": "VersionReport",
                "pluginVersion": "v0.1.0",
                "kubeVersion": "5.0.0",
                "k8sOpenapiVersion": "0.29.0"
            })
        );
    }
}
