//! Flags -> kube::Config -> Client. The only place that reads kubeconfig:
//! loading and the connection flags follow kubectl (client-go's clientcmd),
//! with the decisions in `overrides` and `exec`.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Result;
use kube::Config;
use kube::config::{KubeConfigOptions, Kubeconfig, KubeconfigError};

use crate::args::GlobalArgs;
use crate::cluster::Kube;
use crate::error::Failure;

pub mod exec;
pub mod overrides;

/// Builds the client for the global flags: the kubeconfig as kubectl loads
/// it ([`load_kubeconfig`]), the connection flags applied as kubectl applies
/// them ([`overrides::resolve`]), exec plugins prepared
/// ([`exec::interactive_mode`]), or the pod's service account when there is
/// no kubeconfig. Errors are [`Failure::Config`] (nothing to connect to, a
/// missing context, an unreadable file) or [`Failure::Unauthorized`] (an
/// exec plugin that failed), both exit 1.
pub async fn connect(g: &GlobalArgs) -> Result<Kube> {
    let flags = flags_of(g);
    let (kc, sources) = load_kubeconfig(g.kubeconfig.as_deref())?;
    // The selected cluster's proxy-url, from the files just loaded (kube-rs
    // keeps it only merged with HTTPS_PROXY).
    let cluster_proxy = crate::proxy::cluster_proxy_url(
        &kc,
        &KubeConfigOptions {
            context: g.context.clone(),
            cluster: g.cluster.clone(),
            user: g.user.clone(),
        },
    );
    let resolved = overrides::resolve(&kc, &flags).map_err(|m| {
        Failure::Config(format!(
            "{m}. Check --context/--cluster/--user against {sources}"
        ))
    })?;
    let mut config = if resolved.has_server {
        let mut kc = resolved.kubeconfig;
        prepare_exec(&mut kc, resolved.user_name.as_deref())?;
        Config::from_custom_kubeconfig(kc, &KubeConfigOptions::default())
            .await
            .map_err(|e| {
                match crate::proxy::load_error(&e, &crate::proxy::ProxyEnv::from_env()) {
                    // A proxy setting kube-rs cannot read: named, with the fix.
                    Some(msg) => Failure::Config(msg),
                    None => {
                        Failure::Config(format!("cannot use {sources} with the flags given: {e}"))
                    }
                }
            })?
    } else if std::env::var_os("KUBERNETES_SERVICE_HOST").is_some() && !flags.selects() {
        // In a pod without a kubeconfig, use the service account, as kubectl
        // does; of the flags it takes a token and a CA (and, as before,
        // --insecure-skip-tls-verify).
        let mut c = Config::incluster().map_err(|e| {
            Failure::Config(format!(
                "no kubeconfig ({sources}) and the in-cluster service account is not usable: {}",
                crate::cause::root_cause(&e)
            ))
        })?;
        if let Some(t) = &flags.token {
            c.auth_info.token = Some(t.clone().into());
            c.auth_info.token_file = None;
        }
        if let Some(ca) = &flags.certificate_authority {
            c.root_cert_file = Some(PathBuf::from(ca));
        }
        c.accept_invalid_certs |= flags.insecure_skip_tls_verify;
        c
    } else {
        return Err(Failure::Config(format!(
            "no API server to connect to: {sources} has no context with a server. Pass \
             --kubeconfig PATH or set KUBECONFIG, check --context, or give --server URL"
        ))
        .into());
    };

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
        cluster_proxy
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
        .map_err(|e| match (exec::failure(&e), &e) {
            (Some(msg), _) => Failure::Unauthorized(msg),
            // Its message names the file that could not be read.
            (None, kube::Error::InferKubeconfig(k)) => {
                Failure::Config(format!("cannot build a client for {server}: {k}"))
            }
            (None, _) => Failure::Config(format!(
                "cannot build a client for {server}: {}",
                crate::cause::root_cause(&e)
            )),
        })?
        // Under --dry-run, no write without dryRun=All leaves the process.
        .with_layer(&crate::cluster::guard::DryRunLayer)
        .build();
    Ok(
        Kube::new(client, server, default_ns, g.request_timeout.0, g.verbosity)
            .with_proxy(proxy.map(|p| p.describe())),
    )
}

/// The connection flags as [`overrides::resolve`] takes them.
fn flags_of(g: &GlobalArgs) -> overrides::Flags {
    overrides::Flags {
        context: g.context.clone(),
        cluster: g.cluster.clone(),
        user: g.user.clone(),
        server: g.server.clone(),
        certificate_authority: g.certificate_authority.clone(),
        insecure_skip_tls_verify: g.insecure_skip_tls_verify,
        tls_server_name: g.tls_server_name.clone(),
        disable_compression: g.disable_compression,
        token: g.token.clone(),
        client_certificate: g.client_certificate.clone(),
        client_key: g.client_key.clone(),
    }
}

/// The kubeconfig as kubectl loads it: `--kubeconfig` (which must exist),
/// else the files of KUBECONFIG merged (the first to set a value wins),
/// else ~/.kube/config. Unlike kube's `Kubeconfig::read`, a missing file
/// in KUBECONFIG, or a missing ~/.kube/config, counts as empty, as in
/// client-go's loader: `KUBECONFIG=/nonexistent kubectl --server URL`
/// works. Returns the config and a description of where it came from.
pub fn load_kubeconfig(explicit: Option<&str>) -> Result<(Kubeconfig, String), Failure> {
    if let Some(path) = explicit {
        let kc = Kubeconfig::read_from(path)
            .map_err(|e| config_failure(&format!("cannot read kubeconfig {path}"), &e))?;
        return Ok((kc, format!("kubeconfig {path}")));
    }
    let (paths, sources) = match std::env::var_os("KUBECONFIG") {
        Some(v) if std::env::split_paths(&v).any(|p| !p.as_os_str().is_empty()) => {
            let paths: Vec<PathBuf> = std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect();
            let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            (paths, format!("KUBECONFIG ({})", list.join(", ")))
        }
        _ => {
            let home = std::env::home_dir().map(|h| h.join(".kube").join("config"));
            (home.into_iter().collect(), "~/.kube/config".to_string())
        }
    };
    let mut merged = Kubeconfig::default();
    for p in &paths {
        match Kubeconfig::read_from(p) {
            Ok(kc) => {
                merged = merged.merge(kc).map_err(|e| {
                    config_failure(&format!("cannot merge kubeconfig {}", p.display()), &e)
                })?
            }
            Err(KubeconfigError::ReadConfig(e, _)) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(config_failure(
                    &format!("cannot read kubeconfig {}", p.display()),
                    &e,
                ));
            }
        }
    }
    Ok((merged, sources))
}

/// Records the user's exec plugin for error messages and sets how it may
/// use the terminal ([`exec::interactive_mode`]).
fn prepare_exec(kc: &mut Kubeconfig, user: Option<&str>) -> Result<(), Failure> {
    let Some(exec) = kc
        .auth_infos
        .iter_mut()
        .filter_map(|u| u.auth_info.as_mut())
        .find_map(|a| a.exec.as_mut())
    else {
        return Ok(());
    };
    let plugin = exec::Plugin {
        command: exec.command.clone().unwrap_or_default(),
        user: user.map(str::to_string),
        install_hint: exec.install_hint.clone(),
    };
    exec.interactive_mode = exec::interactive_mode(
        exec.interactive_mode.as_ref(),
        std::io::stdin().is_terminal(),
    )
    .map_err(|why| {
        Failure::Unauthorized(format!(
            "cannot run the exec credential plugin {:?}{}: {why}",
            plugin.command,
            plugin
                .user
                .as_deref()
                .map(|u| format!(" of kubeconfig user {u:?}"))
                .unwrap_or_default()
        ))
    })?;
    exec::set_plugin(plugin);
    Ok(())
}

fn config_failure(what: &str, err: &(dyn std::error::Error + 'static)) -> Failure {
    if let Some(msg) = crate::proxy::load_error(err, &crate::proxy::ProxyEnv::from_env()) {
        return Failure::Config(msg);
    }
    Failure::Config(format!(
        "{what}: {}. Pass --kubeconfig PATH or set KUBECONFIG, and check --context",
        crate::cause::root_cause(err)
    ))
}
