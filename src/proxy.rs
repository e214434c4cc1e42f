//! Which proxy carries the connection to the API server, decided as kubectl
//! decides it:
//! - a cluster with `proxy-url` in the kubeconfig always goes through it
//!   (http, https or socks5), and the proxy environment is ignored for it
//!   (client-go `clientcmd`: `Proxy = http.ProxyURL(proxy-url)`);
//! - otherwise HTTPS_PROXY (an https server) or HTTP_PROXY (an http server),
//!   upper case before lower case, unless NO_PROXY exempts the server, and
//!   never for `localhost` or a loopback address (Go's
//!   `http.ProxyFromEnvironment` in golang.org/x/net/http/httpproxy, plus
//!   client-go's `NewProxierWithNoProxyCIDR`).
//!
//! kube-rs reads the same variables, but matches NO_PROXY against the
//! proxy's address instead of the API server's, applies it to `proxy-url`
//! too, uses HTTPS_PROXY for http servers and proxies loopback: so
//! `client::connect` replaces its choice with [`choose`]'s.

use std::error::Error as StdError;
use std::net::IpAddr;

use http::Uri;
use kube::config::{KubeConfigOptions, Kubeconfig, KubeconfigError};

/// The proxy variables of the environment, each the first non-empty of its
/// upper- and lower-case spelling, as Go's `httpproxy.FromEnvironment` reads them.
#[derive(Debug, Clone, Default)]
pub struct ProxyEnv {
    https: Option<(&'static str, String)>,
    http: Option<(&'static str, String)>,
    no_proxy: Option<(&'static str, String)>,
    /// REQUEST_METHOD is set: a CGI program, where HTTP_PROXY may come from a
    /// client's `Proxy:` header (httpoxy), so Go refuses to use it.
    cgi: bool,
}

impl ProxyEnv {
    /// Reads HTTPS_PROXY, HTTP_PROXY, NO_PROXY (and their lower-case forms)
    /// and REQUEST_METHOD from the process environment.
    pub fn from_env() -> Self {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// The same from any lookup (tests pass a table).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        let any = |names: [&'static str; 2]| {
            names
                .into_iter()
                .find_map(|n| get(n).filter(|v| !v.is_empty()).map(|v| (n, v)))
        };
        Self {
            https: any(["HTTPS_PROXY", "https_proxy"]),
            http: any(["HTTP_PROXY", "http_proxy"]),
            no_proxy: any(["NO_PROXY", "no_proxy"]),
            cgi: get("REQUEST_METHOD").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// Where a proxy was configured, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `proxy-url` of this kubeconfig cluster.
    ProxyUrl(String),
    /// This environment variable.
    Env(&'static str),
}

/// The proxy requests to the API server go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    /// http://, https:// or socks5:// (the schemes kube-rs connects through).
    pub url: Uri,
    /// Where it was configured.
    pub origin: Origin,
}

impl Proxy {
    /// `http://127.0.0.1:3128 (proxy-url of cluster "prod")`, with a password
    /// in the URL shown as `xxxxx`, as Go's `url.Redacted` shows it.
    pub fn describe(&self) -> String {
        let origin = match &self.origin {
            Origin::ProxyUrl(cluster) => format!("proxy-url of cluster {cluster:?}"),
            Origin::Env(name) => format!("from {name}"),
        };
        format!("{} ({origin})", redacted(&self.url))
    }
}

fn redacted(url: &Uri) -> String {
    let s = url.to_string();
    let s = s.strip_suffix('/').unwrap_or(&s).to_string();
    let Some(auth) = url.authority().map(|a| a.as_str()) else {
        return s;
    };
    match auth.rsplit_once('@') {
        Some((info, host)) => match info.split_once(':') {
            Some((user, _)) => s.replacen(auth, &format!("{user}:xxxxx@{host}"), 1),
            None => s,
        },
        None => s,
    }
}

/// The proxy for requests to `server`, or `None` to connect directly.
///
/// `proxy_url` is the selected kubeconfig cluster's name and `proxy-url`
/// (an empty one counts as unset, as in client-go). With one, the
/// environment is ignored. Without, the environment decides as Go's
/// `http.ProxyFromEnvironment` does; a variable Go cannot parse as a URL is
/// ignored as Go ignores it, and `socks5h://` is taken as `socks5://` (both
/// let the proxy resolve the server's name, as Go's socks5 does).
///
/// Errors: a `proxy-url` that is not an http, https or socks5 URL (kubectl
/// refuses the kubeconfig with the same words); a proxy of another scheme in
/// the environment; HTTP_PROXY in a CGI environment (Go refuses it); a
/// SOCKS5 proxy with a user and password, which kube-rs cannot send.
pub fn choose(
    server: &Uri,
    proxy_url: Option<(&str, &str)>,
    env: &ProxyEnv,
) -> Result<Option<Proxy>, String> {
    if let Some((cluster, raw)) = proxy_url.filter(|(_, u)| !u.is_empty()) {
        let invalid =
            |why: String| format!("invalid 'proxy-url' {raw:?} for cluster {cluster:?}: {why}");
        let url: Uri = raw
            .parse()
            .map_err(|_| invalid(format!("could not parse: {raw}")))?;
        let url = supported(url, false).map_err(invalid)?;
        return Ok(Some(Proxy {
            url,
            origin: Origin::ProxyUrl(cluster.to_string()),
        }));
    }
    let (name, raw) = match server.scheme_str() {
        Some("https") => match &env.https {
            Some(v) => v,
            None => return Ok(None),
        },
        Some("http") => match &env.http {
            Some(v) => v,
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    // Go ignores a value it cannot parse, even with http:// prepended.
    let Some(url) = parse_env_proxy(raw) else {
        return Ok(None);
    };
    if server.scheme_str() == Some("http") && env.cgi {
        return Err(format!(
            "refusing to use {name} in a CGI environment (REQUEST_METHOD is set); see golang.org/s/cgihttpproxy"
        ));
    }
    let host = server.host().unwrap_or_default();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let port = server
        .port_u16()
        .unwrap_or(if server.scheme_str() == Some("https") {
            443
        } else {
            80
        })
        .to_string();
    let no_proxy = env.no_proxy.as_ref().map_or("", |(_, v)| v.as_str());
    if bypass(host, &port, no_proxy) {
        return Ok(None);
    }
    let shown = redacted(&url);
    let url = supported(url, true).map_err(|why| format!("cannot use {name}={shown}: {why}"))?;
    Ok(Some(Proxy {
        url,
        origin: Origin::Env(name),
    }))
}

/// Go's `parseProxy`: the value as a URL, or with `http://` prepended when
/// it has no scheme or no host (`proxy:3128`).
fn parse_env_proxy(raw: &str) -> Option<Uri> {
    match raw.parse::<Uri>() {
        Ok(u) if u.scheme().is_some() && u.host().is_some_and(|h| !h.is_empty()) => Some(u),
        _ => format!("http://{raw}").parse().ok(),
    }
}

/// The URL with a scheme kube-rs can connect through, lower-cased;
/// `socks5h` (from the environment only, as kubectl) as `socks5`.
fn supported(url: Uri, from_env: bool) -> Result<Uri, String> {
    let scheme = url.scheme_str().unwrap_or_default().to_ascii_lowercase();
    let scheme = match scheme.as_str() {
        "http" | "https" | "socks5" => scheme,
        "socks5h" if from_env => "socks5".to_string(),
        other => {
            let allowed = if from_env {
                "http, https, socks5 or socks5h"
            } else {
                "http, https, or socks5"
            };
            return Err(format!("unsupported scheme {other:?}, must be {allowed}"));
        }
    };
    let Some(authority) = url.authority().filter(|a| !a.host().is_empty()) else {
        return Err("the proxy URL has no host".to_string());
    };
    if scheme == "socks5" && authority.as_str().contains('@') {
        return Err(
            "kubectl-sts cannot log in to a SOCKS5 proxy (user and password in the URL); use a \
             SOCKS5 proxy without authentication or an http(s) proxy"
                .to_string(),
        );
    }
    let rest = url.path_and_query().map_or("", |p| p.as_str());
    format!("{scheme}://{authority}{rest}")
        .parse()
        .map_err(|e| format!("could not parse: {e}"))
}

/// True when an environment proxy must not be used for `host:port` (the
/// server's host without brackets, and its port or the scheme's default):
/// `localhost`, a loopback address, or a match in NO_PROXY, a comma-separated
/// list (golang.org/x/net/http/httpproxy `useProxy`, entries trimmed,
/// lower-cased, empty ones skipped):
/// - `*` matches everything;
/// - a CIDR (`10.0.0.0/8`, `fd00::/8`; IPv4 octets may have leading zeros,
///   as client-go's `NewProxierWithNoProxyCIDR` parses them) matches an IP
///   host inside it;
/// - an IP, optionally with a port (`10.1.2.3`, `10.1.2.3:6443`, `[::1]:6443`)
///   matches that IP host (on that port);
/// - a name (`example.com`) matches it and its subdomains; `.example.com`
///   and `*.example.com` only the subdomains; with `:port`, only that port.
///   Names never match an IP host.
pub fn bypass(host: &str, port: &str, no_proxy: &str) -> bool {
    if host == "localhost" {
        return true;
    }
    let ip = host.parse::<IpAddr>().ok().map(|ip| ip.to_canonical());
    if ip.is_some_and(|ip| ip.is_loopback()) {
        return true;
    }
    let host = host.trim().to_lowercase();
    no_proxy.split(',').any(|entry| {
        let p = entry.trim().to_lowercase();
        if p.is_empty() {
            return false;
        }
        if p == "*" {
            return true;
        }
        if let Some((net, bits)) = parse_cidr(&p) {
            return ip.is_some_and(|ip| cidr_contains(net, bits, ip));
        }
        let (phost, pport) = match split_host_port(&p) {
            Some(("", _)) => return false,
            Some((h, port)) => (h, port),
            None => (p.as_str(), ""),
        };
        let port_ok = pport.is_empty() || pport == port;
        if let Ok(pip) = phost.parse::<IpAddr>() {
            return ip == Some(pip.to_canonical()) && port_ok;
        }
        if ip.is_some() {
            return false;
        }
        let phost = phost.strip_prefix("*.").map_or(phost, |_| &phost[1..]);
        let matched = match phost.strip_prefix('.') {
            Some(_) => host.ends_with(phost),
            None => host == phost || host.ends_with(&format!(".{phost}")),
        };
        matched && port_ok
    })
}

/// Go's `net.SplitHostPort`: `host:port` or `[v6]:port`; None when there is
/// no port or too many colons.
fn split_host_port(s: &str) -> Option<(&str, &str)> {
    let i = s.rfind(':')?;
    // j, k: where '[' and ']' may no longer appear (Go's names).
    let (host, j, k) = if s.starts_with('[') {
        let end = s.find(']')?;
        if end + 1 != i {
            return None;
        }
        (&s[1..end], 1, end + 1)
    } else {
        let host = &s[..i];
        if host.contains(':') {
            return None;
        }
        (host, 0, 0)
    };
    if s[j..].contains('[') || s[k..].contains(']') {
        return None;
    }
    Some((host, &s[i + 1..]))
}

/// `addr/bits` with an IPv4 (leading zeros allowed) or IPv6 address.
fn parse_cidr(s: &str) -> Option<(IpAddr, u8)> {
    let (addr, bits) = s.split_once('/')?;
    if bits.is_empty() || !bits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let bits: u8 = bits.parse().ok()?;
    let ip = match addr.parse::<std::net::Ipv6Addr>() {
        Ok(v6) => IpAddr::V6(v6),
        Err(_) => {
            let octets: Vec<u8> = addr
                .split('.')
                .map(|o| {
                    (!o.is_empty() && o.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| o.parse().ok())
                        .flatten()
                })
                .collect::<Option<_>>()?;
            IpAddr::from(<[u8; 4]>::try_from(octets).ok()?)
        }
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (bits <= max).then_some((ip, bits))
}

fn cidr_contains(net: IpAddr, bits: u8, ip: IpAddr) -> bool {
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(n) & mask == u32::from(a) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(n) & mask == u128::from(a) & mask
        }
        _ => false,
    }
}

/// Why a request through a proxy failed and what to check next, from the
/// error's messages (outermost first). hyper-util's proxy connectors expose
/// neither their error types (SOCKS) nor the proxy's HTTP status (CONNECT),
/// so their messages are all there is; tests/e2e/proxy.rs checks the
/// sentences against real proxies, so a change in that wording fails there.
pub fn explain(causes: &[String]) -> (String, &'static str) {
    let has = |needle: &str| causes.iter().any(|c| c.contains(needle));
    let last = causes
        .iter()
        .rev()
        .find(|c| !c.is_empty())
        .map_or("unknown error", String::as_str);
    if has("failed to create underlying connection") {
        let detail = if last.contains("failed to create underlying connection") {
            "refused or unreachable".to_string()
        } else {
            last.to_string()
        };
        let next = if detail.contains("certificate") {
            "An https:// proxy's certificate must be signed by a CA in the cluster's \
             certificate-authority, as for kubectl"
        } else {
            "Check that the proxy is running and reachable from here, and its host and port"
        };
        return (format!("could not connect to the proxy ({detail})"), next);
    }
    if has("tunnel error: proxy authorization required") {
        return (
            "the proxy asks for credentials (407 Proxy Authentication Required)".to_string(),
            "Put them in the proxy URL: http://USER:PASSWORD@HOST:PORT",
        );
    }
    if has("tunnel error: unsuccessful") {
        return (
            "the proxy did not open a connection to the API server (it refused the CONNECT \
             request)"
                .to_string(),
            "Check that the proxy can reach the API server and allows CONNECT to its port, and \
             the credentials in the proxy URL; the proxy's log says which",
        );
    }
    if let Some(socks) = causes.iter().find_map(|c| c.strip_prefix("SOCKS error: ")) {
        return (
            format!("the SOCKS5 proxy did not connect to the API server: {socks}"),
            "Check that the proxy can reach the API server and accepts clients without a password",
        );
    }
    if has("tunnel error: ") {
        return (
            format!("the proxy closed the connection while opening it ({last})"),
            "Check the proxy's log",
        );
    }
    (
        last.to_string(),
        "Check that the proxy is running and can reach the API server",
    )
}

/// The selected cluster's name and `proxy-url`, chosen as kube-rs chooses
/// the cluster (`--context` or the current context, then `--cluster` or the
/// context's cluster); None without a proxy-url. kube-rs keeps `proxy-url`
/// only already merged with HTTPS_PROXY, so it is read here again.
pub fn cluster_proxy_url(kc: &Kubeconfig, options: &KubeConfigOptions) -> Option<(String, String)> {
    let context_name = options.context.as_ref().or(kc.current_context.as_ref())?;
    let context = kc
        .contexts
        .iter()
        .find(|c| &c.name == context_name)?
        .context
        .as_ref()?;
    let cluster_name = options.cluster.as_ref().unwrap_or(&context.cluster);
    let cluster = kc.clusters.iter().find(|c| &c.name == cluster_name)?;
    let url = cluster.cluster.as_ref()?.proxy_url.clone()?;
    (!url.is_empty()).then(|| (cluster_name.clone(), url))
}

/// A sentence for a kube-rs kubeconfig error caused by the proxy settings,
/// or None for any other error. kube-rs parses NO_PROXY whenever a proxy is
/// set and refuses the whole kubeconfig for an entry it cannot read (`*`
/// inside a list, a bracketed IPv6 CIDR), where kubectl skips it.
pub fn load_error(err: &(dyn StdError + 'static), env: &ProxyEnv) -> Option<String> {
    match err.downcast_ref::<KubeconfigError>()? {
        KubeconfigError::ParseNoProxy(e) => {
            let (name, value) = env.no_proxy.as_ref()?;
            Some(format!(
                "cannot use {name}={value:?}: {}. kubectl-sts cannot read that entry although \
                 kubectl can: remove or rewrite it (a lone * exempts every server)",
                crate::cause::root_cause(e)
            ))
        }
        KubeconfigError::ParseProxyUrl(e) => Some(format!(
            "cannot parse the proxy URL ({}): {e}. Fix the cluster's proxy-url in the kubeconfig, or \
             HTTPS_PROXY",
            match &env.https {
                Some((name, _)) => format!("the cluster's proxy-url, or else {name}"),
                None => "the cluster's proxy-url".to_string(),
            }
        )),
        _ => None,
    }
}

/// NO_PROXY without its empty entries (`a,,b`, `,a`, `a,`), or None when it
/// has none, or nothing else. kube-rs refuses the whole variable for an empty
/// entry, which kubectl (and curl) skip; see [`drop_empty_no_proxy_entries`].
pub fn without_empty_entries(value: &str) -> Option<String> {
    let kept: Vec<&str> = value.split(',').filter(|e| !e.trim().is_empty()).collect();
    let has_empty = kept.len() != value.split(',').count();
    (has_empty && !kept.is_empty()).then(|| kept.join(","))
}

/// Rewrites NO_PROXY and no_proxy without their empty entries, so that a
/// trailing comma (common when scripts append to it) does not make kube-rs
/// refuse the kubeconfig. Programs started later (exec credential plugins)
/// see the same list: empty entries mean nothing to kubectl, curl or Go.
///
/// # Safety
/// Writes the process environment: call it while the process has a single
/// thread (first thing in `main`, before the async runtime starts).
pub unsafe fn drop_empty_no_proxy_entries() {
    for name in ["NO_PROXY", "no_proxy"] {
        if let Some(clean) = std::env::var(name)
            .ok()
            .and_then(|v| without_empty_entries(&v))
        {
            // SAFETY: the caller guarantees no other thread reads or writes the environment.
            unsafe { std::env::set_var(name, clean) };
        }
    }
}

#[cfg(test)]
mod tests;
