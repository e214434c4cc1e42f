//! Proxies as kubectl uses them, through real ones installed by
//! tests/cluster/deps.sh: tinyproxy (HTTP CONNECT), microsocks (SOCKS5) and
//! socat terminating TLS in front of tinyproxy (an https:// proxy). Each test
//! starts its own on free loopback ports, points a copy of the kubeconfig at
//! them, and reads their logs to check that they carried the traffic.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use k8s_openapi::api::apps::v1::StatefulSet;
use kube::api::Api;
use kube::config::{Cluster, Kubeconfig};

use crate::harness::*;

const PROXY_VARS: &[&str] = &[
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

static SEQ: AtomicU32 = AtomicU32::new(0);

/// Proxies started by one test, stopped (and their files removed) when it
/// ends, also when it fails.
struct Proxies {
    dir: PathBuf,
    children: Vec<Child>,
}

impl Drop for Proxies {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

fn program(name: &str) -> &str {
    let found = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()));
    assert!(
        found,
        "{name} is not installed: run tests/cluster/deps.sh (scripts/test does)"
    );
    name
}

impl Proxies {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "ksts-proxy-{tag}-{}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            dir,
            children: Vec::new(),
        }
    }

    /// Starts `cmd` (output to `log`) and waits until it listens on `port`.
    fn start(&mut self, mut cmd: Command, port: u16, log: &Path) {
        let out = std::fs::File::create(log).unwrap();
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        self.children.push(child);
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            let child = self.children.last_mut().unwrap();
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "{cmd:?} exited ({status}):\n{}",
                    std::fs::read_to_string(log).unwrap_or_default()
                );
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{cmd:?} does not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// tinyproxy on a free port; `extra` config lines. Returns its port and log.
    fn tinyproxy(&mut self, extra: &str) -> (u16, PathBuf) {
        let port = free_port();
        let log = self.dir.join(format!("tinyproxy-{port}.log"));
        let conf = self.dir.join(format!("tinyproxy-{port}.conf"));
        std::fs::write(
            &conf,
            format!(
                "Port {port}\nListen 127.0.0.1\nTimeout 120\nLogFile \"{}\"\nLogLevel Connect\n{extra}",
                log.display()
            ),
        )
        .unwrap();
        let mut cmd = Command::new(program("tinyproxy"));
        // -d: stay in the foreground, so that the test owns the process.
        cmd.arg("-d").arg("-c").arg(&conf);
        self.start(cmd, port, &self.dir.join(format!("tinyproxy-{port}.out")));
        (port, log)
    }

    /// microsocks on a free port; it logs each connection it makes.
    fn microsocks(&mut self) -> (u16, PathBuf) {
        let port = free_port();
        let log = self.dir.join(format!("microsocks-{port}.log"));
        let mut cmd = Command::new(program("microsocks"));
        cmd.args(["-i", "127.0.0.1", "-p", &port.to_string()]);
        self.start(cmd, port, &log);
        (port, log)
    }

    /// socat terminating TLS on a free port in front of `target`, with a
    /// certificate for 127.0.0.1 from a CA of its own. Returns its port, its
    /// log and the CA certificate.
    fn tls_front(&mut self, target: u16) -> (u16, PathBuf, PathBuf) {
        let d = &self.dir.clone();
        let openssl = |args: &[&str]| {
            let out = Command::new(program("openssl"))
                .args(args)
                .current_dir(d)
                .output()
                .unwrap();
            assert!(out.status.success(), "openssl {args:?}: {}", stderr(&out));
        };
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
        ];
        openssl(
            &[
                &["req", "-x509"][..],
                &ec,
                &[
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.crt",
                    "-subj",
                    "/CN=ksts-proxy-ca",
                    "-days",
                    "1",
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign",
                ],
            ]
            .concat(),
        );
        openssl(
            &[
                &["req"][..],
                &ec,
                &[
                    "-keyout",
                    "proxy.key",
                    "-out",
                    "proxy.csr",
                    "-subj",
                    "/CN=127.0.0.1",
                ],
            ]
            .concat(),
        );
        std::fs::write(
            d.join("proxy.ext"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        openssl(&[
            "x509",
            "-req",
            "-in",
            "proxy.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "1",
            "-extfile",
            "proxy.ext",
            "-out",
            "proxy.crt",
        ]);
        let pem = [
            std::fs::read_to_string(d.join("proxy.crt")).unwrap(),
            std::fs::read_to_string(d.join("proxy.key")).unwrap(),
        ]
        .concat();
        std::fs::write(d.join("proxy.pem"), pem).unwrap();
        let port = free_port();
        let log = d.join(format!("socat-{port}.log"));
        let mut cmd = Command::new(program("socat"));
        cmd.arg("-d")
            .arg("-d")
            .arg(format!(
                "OPENSSL-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork,verify=0,cert={}",
                d.join("proxy.pem").display()
            ))
            .arg(format!("TCP:127.0.0.1:{target}"));
        self.start(cmd, port, &log);
        (port, log, d.join("ca.crt"))
    }

    /// A copy of the e2e kubeconfig (admin context only) with its cluster
    /// changed by `edit`.
    fn kubeconfig(&self, name: &str, edit: impl FnOnce(&mut Cluster)) -> PathBuf {
        let e = env();
        let mut kc = Kubeconfig::read_from(&e.kubeconfig).unwrap();
        kc.contexts.retain(|c| c.name == e.context);
        let cluster_name = kc.contexts[0].context.as_ref().unwrap().cluster.clone();
        kc.clusters.retain(|c| c.name == cluster_name);
        kc.current_context = Some(e.context.clone());
        edit(kc.clusters[0].cluster.as_mut().unwrap());
        let path = self.dir.join(format!("{name}.kubeconfig"));
        std::fs::write(&path, serde_norway::to_string(&kc).unwrap()).unwrap();
        path
    }
}

/// The API server's port and CA file in the e2e kubeconfig.
fn api_server() -> (u16, String) {
    let e = env();
    let kc = Kubeconfig::read_from(&e.kubeconfig).unwrap();
    let ctx = kc.contexts.iter().find(|c| c.name == e.context).unwrap();
    let cluster_name = &ctx.context.as_ref().unwrap().cluster;
    let cluster = kc
        .clusters
        .iter()
        .find(|c| &c.name == cluster_name)
        .and_then(|c| c.cluster.clone())
        .unwrap();
    let server: http::Uri = cluster.server.unwrap().parse().unwrap();
    (
        server.port_u16().unwrap(),
        cluster.certificate_authority.unwrap(),
    )
}

/// Runs the plugin with this kubeconfig and these proxy variables only.
fn run(kc: &Path, vars: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubectl-sts"));
    for v in PROXY_VARS {
        cmd.env_remove(v);
    }
    cmd.env_remove("KUBECONFIG")
        .env("NO_COLOR", "1")
        .envs(vars.iter().copied())
        .arg("--kubeconfig")
        .arg(kc)
        .args(args);
    cmd.output().expect("run kubectl-sts")
}

fn ok(out: &Output, what: &str) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what} failed:\n{}\n{}",
        stdout(out),
        stderr(out)
    );
}

/// How many tunnels to `target` (host:port) the proxy's log records:
/// tinyproxy's `CONNECT host:port` requests, microsocks' `connected to
/// host:port`, or socat's accepted TLS connections (any target).
fn tunnels(log: &Path, target: &str) -> usize {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .filter(|l| {
            l.contains(&format!("CONNECT {target} "))
                || l.ends_with(&format!("connected to {target}"))
                || l.contains("accepting connection from")
        })
        .count()
}

async fn partition(client: &kube::Client, ns: &str) -> i32 {
    Api::<StatefulSet>::namespaced(client.clone(), ns)
        .get("web")
        .await
        .unwrap()
        .spec
        .update_strategy
        .and_then(|s| s.rolling_update)
        .and_then(|r| r.partition)
        .unwrap_or(0)
}

#[tokio::test]
async fn status_and_writes_go_through_http_socks5_and_https_proxy_urls() {
    let client = client().await;
    let ns = namespace(&client, "proxy-url").await;
    let (svc, set) = web_set("web", 2, &[]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;

    let (api_port, cluster_ca) = api_server();
    let target = format!("127.0.0.1:{api_port}");
    let mut p = Proxies::new("url");
    let (tiny, tiny_log) = p.tinyproxy("");
    let (socks, socks_log) = p.microsocks();
    let (tls, tls_log, proxy_ca) = p.tls_front(tiny);
    // An https:// proxy is verified with the cluster's CAs, as kubectl does:
    // give the kubeconfig a bundle with the proxy's CA too.
    let bundle = p.dir.join("ca-bundle.crt");
    std::fs::write(
        &bundle,
        [
            std::fs::read_to_string(&cluster_ca).unwrap(),
            std::fs::read_to_string(&proxy_ca).unwrap(),
        ]
        .concat(),
    )
    .unwrap();
    // kubectl ignores the proxy environment for a cluster with proxy-url:
    // these would break the connection (a closed proxy) or skip proxy-url
    // (NO_PROXY naming the proxy and the server) if they were read.
    let closed = format!("http://127.0.0.1:{}", free_port());
    let vars = [
        ("HTTPS_PROXY", closed.as_str()),
        ("NO_PROXY", "127.0.0.1,localhost"),
    ];
    let cases = [
        ("http", format!("http://127.0.0.1:{tiny}"), &tiny_log),
        ("socks5", format!("socks5://127.0.0.1:{socks}"), &socks_log),
        ("https", format!("https://127.0.0.1:{tls}"), &tls_log),
    ];
    for (name, url, log) in cases {
        let kc = p.kubeconfig(name, |c| {
            c.proxy_url = Some(url.clone());
            c.certificate_authority = Some(bundle.display().to_string());
        });
        let mut seen = tunnels(log, &target);
        let mut step = |args: &[&str]| {
            let out = run(&kc, &vars, args);
            ok(&out, &format!("{name} proxy: kubectl sts {args:?}"));
            let now = tunnels(log, &target);
            assert!(
                now > seen,
                "{name} proxy {url} carried no connection for {args:?}; its log:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
            seen = now;
            out
        };
        let out = step(&["status", "web", "-n", &ns, "-o", "json"]);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["statefulSets"][0]["name"], "web", "{}", stdout(&out));
        step(&["rollout", "pause", "web", "-n", &ns]);
        assert_eq!(partition(&client, &ns).await, 2, "{name}: paused");
        step(&["rollout", "resume", "web", "-n", &ns]);
        assert_eq!(partition(&client, &ns).await, 0, "{name}: resumed");
    }
    // The https:// proxy's tunnels went on through tinyproxy.
    assert!(tunnels(&tiny_log, &target) >= 6);
}

#[tokio::test]
async fn https_proxy_from_the_environment_and_no_proxy_as_kubectl() {
    let (api_port, _) = api_server();
    let mut p = Proxies::new("env");
    let (tiny, log) = p.tinyproxy("");
    // kubectl never uses an environment proxy for loopback, which the e2e
    // server is. 0.0.0.0 reaches the same listener on Linux but is not
    // loopback, so kubectl (and kubectl-sts) proxy it; the certificate is
    // checked for localhost.
    let kc = p.kubeconfig("zero", |c| {
        c.server = Some(format!("https://0.0.0.0:{api_port}"));
        c.tls_server_name = Some("localhost".to_string());
    });
    let target = format!("0.0.0.0:{api_port}");
    let tiny_url = format!("http://127.0.0.1:{tiny}");
    let closed = format!("http://127.0.0.1:{}", free_port());
    let status = ["status", "-n", "default"];

    for var in ["HTTPS_PROXY", "https_proxy"] {
        let before = tunnels(&log, &target);
        ok(&run(&kc, &[(var, &tiny_url)], &status), var);
        assert!(tunnels(&log, &target) > before, "{var} not used");
    }
    // HTTP_PROXY is for http:// servers only.
    ok(&run(&kc, &[("HTTP_PROXY", &closed)], &status), "HTTP_PROXY");

    let no_proxy_port = format!("0.0.0.0:{api_port}");
    // Each of these exempts the server (the empty entries included).
    for no_proxy in ["0.0.0.0", "0.0.0.0/8", ",localhost,,", &no_proxy_port, "*"] {
        let no_proxy = if no_proxy.starts_with(',') {
            format!("{no_proxy}0.0.0.0,")
        } else {
            no_proxy.to_string()
        };
        let before = tunnels(&log, &target);
        let out = run(
            &kc,
            &[("HTTPS_PROXY", &tiny_url), ("no_proxy", &no_proxy)],
            &status,
        );
        ok(&out, &format!("NO_PROXY={no_proxy}"));
        assert_eq!(
            tunnels(&log, &target),
            before,
            "NO_PROXY={no_proxy} did not bypass the proxy"
        );
    }
    // Another port is not exempt.
    let before = tunnels(&log, &target);
    ok(
        &run(
            &kc,
            &[("HTTPS_PROXY", &tiny_url), ("NO_PROXY", "0.0.0.0:1")],
            &status,
        ),
        "NO_PROXY=0.0.0.0:1",
    );
    assert!(
        tunnels(&log, &target) > before,
        "NO_PROXY=0.0.0.0:1 bypassed the proxy"
    );

    // The loopback server of the e2e kubeconfig: connected directly, as kubectl does.
    let direct = p.kubeconfig("loopback", |_| {});
    ok(
        &run(&direct, &[("HTTPS_PROXY", &closed)], &status),
        "loopback with HTTPS_PROXY",
    );
}

#[tokio::test]
async fn a_proxy_that_refuses_or_hangs_fails_naming_it_within_the_request_timeout() {
    let (api_port, _) = api_server();
    let server = format!("https://127.0.0.1:{api_port}");
    let mut p = Proxies::new("down");
    let closed = free_port();
    // Accepts connections (the kernel does) but never answers.
    let hung = TcpListener::bind("127.0.0.1:0").unwrap();
    let hung_port = hung.local_addr().unwrap().port();
    // Refuses CONNECT to any port but 443.
    let (strict, _) = p.tinyproxy("ConnectPort 443\n");
    // TLS with a certificate the cluster's CA did not sign.
    let (untrusted, _, _) = p.tls_front(strict);

    let rows = [
        (
            format!("http://127.0.0.1:{closed}"),
            "could not connect to the proxy (Connection refused",
        ),
        (
            format!("socks5://127.0.0.1:{closed}"),
            "could not connect to the proxy",
        ),
        (
            format!("https://127.0.0.1:{closed}"),
            "could not connect to the proxy (Connection refused",
        ),
        (
            format!("http://127.0.0.1:{strict}"),
            "the proxy did not open a connection to the API server",
        ),
        (
            format!("https://127.0.0.1:{untrusted}"),
            "could not connect to the proxy (invalid peer certificate",
        ),
        (
            format!("http://127.0.0.1:{hung_port}"),
            "did not answer within --request-timeout=2s",
        ),
        (
            format!("socks5://127.0.0.1:{hung_port}"),
            "did not answer within --request-timeout=2s",
        ),
    ];
    for (i, (url, why)) in rows.iter().enumerate() {
        let kc = p.kubeconfig(&format!("down-{i}"), |c| c.proxy_url = Some(url.clone()));
        for args in [
            &["status", "-n", "default", "--request-timeout", "2s"][..],
            &[
                "rollout",
                "pause",
                "web",
                "-n",
                "default",
                "--request-timeout",
                "2s",
            ],
        ] {
            let start = Instant::now();
            let out = run(&kc, &[], args);
            let took = start.elapsed();
            let e = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{url} {args:?}: {e}");
            assert!(
                took < Duration::from_millis(3500),
                "{url} {args:?} took {took:?}"
            );
            assert!(e.contains(&server), "{url}: no API server in: {e}");
            assert!(
                e.contains(&format!("through the proxy {url} (proxy-url of cluster ")),
                "{url}: no proxy in: {e}"
            );
            assert!(e.contains(why), "{url}: {e}");
        }
    }

    // From HTTPS_PROXY: named as such.
    let kc = p.kubeconfig("zero", |c| {
        c.server = Some(format!("https://0.0.0.0:{api_port}"));
        c.tls_server_name = Some("localhost".to_string());
    });
    let url = format!("http://127.0.0.1:{closed}");
    let out = run(&kc, &[("HTTPS_PROXY", &url)], &["status", "-n", "default"]);
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(
        e.contains(&format!("through the proxy {url} (from HTTPS_PROXY)")),
        "{e}"
    );

    // Settings kubectl refuses, or kubectl-sts cannot read: named, exit 1.
    let kc = p.kubeconfig("ftp", |c| {
        c.proxy_url = Some("ftp://127.0.0.1:21".to_string())
    });
    let out = run(&kc, &[], &["status", "-n", "default"]);
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(
        e.contains("invalid 'proxy-url' \"ftp://127.0.0.1:21\" for cluster"),
        "{e}"
    );
    let zero = p.kubeconfig("zero", |c| {
        c.server = Some(format!("https://0.0.0.0:{api_port}"));
        c.tls_server_name = Some("localhost".to_string());
    });
    let out = run(
        &zero,
        &[("HTTPS_PROXY", &url), ("NO_PROXY", "localhost,*")],
        &["status", "-n", "default"],
    );
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(e.contains("cannot use NO_PROXY=\"localhost,*\""), "{e}");
    drop(hung);
}
