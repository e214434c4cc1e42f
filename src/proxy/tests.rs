use super::*;

fn env(vars: &[(&str, &str)]) -> ProxyEnv {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ProxyEnv::from_lookup(move |k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
}

/// Environment variables of a table row.
type Vars<'a> = &'a [(&'a str, &'a str)];

fn uri(s: &str) -> Uri {
    s.parse().unwrap()
}

/// The proxy chosen, as `url (origin)`, or "direct".
fn chosen(server: &str, proxy_url: Option<&str>, vars: &[(&str, &str)]) -> String {
    match choose(&uri(server), proxy_url.map(|u| ("prod", u)), &env(vars)) {
        Ok(Some(p)) => p.describe(),
        Ok(None) => "direct".to_string(),
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn proxy_url_wins_and_the_environment_is_ignored_for_it() {
    let closed = [("HTTPS_PROXY", "http://other:1"), ("NO_PROXY", "*")];
    let rows: &[(&str, Option<&str>, Vars, &str)] = &[
        (
            "https://10.0.0.1:6443",
            Some("http://127.0.0.1:3128"),
            &[],
            "http://127.0.0.1:3128 (proxy-url of cluster \"prod\")",
        ),
        // kubectl uses proxy-url even for a loopback server and whatever NO_PROXY says.
        (
            "https://127.0.0.1:6443",
            Some("socks5://127.0.0.1:1080"),
            &closed,
            "socks5://127.0.0.1:1080 (proxy-url of cluster \"prod\")",
        ),
        (
            "https://k8s.corp:443",
            Some("https://proxy.corp:8443"),
            &[("NO_PROXY", "k8s.corp,proxy.corp")],
            "https://proxy.corp:8443 (proxy-url of cluster \"prod\")",
        ),
        (
            "https://k8s.corp",
            Some("HTTP://Proxy.corp:3128"),
            &[],
            "http://Proxy.corp:3128 (proxy-url of cluster \"prod\")",
        ),
        // An empty proxy-url is no proxy-url (client-go).
        (
            "https://10.0.0.1",
            Some(""),
            &[("HTTPS_PROXY", "http://p:1")],
            "http://p:1 (from HTTPS_PROXY)",
        ),
        (
            "https://10.0.0.1",
            Some("ftp://p:21"),
            &[],
            "error: invalid 'proxy-url' \"ftp://p:21\" for cluster \"prod\": unsupported scheme \"ftp\", must be http, https, or socks5",
        ),
        (
            "https://10.0.0.1",
            Some("socks5h://p:1080"),
            &[],
            "error: invalid 'proxy-url' \"socks5h://p:1080\" for cluster \"prod\": unsupported scheme \"socks5h\", must be http, https, or socks5",
        ),
        (
            "https://10.0.0.1",
            Some("proxy:3128"),
            &[],
            "error: invalid 'proxy-url' \"proxy:3128\" for cluster \"prod\": unsupported scheme \"\", must be http, https, or socks5",
        ),
        (
            "https://10.0.0.1",
            Some("http://jane:s3cret@p:3128"),
            &[],
            "http://jane:xxxxx@p:3128 (proxy-url of cluster \"prod\")",
        ),
    ];
    for (server, proxy_url, vars, want) in rows {
        assert_eq!(
            &chosen(server, *proxy_url, vars),
            want,
            "{server} {proxy_url:?} {vars:?}"
        );
    }
    let socks_login = chosen("https://10.0.0.1", Some("socks5://jane:s3cret@p:1080"), &[]);
    assert!(
        socks_login.contains("cannot log in to a SOCKS5 proxy"),
        "{socks_login}"
    );
}

#[test]
fn environment_proxy_by_scheme_upper_case_first() {
    let rows: &[(&str, Vars, &str)] = &[
        ("https://10.0.0.1:6443", &[], "direct"),
        (
            "https://10.0.0.1:6443",
            &[("HTTPS_PROXY", "http://p:3128")],
            "http://p:3128 (from HTTPS_PROXY)",
        ),
        (
            "https://10.0.0.1:6443",
            &[("https_proxy", "http://p:3128")],
            "http://p:3128 (from https_proxy)",
        ),
        (
            "https://10.0.0.1:6443",
            &[
                ("HTTPS_PROXY", "http://up:1"),
                ("https_proxy", "http://low:1"),
            ],
            "http://up:1 (from HTTPS_PROXY)",
        ),
        // An empty upper-case variable falls through to the lower-case one.
        (
            "https://10.0.0.1:6443",
            &[("HTTPS_PROXY", ""), ("https_proxy", "http://low:1")],
            "http://low:1 (from https_proxy)",
        ),
        // HTTP_PROXY is for http servers only, HTTPS_PROXY for https only.
        (
            "https://10.0.0.1:6443",
            &[("HTTP_PROXY", "http://p:3128")],
            "direct",
        ),
        (
            "http://10.0.0.1:8080",
            &[("HTTPS_PROXY", "http://p:3128")],
            "direct",
        ),
        (
            "http://10.0.0.1:8080",
            &[("http_proxy", "http://p:3128")],
            "http://p:3128 (from http_proxy)",
        ),
        // Go prepends http:// to a value without a scheme.
        (
            "https://10.0.0.1",
            &[("HTTPS_PROXY", "p.corp:3128")],
            "http://p.corp:3128 (from HTTPS_PROXY)",
        ),
        (
            "https://10.0.0.1",
            &[("HTTPS_PROXY", "10.9.9.9:3128")],
            "http://10.9.9.9:3128 (from HTTPS_PROXY)",
        ),
        (
            "https://10.0.0.1",
            &[("HTTPS_PROXY", "socks5://p:1080")],
            "socks5://p:1080 (from HTTPS_PROXY)",
        ),
        (
            "https://10.0.0.1",
            &[("HTTPS_PROXY", "socks5h://p:1080")],
            "socks5://p:1080 (from HTTPS_PROXY)",
        ),
        (
            "https://10.0.0.1",
            &[("HTTPS_PROXY", "https://p:8443")],
            "https://p:8443 (from HTTPS_PROXY)",
        ),
        (
            "https://10.0.0.1",
            &[("HTTPS_PROXY", "ftp://p:21")],
            "error: cannot use HTTPS_PROXY=ftp://p:21: unsupported scheme \"ftp\", must be http, https, socks5 or socks5h",
        ),
        // A password is not printed.
        (
            "https://10.0.0.1",
            &[("HTTPS_PROXY", "ftp://jane:s3cret@p:21")],
            "error: cannot use HTTPS_PROXY=ftp://jane:xxxxx@p:21: unsupported scheme \"ftp\", must be http, https, socks5 or socks5h",
        ),
        // A value Go cannot parse at all is ignored.
        (
            "https://10.0.0.1",
            &[("HTTPS_PROXY", "http://bad host:1")],
            "direct",
        ),
        // httpoxy: no HTTP_PROXY for a CGI program; HTTPS_PROXY is fine.
        (
            "http://10.0.0.1",
            &[("HTTP_PROXY", "http://p:1"), ("REQUEST_METHOD", "GET")],
            "error: refusing to use HTTP_PROXY in a CGI environment (REQUEST_METHOD is set); see golang.org/s/cgihttpproxy",
        ),
        (
            "https://10.0.0.1",
            &[("HTTPS_PROXY", "http://p:1"), ("REQUEST_METHOD", "GET")],
            "http://p:1 (from HTTPS_PROXY)",
        ),
        // Never for localhost or loopback.
        (
            "https://127.0.0.1:6443",
            &[("HTTPS_PROXY", "http://p:1")],
            "direct",
        ),
        (
            "https://127.8.9.1:6443",
            &[("HTTPS_PROXY", "http://p:1")],
            "direct",
        ),
        (
            "https://[::1]:6443",
            &[("HTTPS_PROXY", "http://p:1")],
            "direct",
        ),
        (
            "https://localhost:6443",
            &[("HTTPS_PROXY", "http://p:1")],
            "direct",
        ),
        (
            "https://0.0.0.0:6443",
            &[("HTTPS_PROXY", "http://p:1")],
            "http://p:1 (from HTTPS_PROXY)",
        ),
        // NO_PROXY is matched against the server, not the proxy.
        (
            "https://10.0.0.1",
            &[
                ("HTTPS_PROXY", "http://10.9.9.9:3128"),
                ("NO_PROXY", "10.9.9.9"),
            ],
            "http://10.9.9.9:3128 (from HTTPS_PROXY)",
        ),
        (
            "https://10.0.0.1",
            &[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "10.0.0.1")],
            "direct",
        ),
        (
            "https://10.0.0.1",
            &[("HTTPS_PROXY", "http://p:1"), ("no_proxy", "10.0.0.0/8")],
            "direct",
        ),
        (
            "https://10.0.0.1",
            &[
                ("HTTPS_PROXY", "http://p:1"),
                ("NO_PROXY", "192.168.0.0/16"),
                ("no_proxy", "10.0.0.0/8"),
            ],
            "http://p:1 (from HTTPS_PROXY)",
        ),
        // The default port of the scheme counts for a NO_PROXY port.
        (
            "https://k8s.corp",
            &[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "k8s.corp:443")],
            "direct",
        ),
        (
            "https://k8s.corp",
            &[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "k8s.corp:6443")],
            "http://p:1 (from HTTPS_PROXY)",
        ),
        (
            "http://k8s.corp",
            &[("HTTP_PROXY", "http://p:1"), ("NO_PROXY", "k8s.corp:80")],
            "direct",
        ),
    ];
    for (server, vars, want) in rows {
        assert_eq!(&chosen(server, None, vars), want, "{server} {vars:?}");
    }
}

#[test]
fn no_proxy_matching_as_go_httpproxy() {
    // Go's own table (golang.org/x/net/http/httpproxy), port 80.
    let list = "foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, \
                192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, \
                [2001:db8::52:0:3]:80, 2002:db8:a::45/64";
    let rows = [
        ("192.168.1.1", true),
        ("192.168.1.2", false),
        ("192.168.1.3", true),
        ("192.168.1.4", false),
        ("10.0.0.2", true),
        ("10.0.0.4", false),
        ("2001:db8::52:0:1", true),
        ("2001:db8::52:0:2", false),
        ("2001:db8::52:0:3", true),
        ("2002:db8:a::123", true),
        ("fe80::424b:c8be:1643:a1b6", false),
        ("barbaz.net", false),
        ("www.barbaz.net", true),
        ("foobar.com", true),
        ("www.foobar.com", true),
        ("foofoobar.com", false),
        ("baz.com", false),
        ("localhost.net", false),
        ("local.localhost", false),
        ("barbarbaz.net", false),
        ("wildcard.io", false),
        ("nested.wildcard.io", true),
        ("awildcard.io", false),
        ("FOOBAR.com", true),
    ];
    for (host, want) in rows {
        assert_eq!(bypass(host, "80", list), want, "{host}");
    }
}

#[test]
fn no_proxy_edge_cases() {
    let rows: &[(&str, &str, &str, bool)] = &[
        // (host, port, NO_PROXY, bypass)
        ("10.0.0.1", "443", "", false),
        ("anything.example", "443", "*", true),
        ("10.0.0.1", "443", " * ", true),
        ("10.0.0.1", "443", "a.com,*", true),
        ("10.0.0.1", "443", ",,10.0.0.1,", true),
        ("10.0.0.1", "443", ":1", false),
        ("10.0.0.1", "443", "010.0.0.0/8", true),
        ("10.0.0.1", "443", "10.0.0.0/33", false),
        ("10.0.0.1", "443", "10.0.0.1:443", true),
        ("10.0.0.1", "443", "10.0.0.1:6443", false),
        ("10.0.0.1", "443", "0.0.0.0/0", true),
        ("2001:db8::1", "443", "::/0", true),
        ("2001:db8::1", "443", "10.0.0.0/8", false),
        ("10.0.0.1", "443", "::ffff:10.0.0.1", true),
        // A name never matches an IP host, nor an IP a name.
        ("10.0.0.1", "443", "10.0.0.1.nip.io", false),
        ("k8s.corp", "443", "10.0.0.0/8", false),
        ("k8s.corp", "443", "corp", true),
        ("k8s.corp", "443", ".k8s.corp", false),
        ("k8s.corp", "443", "K8S.Corp", true),
        ("api.k8s.corp", "6443", "*.k8s.corp:6443", true),
        ("api.k8s.corp", "443", "*.k8s.corp:6443", false),
        ("0.0.0.0", "6443", "0.0.0.0", true),
        ("localhost", "443", "", true),
        ("127.0.0.1", "443", "", true),
        ("::ffff:127.0.0.1", "443", "", true),
    ];
    for (host, port, no_proxy, want) in rows {
        assert_eq!(
            bypass(host, port, no_proxy),
            *want,
            "{host}:{port} NO_PROXY={no_proxy:?}"
        );
    }
}

#[test]
fn split_host_port_as_go() {
    let rows = [
        ("a.com:80", Some(("a.com", "80"))),
        ("[::1]:443", Some(("::1", "443"))),
        ("a.com:", Some(("a.com", ""))),
        (":80", Some(("", "80"))),
        ("a.com", None),
        ("::1", None),
        ("[::1]", None),
        ("[::1]x:80", None),
        ("a[b:80", None),
    ];
    for (s, want) in rows {
        assert_eq!(split_host_port(s), want, "{s}");
    }
}

#[test]
fn empty_no_proxy_entries_are_dropped_and_nothing_else_changes() {
    let rows = [
        ("a.com,b.com", None),
        ("a.com,", Some("a.com")),
        (",a.com", Some("a.com")),
        ("a.com,, b.com , ", Some("a.com, b.com ")),
        ("*", None),
        (",", None),
        ("", None),
    ];
    for (value, want) in rows {
        assert_eq!(without_empty_entries(value).as_deref(), want, "{value:?}");
    }
}

#[test]
fn cluster_proxy_url_follows_context_and_cluster_selection() {
    let kc = Kubeconfig::from_yaml(
        r#"
apiVersion: v1
kind: Config
clusters:
- name: direct
  cluster: {server: "https://10.0.0.1"}
- name: proxied
  cluster: {server: "https://10.0.0.2", proxy-url: "socks5://127.0.0.1:1080"}
- name: empty
  cluster: {server: "https://10.0.0.3", proxy-url: ""}
contexts:
- name: a
  context: {cluster: direct, user: u}
- name: b
  context: {cluster: proxied, user: u}
- name: c
  context: {cluster: empty, user: u}
current-context: b
users:
- name: u
  user: {token: t}
"#,
    )
    .unwrap();
    let opts = |context: Option<&str>, cluster: Option<&str>| KubeConfigOptions {
        context: context.map(str::to_string),
        cluster: cluster.map(str::to_string),
        user: None,
    };
    let proxied = Some(("proxied".to_string(), "socks5://127.0.0.1:1080".to_string()));
    assert_eq!(cluster_proxy_url(&kc, &opts(None, None)), proxied);
    assert_eq!(cluster_proxy_url(&kc, &opts(Some("a"), None)), None);
    assert_eq!(
        cluster_proxy_url(&kc, &opts(Some("a"), Some("proxied"))),
        proxied
    );
    assert_eq!(cluster_proxy_url(&kc, &opts(Some("c"), None)), None);
    assert_eq!(cluster_proxy_url(&kc, &opts(Some("missing"), None)), None);
}

#[test]
fn a_no_proxy_entry_kube_rs_cannot_read_gets_a_sentence() {
    let e = env(&[("NO_PROXY", "a.com,*")]);
    let err = KubeconfigError::ParseNoProxy(kube::config::NoProxyError::EmptyValue);
    let msg = load_error(&err, &e).unwrap();
    assert!(msg.starts_with("cannot use NO_PROXY=\"a.com,*\""), "{msg}");
    assert!(msg.contains("remove or rewrite it"), "{msg}");
    assert!(load_error(&KubeconfigError::CurrentContextNotSet, &e).is_none());
}

#[test]
fn proxy_failures_say_which_hop_failed() {
    let chain = |tail: &[&str]| {
        let mut c = vec![
            "ServiceError: client error (Connect)".to_string(),
            "client error (Connect)".to_string(),
        ];
        c.extend(tail.iter().map(|s| s.to_string()));
        c
    };
    let rows: &[(&[&str], &str, &str)] = &[
        (
            &[
                "tunnel error: failed to create underlying connection",
                "tcp connect error",
                "Connection refused (os error 111)",
            ],
            "could not connect to the proxy (Connection refused (os error 111))",
            "Check that the proxy is running",
        ),
        (
            &["SOCKS error: failed to create underlying connection"],
            "could not connect to the proxy (refused or unreachable)",
            "Check that the proxy is running",
        ),
        (
            &["tunnel error: proxy authorization required"],
            "the proxy asks for credentials (407 Proxy Authentication Required)",
            "Put them in the proxy URL",
        ),
        (
            &["tunnel error: unsuccessful"],
            "the proxy did not open a connection to the API server (it refused the CONNECT request)",
            "allows CONNECT to its port",
        ),
        (
            &["SOCKS error: connection refused"],
            "the SOCKS5 proxy did not connect to the API server: connection refused",
            "can reach the API server",
        ),
        (
            &["tunnel error: unexpected end of file"],
            "the proxy closed the connection while opening it (tunnel error: unexpected end of file)",
            "Check the proxy's log",
        ),
        (
            &[
                "tunnel error: failed to create underlying connection",
                "invalid peer certificate: UnknownIssuer",
            ],
            "could not connect to the proxy (invalid peer certificate: UnknownIssuer)",
            "signed by a CA in the cluster's certificate-authority",
        ),
        (
            &["invalid peer certificate: UnknownIssuer"],
            "invalid peer certificate: UnknownIssuer",
            "can reach the API server",
        ),
    ];
    for (tail, why, next) in rows {
        let (w, n) = explain(&chain(tail));
        assert_eq!(w, *why, "{tail:?}");
        assert!(n.contains(next), "{tail:?}: {n}");
    }
}
