//! Flags -> kube::Config -> Client. The only place that reads kubeconfig.

use anyhow::Result;
use kube::Config;
use kube::config::{KubeConfigOptions, Kubeconfig};

use crate::args::GlobalArgs;
use crate::cluster::Kube;
use crate::error::Failure;

pub async fn connect(g: &GlobalArgs) -> Result<Kube> {
    let options = KubeConfigOptions {
        context: g.context.clone(),
        cluster: g.cluster.clone(),
        user: g.user.clone(),
    };
    let mut config = match &g.kubeconfig {
        Some(path) => {
            let kc = Kubeconfig::read_from(path)
                .map_err(|e| config_failure(&format!("cannot read kubeconfig {path}"), &e))?;
            Config::from_custom_kubeconfig(kc, &options)
                .await
                .map_err(|e| config_failure(&format!("cannot use kubeconfig {path}"), &e))?
        }
        None => match Config::from_kubeconfig(&options).await {
            Ok(c) => c,
            // In a pod without a kubeconfig, use the service account, as kubectl does.
            Err(e) if std::env::var_os("KUBERNETES_SERVICE_HOST").is_some() && no_selection(g) => {
                Config::incluster().map_err(|_| config_failure("cannot load a kubeconfig", &e))?
            }
            Err(e) => {
                return Err(config_failure(
                    "cannot load a kubeconfig (looked at $KUBECONFIG and ~/.kube/config)",
                    &e,
                )
                .into());
            }
        },
    };

    if g.insecure_skip_tls_verify {
        config.accept_invalid_certs = true;
    }
    if let Some(user) = &g.as_user {
        config.auth_info.impersonate = Some(user.clone());
    }
    if !g.as_group.is_empty() {
        config.auth_info.impersonate_groups = Some(g.as_group.clone());
    }
    // Kube::call bounds each request as a whole; only connecting is bounded
    // here, so long-running watches are not cut by a read timeout.
    if let Some(t) = g.request_timeout.0 {
        config.connect_timeout = Some(t);
    }
    // kube retries 429/503/504 on its own by default. Writes in this tool
    // decide themselves what a 429 means (an eviction's 429 is a PDB saying
    // no), so retries are explicit in the code that needs them.
    config.default_retry = false;
    // kube-rs picks a proxy from the environment by rules of its own: decide
    // it as kubectl does, for the server this client really talks to.
    let proxy = crate::proxy::choose(
        &config.cluster_url,
        kubeconfig_proxy_url(g, &options)
            .as_ref()
            .map(|(cluster, url)| (cluster.as_str(), url.as_str())),
        &crate::proxy::ProxyEnv::from_env(),
    )
    .map_err(Failure::Config)?;
    config.proxy_url = proxy.as_ref().map(|p| p.url.clone());

    let server = config
        .cluster_url
        .to_string()
        .trim_end_matches('/')
        .to_string();
    let default_ns = config.default_namespace.clone();
    let client = kube::client::ClientBuilder::try_from(config)
        .map_err(|e| {
            Failure::Config(format!(
                "cannot build a client for {server}: {}",
                crate::error::root_cause(&e)
            ))
        })?
        // Under --dry-run, no write without dryRun=All leaves the process.
        .with_layer(&crate::cluster::guard::DryRunLayer)
        .build();
    Ok(
        Kube::new(client, server, default_ns, g.request_timeout.0, g.verbosity)
            .with_proxy(proxy.map(|p| p.describe())),
    )
}

/// The selected cluster's name and `proxy-url`, from the same kubeconfig
/// files kube-rs loaded (none in a pod using its service account).
fn kubeconfig_proxy_url(g: &GlobalArgs, options: &KubeConfigOptions) -> Option<(String, String)> {
    let kc = match &g.kubeconfig {
        Some(path) => Kubeconfig::read_from(path),
        None => Kubeconfig::read(),
    };
    crate::proxy::cluster_proxy_url(&kc.ok()?, options)
}

fn no_selection(g: &GlobalArgs) -> bool {
    g.context.is_none() && g.cluster.is_none() && g.user.is_none()
}

fn config_failure(what: &str, err: &(dyn std::error::Error + 'static)) -> Failure {
    if let Some(msg) = crate::proxy::load_error(err, &crate::proxy::ProxyEnv::from_env()) {
        return Failure::Config(msg);
    }
    Failure::Config(format!(
        "{what}: {}. Pass --kubeconfig PATH or set KUBECONFIG, and check --context",
        crate::error::root_cause(err)
    ))
}
