//! Errors that decide the exit code, and the one place that turns Kubernetes
//! API errors into plain sentences naming the object and the next step.

use std::error::Error as StdError;
use std::fmt;

// Cluster-scoped kinds are those only the ClusterRoles of deploy/rbac/ grant.
use crate::plan::rbac;

/// What a request was about, so an error can name it.
#[derive(Debug, Clone)]
pub struct Target {
    /// API verb as RBAC spells it: get, list, patch, delete, create, watch.
    pub verb: &'static str,
    /// Resource as RBAC spells it: `statefulsets.apps`, `pods`.
    pub resource: String,
    /// `None` for cluster-scoped requests, `Some("")` never used.
    pub namespace: Option<String>,
    pub name: Option<String>,
}

impl Target {
    pub fn new(verb: &'static str, resource: impl Into<String>) -> Self {
        Self {
            verb,
            resource: resource.into(),
            namespace: None,
            name: None,
        }
    }
    pub fn ns(mut self, ns: Option<&str>) -> Self {
        self.namespace = ns.map(str::to_string);
        self
    }
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.to_string());
        self
    }

    /// `statefulsets.apps "web" in namespace "shop"`, or `pods in all namespaces`.
    fn describe(&self) -> String {
        let mut s = self.resource.to_string();
        if let Some(n) = &self.name {
            s.push_str(&format!(" {n:?}"));
        }
        match &self.namespace {
            Some(ns) => s.push_str(&format!(" in namespace {ns:?}")),
            None if self.name.is_none() && !rbac::cluster_scoped(&self.resource) => {
                s.push_str(" in all namespaces")
            }
            None => {}
        }
        s
    }

    /// Which role of `deploy/rbac/` grants this request's permission
    /// (`plan::rbac`), or, for one it does not list, what to ask for.
    fn grant(&self) -> String {
        let ns = self.namespace.as_deref();
        match rbac::grant_hint(self.verb, &self.resource, ns) {
            Some(hint) => format!("That permission is {hint}"),
            None => format!(
                "Ask a cluster administrator for RBAC permission to {} {}",
                self.verb, self.resource
            ),
        }
    }

    fn can_i(&self) -> String {
        let scope = match &self.namespace {
            Some(ns) => format!(" -n {ns}"),
            None if rbac::cluster_scoped(&self.resource) => String::new(),
            None => " -A".to_string(),
        };
        format!("kubectl auth can-i {} {}{scope}", self.verb, self.resource)
    }
}

/// Failures with a known meaning. Each message names the object and what to
/// do next; the exit code is 1 for all of them unless stated.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Unreachable(String),
    #[error("{0}")]
    Api(String),
    /// A destructive action refused for lack of confirmation or evidence.
    #[error("{0}")]
    Refused(String),
    /// A wait passed its deadline; the operation stopped there (exit 3).
    #[error("{0}")]
    TimedOut(String),
    /// Ctrl-C; the operation stopped in a safe, explained state (exit 130).
    #[error("{0}")]
    Interrupted(String),

    #[error("{0}")]
    Config(String),
}

impl Failure {
    /// 1 for every failure or refusal, except a missed deadline (3) and an
    /// interruption (130, as a shell reports Ctrl-C).
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::TimedOut(_) => 3,
            Failure::Interrupted(_) => 130,
            _ => 1,
        }
    }
}

/// Translates an error from kube-rs into a [`Failure`] that names the target.
pub fn api_failure(err: kube::Error, target: &Target, server: &str) -> Failure {
    match err {
        kube::Error::Api(status) => {
            let what = target.describe();
            let msg = status.message.trim();
            match status.code {
                404 => Failure::NotFound(format!("{what} not found")),
                403 => Failure::Forbidden(format!(
                    "forbidden: you may not {} {what}{}. {}. Check with: {}",
                    target.verb,
                    server_says(msg),
                    target.grant(),
                    target.can_i()
                )),
                401 => Failure::Unauthorized(format!(
                    "unauthorized: the API server at {server} rejected the credentials of the \
                     current kubeconfig user{}. Log in again or pick another --context/--user",
                    server_says(msg)
                )),
                409 => Failure::Conflict(format!(
                    "conflict on {what}: it was changed by someone else{}. Re-run the command so \
                     it re-reads the current state",
                    server_says(msg)
                )),
                422 => Failure::Invalid(format!(
                    "{what} is invalid{}",
                    invalid_fields(&status).unwrap_or_else(|| server_says(msg))
                )),
                410 => Failure::Api(format!(
                    "the list of {what} expired while it was being read (410 Gone); re-run the command"
                )),
                429 => Failure::Api(format!(
                    "the API server is throttling requests ({} {what}, 429){}; wait and re-run",
                    target.verb,
                    server_says(msg)
                )),
                code => Failure::Api(format!(
                    "the API server failed to {} {what} (HTTP {code} {}){}",
                    target.verb,
                    status.reason,
                    server_says(msg)
                )),
            }
        }
        kube::Error::Service(e) if e.is::<crate::cluster::guard::DryRunRefused>() => {
            Failure::Refused(e.to_string())
        }
        // A credential plugin run again for an expiring token, and failing.
        other if crate::client::exec::failure(&other).is_some() => {
            Failure::Unauthorized(crate::client::exec::failure(&other).unwrap_or_default())
        }
        other => Failure::Unreachable(format!(
            "cannot reach the Kubernetes API server at {server} to {} {}: {}. Check that the \
             cluster is up and that --kubeconfig/--context point at it",
            target.verb,
            target.describe(),
            crate::cause::root_cause(&other)
        )),
    }
}

fn server_says(msg: &str) -> String {
    if msg.is_empty() {
        String::new()
    } else {
        format!(" (API server: {msg})")
    }
}

fn invalid_fields(status: &kube::core::Status) -> Option<String> {
    let causes = &status.details.as_ref()?.causes;
    if causes.is_empty() {
        return None;
    }
    let parts: Vec<String> = causes
        .iter()
        .map(|c| match (c.field.as_str(), c.message.as_str()) {
            ("", m) => m.to_string(),
            (f, m) => format!("{f}: {m}"),
        })
        .collect();
    Some(format!(": {}", parts.join("; ")))
}

/// Request-timeout failures get their own sentence: the user set a limit and
/// it was reached. `proxy`: the proxy requests go through, if any.
pub fn timeout_failure(
    target: &Target,
    server: &str,
    proxy: Option<&str>,
    limit: std::time::Duration,
) -> Failure {
    let (via, check) = match proxy {
        Some(p) => (
            format!(" through the proxy {p}"),
            "the proxy and the cluster are",
        ),
        None => (String::new(), "the cluster is"),
    };
    Failure::Unreachable(format!(
        "the API server at {server}{via} did not answer within --request-timeout={} when trying \
         to {} {}. Check that {check} up and reachable, or raise --request-timeout",
        crate::duration::human(limit),
        target.verb,
        target.describe()
    ))
}

/// A request through a proxy failed before the API server answered: names
/// the proxy and the server, and which of the two hops failed when the
/// error tells ([`crate::proxy::explain`]).
pub fn proxy_failure(err: &kube::Error, target: &Target, server: &str, proxy: &str) -> Failure {
    let mut causes = vec![err.to_string()];
    let mut cur = err.source();
    while let Some(e) = cur {
        causes.push(e.to_string());
        cur = e.source();
    }
    let (why, next) = crate::proxy::explain(&causes);
    Failure::Unreachable(format!(
        "cannot reach the Kubernetes API server at {server} through the proxy {proxy} to {} {}: \
         {why}. {next}",
        target.verb,
        target.describe(),
    ))
}

/// Ctrl-C while a read was in flight: nothing was written after the press;
/// re-running the same command resumes (every operation re-reads and
/// re-decides, and those with steps resume from their record).
pub fn interrupted_failure(target: &Target, server: &str) -> Failure {
    Failure::Interrupted(format!(
        "interrupted while waiting for the API server at {server} to {} {}; nothing was \
         written after the interruption, so everything is as the last completed step left \
         it. Resume with: {}",
        target.verb,
        target.describe(),
        crate::hint::rerun_command()
    ))
}

/// Prints an error once, as `error: ...`, with its causes.
pub struct Report<'a>(pub &'a anyhow::Error);

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.0)?;
        // Failures already carry their explanation; only add foreign causes.
        if self.0.downcast_ref::<Failure>().is_none() {
            for cause in self.0.chain().skip(1) {
                write!(f, "\n  caused by: {cause}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kube::core::Status;
    use kube::core::response::{StatusCause, StatusDetails};

    fn api(code: u16, reason: &str, message: &str) -> kube::Error {
        kube::Error::Api(Status::failure(message, reason).with_code(code).boxed())
    }

    #[test]
    fn not_found_names_object_and_namespace() {
        let t = Target::new("get", "statefulsets.apps")
            .ns(Some("shop"))
            .name("web");
        let f = api_failure(
            api(404, "NotFound", "statefulsets.apps \"web\" not found"),
            &t,
            "https://x",
        );
        assert_eq!(
            f.to_string(),
            "statefulsets.apps \"web\" in namespace \"shop\" not found"
        );
    }

    #[test]
    fn forbidden_names_verb_resource_and_next_step() {
        let t = Target::new("list", "pods").ns(Some("shop"));
        let msg = "pods is forbidden: User \"jane\" cannot list resource \"pods\" in API group \"\" in the namespace \"shop\"";
        let f = api_failure(api(403, "Forbidden", msg), &t, "https://x").to_string();
        assert!(
            f.starts_with("forbidden: you may not list pods in namespace \"shop\""),
            "{f}"
        );
        assert!(
            f.contains("User \\\"jane\\\"") || f.contains("User \"jane\""),
            "{f}"
        );
        assert!(f.contains("kubectl auth can-i list pods -n shop"), "{f}");
    }

    #[test]
    fn forbidden_names_the_role_of_deploy_rbac_that_grants_it() {
        let cases = [
            (
                Target::new("patch", "statefulsets.apps")
                    .ns(Some("shop"))
                    .name("web"),
                "forbidden: you may not patch statefulsets.apps \"web\" in namespace \"shop\". \
                 That permission is granted by the Role kubectl-sts-operator in \
                 deploy/rbac/operator.yaml: ask a cluster administrator to apply it in namespace \
                 \"shop\" and bind it to you there with a RoleBinding; see the README section \
                 \"Permissions\". Check with: kubectl auth can-i patch statefulsets.apps -n shop",
            ),
            (
                Target::new("list", "persistentvolumes"),
                "forbidden: you may not list persistentvolumes. That permission is granted by \
                 the ClusterRole kubectl-sts-cluster-reader in deploy/rbac/cluster-reader.yaml: \
                 ask a cluster administrator to bind it to you with a ClusterRoleBinding; see \
                 the README section \"Permissions\". Check with: kubectl auth can-i list \
                 persistentvolumes",
            ),
            (
                Target::new("create", "pods/eviction")
                    .ns(Some("db"))
                    .name("pg-0"),
                "forbidden: you may not create pods/eviction \"pg-0\" in namespace \"db\". That \
                 permission is granted by the Role kubectl-sts-operator in \
                 deploy/rbac/operator.yaml",
            ),
            (
                Target::new("get", "secrets").ns(Some("db")).name("x"),
                "forbidden: you may not get secrets \"x\" in namespace \"db\". Ask a cluster \
                 administrator for RBAC permission to get secrets. Check with: kubectl auth \
                 can-i get secrets -n db",
            ),
        ];
        for (t, want) in cases {
            let f = api_failure(api(403, "Forbidden", ""), &t, "https://x").to_string();
            assert!(f.starts_with(want), "{f}\nwant: {want}");
        }
    }

    #[test]
    fn forbidden_cluster_wide_suggests_all_namespaces_check() {
        let t = Target::new("list", "statefulsets.apps");
        let f = api_failure(api(403, "Forbidden", ""), &t, "https://x").to_string();
        assert!(f.contains("statefulsets.apps in all namespaces"), "{f}");
        assert!(
            f.contains("kubectl auth can-i list statefulsets.apps -A"),
            "{f}"
        );
    }

    #[test]
    fn invalid_lists_fields() {
        let s = Status::failure("bad", "Invalid")
            .with_code(422)
            .with_details(StatusDetails {
                name: "web".into(),
                group: "apps".into(),
                kind: "statefulsets".into(),
                uid: String::new(),
                causes: vec![StatusCause {
                    field: "spec.replicas".into(),
                    message: "must be >= 0".into(),
                    reason: "FieldValueInvalid".into(),
                }],
                retry_after_seconds: 0,
            });
        let t = Target::new("patch", "statefulsets.apps")
            .ns(Some("a"))
            .name("web");
        let f = api_failure(kube::Error::Api(s.boxed()), &t, "https://x").to_string();
        assert!(
            f.ends_with("is invalid: spec.replicas: must be >= 0"),
            "{f}"
        );
    }

    #[test]
    fn transport_errors_say_unreachable_with_cause() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused");
        let err = kube::Error::Service(Box::new(io));
        let t = Target::new("get", "statefulsets.apps")
            .ns(Some("a"))
            .name("web");
        let f = api_failure(err, &t, "https://127.0.0.1:1").to_string();
        assert!(
            f.starts_with("cannot reach the Kubernetes API server at https://127.0.0.1:1"),
            "{f}"
        );
        assert!(f.contains("Connection refused"), "{f}");
    }

    #[test]
    fn proxy_and_timeout_failures_name_the_proxy_and_the_server() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused");
        let t = Target::new("list", "pods").ns(Some("a"));
        let proxy = "http://127.0.0.1:3128 (from HTTPS_PROXY)";
        let f = proxy_failure(
            &kube::Error::Service(Box::new(io)),
            &t,
            "https://k8s:6443",
            proxy,
        )
        .to_string();
        assert!(
            f.starts_with(
                "cannot reach the Kubernetes API server at https://k8s:6443 through the proxy \
                 http://127.0.0.1:3128 (from HTTPS_PROXY) to list pods in namespace \"a\": \
                 Connection refused."
            ),
            "{f}"
        );
        let f = timeout_failure(
            &t,
            "https://k8s:6443",
            Some(proxy),
            std::time::Duration::from_secs(2),
        );
        let f = f.to_string();
        assert!(
            f.contains("at https://k8s:6443 through the proxy http://127.0.0.1:3128"),
            "{f}"
        );
        assert!(
            f.contains("Check that the proxy and the cluster are up"),
            "{f}"
        );
    }
}
