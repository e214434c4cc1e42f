//! kubectl's connection flags applied to a kubeconfig, as client-go's
//! `clientcmd.DirectClientConfig` applies its `ConfigOverrides`
//! (k8s.io/client-go/tools/clientcmd/client_config.go, `getContext`,
//! `getCluster`, `getAuthInfo`): pure, no file or network access.
//!
//! The outcome is a kubeconfig with a single context, built from the
//! selected context, cluster and user with the flags applied, which kube's
//! own loader then turns into a `kube::Config` (CA and key files, exec
//! plugins and their `provideClusterInfo` all see the overridden values).

use kube::config::{
    AuthInfo, Cluster, Context, Kubeconfig, NamedAuthInfo, NamedCluster, NamedContext,
};
use secrecy::SecretString;

/// The flags that select and override, as typed (`None`: not given).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    pub context: Option<String>,
    pub cluster: Option<String>,
    pub user: Option<String>,
    pub server: Option<String>,
    pub certificate_authority: Option<String>,
    pub insecure_skip_tls_verify: bool,
    pub tls_server_name: Option<String>,
    pub disable_compression: bool,
    pub token: Option<String>,
    pub client_certificate: Option<String>,
    pub client_key: Option<String>,
}

impl Flags {
    /// Whether a context, cluster or user was named (kubectl does not fall
    /// back to the in-cluster service account then).
    pub fn selects(&self) -> bool {
        self.context.is_some() || self.cluster.is_some() || self.user.is_some()
    }
}

/// The connection to make: a one-context kubeconfig, and what messages
/// need to name.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// One context, cluster and user, all named [`NAME`]; current.
    pub kubeconfig: Kubeconfig,
    /// The kubeconfig user the credentials come from, if any.
    pub user_name: Option<String>,
    /// The cluster ends up with a server URL (else there is nothing to
    /// connect to: the caller tries in-cluster, or says so).
    pub has_server: bool,
}

/// Name of the single context, cluster and user of [`Resolved::kubeconfig`].
pub const NAME: &str = "kubectl-sts";

/// Applies `flags` to `kc` as kubectl does:
///
/// - the context is `--context`, else `current-context`; a named context
///   that does not exist is an error (client-go's `ConfirmUsable`), no
///   context at all is fine (`kubectl --server URL` without a kubeconfig);
/// - the cluster is `--cluster`, else the context's; the user `--user`,
///   else the context's. A flag naming a missing one is an error; a
///   context naming a missing one gives an empty one, as in client-go;
/// - `--server`, `--tls-server-name`, `--disable-compression` override the
///   cluster's; `--server` also drops the kubeconfig's `tls-server-name`
///   (it names the old server); `--certificate-authority` or
///   `--insecure-skip-tls-verify` replace the cluster's CA, CA data and
///   insecure setting together;
/// - `--client-certificate` and `--client-key` replace the user's file and
///   data fields; any credential flag (these or `--token`) turns the
///   user's exec plugin and auth-provider off, as client-go skips the exec
///   plugin when a token or certificate is configured;
/// - `--token` replaces the user's token, tokenFile and basic auth, and also
///   its client certificate unless one is given by flag. (kubectl keeps
///   presenting the kubeconfig's certificate, and the API server, which
///   checks certificates before tokens, then ignores `--token`; for a
///   break-glass token that is never what the user meant.)
///
/// Errors are sentences naming the missing context, cluster or user.
pub fn resolve(kc: &Kubeconfig, flags: &Flags) -> Result<Resolved, String> {
    let context_name = flags.context.clone().or_else(|| kc.current_context.clone());
    let context = match context_name.as_deref().filter(|n| !n.is_empty()) {
        Some(name) => Some(
            find(&kc.contexts, name, |c| &c.name, |c| c.context.clone()).ok_or_else(|| {
                let from = if flags.context.is_some() {
                    "--context"
                } else {
                    "current-context"
                };
                format!(
                    "context {name:?} ({from}) does not exist in the kubeconfig{}",
                    one_of(kc.contexts.iter().map(|c| &c.name))
                )
            })?,
        ),
        None => None,
    };

    let cluster_name = flags
        .cluster
        .clone()
        .or_else(|| context.as_ref().map(|c| c.cluster.clone()))
        .filter(|n| !n.is_empty());
    let mut cluster = match (&cluster_name, &flags.cluster) {
        (Some(name), Some(_)) => find(&kc.clusters, name, |c| &c.name, |c| c.cluster.clone())
            .ok_or_else(|| {
                format!(
                    "cluster {name:?} (--cluster) does not exist in the kubeconfig{}",
                    one_of(kc.clusters.iter().map(|c| &c.name))
                )
            })?,
        (Some(name), None) => {
            find(&kc.clusters, name, |c| &c.name, |c| c.cluster.clone()).unwrap_or_default()
        }
        (None, _) => Cluster::default(),
    };

    let user_name = flags
        .user
        .clone()
        .or_else(|| context.as_ref().and_then(|c| c.user.clone()))
        .filter(|n| !n.is_empty());
    let mut user = match (&user_name, &flags.user) {
        (Some(name), Some(_)) => find(&kc.auth_infos, name, |u| &u.name, |u| u.auth_info.clone())
            .ok_or_else(|| {
            format!(
                "user {name:?} (--user) does not exist in the kubeconfig{}",
                one_of(kc.auth_infos.iter().map(|u| &u.name))
            )
        })?,
        (Some(name), None) => {
            find(&kc.auth_infos, name, |u| &u.name, |u| u.auth_info.clone()).unwrap_or_default()
        }
        (None, _) => AuthInfo::default(),
    };

    apply_cluster(&mut cluster, flags);
    apply_user(&mut user, flags);

    let has_server = cluster.server.as_deref().is_some_and(|s| !s.is_empty());
    let kubeconfig = Kubeconfig {
        clusters: vec![NamedCluster {
            name: NAME.into(),
            cluster: Some(cluster),
            ..Default::default()
        }],
        auth_infos: vec![NamedAuthInfo {
            name: NAME.into(),
            auth_info: Some(user),
            ..Default::default()
        }],
        contexts: vec![NamedContext {
            name: NAME.into(),
            context: Some(Context {
                cluster: NAME.into(),
                user: Some(NAME.into()),
                namespace: context.and_then(|c| c.namespace),
                ..Default::default()
            }),
            ..Default::default()
        }],
        current_context: Some(NAME.into()),
        ..Default::default()
    };
    Ok(Resolved {
        kubeconfig,
        user_name,
        has_server,
    })
}

fn apply_cluster(c: &mut Cluster, f: &Flags) {
    if let Some(s) = &f.server {
        c.server = Some(s.clone());
    }
    if f.server.is_some() || f.tls_server_name.is_some() {
        c.tls_server_name = f.tls_server_name.clone();
    }
    if f.certificate_authority.is_some() || f.insecure_skip_tls_verify {
        c.certificate_authority = f.certificate_authority.clone();
        c.certificate_authority_data = None;
        c.insecure_skip_tls_verify = Some(f.insecure_skip_tls_verify);
    }
    if f.disable_compression {
        c.disable_compression = Some(true);
    }
}

fn apply_user(u: &mut AuthInfo, f: &Flags) {
    let cert_flag = f.client_certificate.is_some() || f.client_key.is_some();
    if let Some(p) = &f.client_certificate {
        u.client_certificate = Some(p.clone());
        u.client_certificate_data = None;
    }
    if let Some(p) = &f.client_key {
        u.client_key = Some(p.clone());
        u.client_key_data = None;
    }
    if let Some(t) = &f.token {
        u.token = Some(SecretString::from(t.clone()));
        u.token_file = None;
        u.username = None;
        u.password = None;
        if !cert_flag {
            u.client_certificate = None;
            u.client_certificate_data = None;
            u.client_key = None;
            u.client_key_data = None;
        }
    }
    if cert_flag || f.token.is_some() {
        u.exec = None;
        u.auth_provider = None;
    }
}

fn find<T, V>(
    items: &[T],
    name: &str,
    name_of: impl Fn(&T) -> &String,
    value: impl Fn(&T) -> Option<V>,
) -> Option<V>
where
    V: Default,
{
    items
        .iter()
        .find(|i| name_of(i) == name)
        .map(|i| value(i).unwrap_or_default())
}

fn one_of<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<&str> = names.map(String::as_str).collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" (it has: {})", names.join(", "))
    }
}

#[cfg(test)]
mod tests;
