//! Thin async reads and writes. Every request goes through [`Kube::call`], which
//! applies `--request-timeout`, counts and (with `-v 6`) logs the request, and
//! translates errors into sentences that name the object.
//!
//! Lists are paginated (limit 500) and consistent: no `resourceVersion=0`,
//! so a read that gates a decision sees the latest state.

pub mod check;
mod check_tls;
pub mod claims;
pub mod doctor;
pub mod evict;
pub mod guard;
pub mod lease;
pub mod prune;
pub mod pvc;
pub mod recover;
pub mod rollout;
pub mod set;
pub mod snapshot;
pub mod status;
mod version;
pub mod wait;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use k8s_openapi::NamespaceResourceScope;
use kube::api::{Api, ListParams};
use kube::{Client, Resource};
use serde::de::DeserializeOwned;

use crate::error::{
    Failure, Target, api_failure, interrupted_failure, proxy_failure, timeout_failure,
};
use crate::interrupt::Interrupt;
use prune::Prune;

pub const PAGE_SIZE: u32 = 500;

/// A connection to the API server. Cloning is cheap and shares the request
/// count, so a page can be read by a task of its own.
#[derive(Clone)]
pub struct Kube {
    pub client: Client,
    /// API server URL, for error messages.
    pub server: String,
    /// The context's namespace, used when -n is not given.
    pub default_ns: String,
    timeout: Option<Duration>,
    verbosity: u8,
    requests: Arc<AtomicUsize>,
    /// The proxy requests go through, described for error messages.
    proxy: Option<String>,
}

impl Kube {
    pub fn new(
        client: Client,
        server: String,
        default_ns: String,
        timeout: Option<Duration>,
        verbosity: u8,
    ) -> Self {
        Self {
            client,
            server,
            default_ns,
            timeout,
            verbosity,
            requests: Arc::new(AtomicUsize::new(0)),
            proxy: None,
        }
    }

    /// Names the proxy (`proxy::Proxy::describe`) in connection errors.
    pub fn with_proxy(mut self, proxy: Option<String>) -> Self {
        self.proxy = proxy;
        self
    }

    /// Number of API requests made so far.
    pub fn request_count(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    /// Runs one API request with the request timeout, logging and error
    /// translation. A read (get, list) that is in flight when Ctrl-C is
    /// pressed returns `Failure::Interrupted` at once: nothing was written,
    /// and the operation stops before its next write. A read started after
    /// the press runs (an operation's clean-up may need it), and a write in
    /// flight is left to finish, bounded by the request timeout, so its
    /// outcome is known.
    pub async fn call<T, F>(&self, target: &Target, detail: &str, fut: F) -> Result<T, Failure>
    where
        F: Future<Output = Result<T, kube::Error>>,
    {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        let limited = async {
            match self.timeout {
                // Bounds the whole request: connect, TLS handshake and response.
                Some(limit) => tokio::time::timeout(limit, fut).await.map_err(|_| limit),
                None => Ok(fut.await),
            }
        };
        let interrupt = Interrupt::global();
        let res = if matches!(target.verb, "get" | "list") && !interrupt.is_set() {
            tokio::select! {
                biased;
                r = limited => r,
                _ = interrupt.wait() => {
                    self.log(target, detail, "interrupted", started);
                    return Err(interrupted_failure(target, &self.server));
                }
            }
        } else {
            limited.await
        };
        let res = match res {
            Ok(r) => r,
            Err(limit) => {
                self.log(target, detail, "timeout", started);
                return Err(timeout_failure(
                    target,
                    &self.server,
                    self.proxy.as_deref(),
                    limit,
                ));
            }
        };
        let outcome = match &res {
            Ok(_) => "ok".to_string(),
            Err(kube::Error::Api(s)) => s.code.to_string(),
            Err(kube::Error::Service(e)) if e.is::<guard::DryRunRefused>() => {
                "not sent (dry run)".to_string()
            }
            Err(_) => "transport error".to_string(),
        };
        self.log(target, detail, &outcome, started);
        res.map_err(|e| match (self.timeout, &e) {
            // The client's connect timeout (which covers the TLS handshake)
            // fired: report it as the limit the user set.
            (Some(limit), e)
                if !matches!(e, kube::Error::Api(_))
                    && started.elapsed() + Duration::from_millis(100) >= limit =>
            {
                timeout_failure(target, &self.server, self.proxy.as_deref(), limit)
            }
            _ => match &self.proxy {
                Some(proxy) if is_transport(&e) => proxy_failure(&e, target, &self.server, proxy),
                _ => api_failure(e, target, &self.server),
            },
        })
    }

    fn log(&self, target: &Target, detail: &str, outcome: &str, started: Instant) {
        if self.verbosity >= 6 {
            let ns = target
                .namespace
                .as_deref()
                .map(|n| format!(" -n {n}"))
                .unwrap_or_default();
            let name = target
                .name
                .as_deref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default();
            eprintln!(
                "api: {} {}{name}{ns}{}{} -> {outcome} in {}ms",
                target.verb.to_uppercase(),
                target.resource,
                if detail.is_empty() { "" } else { " " },
                detail,
                started.elapsed().as_millis()
            );
        }
    }

    /// GET a namespaced object; `Ok(None)` when it does not exist.
    pub async fn get_opt<K>(&self, ns: &str, name: &str) -> Result<Option<K>, Failure>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>
            + Clone
            + DeserializeOwned
            + std::fmt::Debug,
    {
        let api: Api<K> = Api::namespaced(self.client.clone(), ns);
        let target = Target::new("get", resource_name::<K>())
            .ns(Some(ns))
            .name(name);
        self.call(&target, "", api.get_opt(name)).await
    }

    /// LIST a namespaced kind in one namespace, or in all with `ns = None`,
    /// following continue tokens.
    pub async fn list<K>(&self, ns: Option<&str>, selector: Option<&str>) -> Result<Vec<K>, Failure>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>
            + Clone
            + DeserializeOwned
            + std::fmt::Debug,
    {
        let api: Api<K> = match ns {
            Some(ns) => Api::namespaced(self.client.clone(), ns),
            None => Api::all(self.client.clone()),
        };
        self.list_pages(api, ns, selector, None).await
    }

    /// LIST like [`Kube::list`], each object slimmed by [`Prune`] as its
    /// page arrives: for the read-only reports, whose memory then grows with
    /// the fields they read rather than with whole objects.
    pub async fn list_pruned<K>(
        &self,
        ns: Option<&str>,
        selector: Option<&str>,
    ) -> Result<Vec<K>, Failure>
    where
        K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>
            + Clone
            + DeserializeOwned
            + std::fmt::Debug
            + Prune,
    {
        let api: Api<K> = match ns {
            Some(ns) => Api::namespaced(self.client.clone(), ns),
            None => Api::all(self.client.clone()),
        };
        self.list_pages(api, ns, selector, Some(K::prune)).await
    }

    /// LIST a cluster-scoped kind, following continue tokens.
    pub async fn list_cluster<K>(&self) -> Result<Vec<K>, Failure>
    where
        K: Resource<DynamicType = ()> + Clone + DeserializeOwned + std::fmt::Debug,
    {
        self.list_pages(Api::all(self.client.clone()), None, None, None)
            .await
    }

    /// [`Kube::list_cluster`] with each object slimmed by [`Prune`].
    pub async fn list_cluster_pruned<K>(&self) -> Result<Vec<K>, Failure>
    where
        K: Resource<DynamicType = ()> + Clone + DeserializeOwned + std::fmt::Debug + Prune,
    {
        self.list_pages(Api::all(self.client.clone()), None, None, Some(K::prune))
            .await
    }

    /// Follows continue tokens, applying `prune` to each object of a page
    /// before the next page is requested. The result is allocated once, at
    /// the size the first page announces (`remainingItemCount`), rather than
    /// grown by doubling, which would briefly hold two copies of it.
    async fn list_pages<K>(
        &self,
        api: Api<K>,
        ns: Option<&str>,
        selector: Option<&str>,
        prune: Option<fn(&mut K)>,
    ) -> Result<Vec<K>, Failure>
    where
        K: Resource<DynamicType = ()> + Clone + DeserializeOwned + std::fmt::Debug,
    {
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        let mut page = 1;
        loop {
            let mut list = match prune {
                Some(prune) => {
                    let body = self
                        .list_page_text(&api, ns, selector, token.as_deref(), page)
                        .await?;
                    let mut l = decode_slim(&body)?;
                    l.items.iter_mut().for_each(prune);
                    l
                }
                None => {
                    let (target, detail, lp) =
                        page_params::<K>(ns, selector, token.as_deref(), page);
                    self.call(&target, &detail, api.list(&lp)).await?
                }
            };
            if page == 1 {
                let rest = list.metadata.remaining_item_count.unwrap_or(0);
                items.reserve_exact(list.items.len() + usize::try_from(rest).unwrap_or(0));
            }
            items.append(&mut list.items);
            match list.metadata.continue_.filter(|c| !c.is_empty()) {
                Some(next) => {
                    token = Some(next);
                    page += 1;
                }
                None => return Ok(items),
            }
        }
    }

    /// The body of page `page` (from 1, for the log) of a LIST of at most
    /// [`PAGE_SIZE`] objects, continuing from `token` (none for the first
    /// page), undecoded.
    pub async fn list_page_text<K>(
        &self,
        api: &Api<K>,
        ns: Option<&str>,
        selector: Option<&str>,
        token: Option<&str>,
        page: u32,
    ) -> Result<String, Failure>
    where
        K: Resource<DynamicType = ()>,
    {
        let (target, detail, lp) = page_params::<K>(ns, selector, token, page);
        let read = async {
            let mut req = kube::core::Request::new(api.resource_url())
                .list(&lp)
                .map_err(kube::Error::BuildRequest)?;
            req.extensions_mut().insert("list");
            self.client.request_text(req).await
        };
        self.call(&target, &detail, read).await
    }
}

/// A LIST body decoded for the read-only reports: without its managed
/// fields, which are cut from the body before it is decoded
/// ([`prune::body`]); everything else is as the server sent it. Errors:
/// the body is not a list of `K`.
pub fn decode_slim<K>(body: &str) -> Result<kube::core::ObjectList<K>, Failure>
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + std::fmt::Debug,
{
    serde_json::from_str(&prune::body::strip_managed_fields(body)).map_err(|e| {
        Failure::Api(format!(
            "the API server's list of {} could not be read: {e}",
            resource_name::<K>()
        ))
    })
}

/// What a LIST page is logged as, and its parameters.
fn page_params<K: Resource<DynamicType = ()>>(
    ns: Option<&str>,
    selector: Option<&str>,
    token: Option<&str>,
    page: u32,
) -> (Target, String, ListParams) {
    let target = Target::new("list", resource_name::<K>()).ns(ns);
    let mut lp = ListParams::default().limit(PAGE_SIZE);
    if let Some(s) = selector.filter(|s| !s.is_empty()) {
        lp = lp.labels(s);
    }
    if let Some(t) = token {
        lp = lp.continue_token(t);
    }
    let detail = match selector.filter(|s| !s.is_empty()) {
        Some(s) => format!("labelSelector={s} limit={PAGE_SIZE} page={page}"),
        None => format!("limit={PAGE_SIZE} page={page}"),
    };
    (target, detail, lp)
}

/// An error below HTTP (connecting, TLS, a proxy): not an answer of the API
/// server, the dry-run guard's refusal or a failing credential plugin.
fn is_transport(e: &kube::Error) -> bool {
    let boxed = match e {
        kube::Error::HyperError(_) => return true,
        kube::Error::Service(s) if !s.is::<guard::DryRunRefused>() => s,
        _ => return false,
    };
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(boxed.as_ref());
    while let Some(c) = cur {
        if c.is::<kube::client::AuthError>() {
            return false;
        }
        cur = c.source();
    }
    true
}

/// `statefulsets.apps`, `pods`: the resource as RBAC and kubectl spell it.
pub fn resource_name<K: Resource<DynamicType = ()>>() -> String {
    let plural = K::plural(&());
    let group = K::group(&());
    if group.is_empty() {
        plural.into_owned()
    } else {
        format!("{plural}.{group}")
    }
}
