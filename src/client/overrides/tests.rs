use secrecy::ExposeSecret;

use super::*;

/// Two contexts on two clusters; `prod` has a CA file and a
/// tls-server-name, `dev` embedded CA data; the users hold every kind of
/// credential a flag may replace.
const KUBECONFIG: &str = r#"
apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: prod-cluster
  cluster:
    server: https://prod.example:6443
    certificate-authority: /etc/prod-ca.crt
    tls-server-name: prod-internal
- name: dev-cluster
  cluster:
    server: https://dev.example:6443
    certificate-authority-data: ZGV2
    insecure-skip-tls-verify: false
    disable-compression: true
contexts:
- name: prod
  context: {cluster: prod-cluster, user: oncall, namespace: shop}
- name: dev
  context: {cluster: dev-cluster, user: certs}
- name: orphan
  context: {cluster: gone-cluster, user: gone-user}
users:
- name: oncall
  user:
    as: auditor
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: get-token
      interactiveMode: Never
    auth-provider: {name: oidc, config: {id-token: x}}
    tokenFile: /run/token
    username: u
    password: p
- name: certs
  user:
    token: kubeconfig-token
    client-certificate-data: Y2VydA==
    client-key-data: a2V5
"#;

fn kc() -> Kubeconfig {
    Kubeconfig::from_yaml(KUBECONFIG).unwrap()
}

fn flags() -> Flags {
    Flags::default()
}

fn cluster(r: &Resolved) -> &Cluster {
    r.kubeconfig.clusters[0].cluster.as_ref().unwrap()
}

fn user(r: &Resolved) -> &AuthInfo {
    r.kubeconfig.auth_infos[0].auth_info.as_ref().unwrap()
}

fn token(r: &Resolved) -> Option<String> {
    user(r)
        .token
        .as_ref()
        .map(|t| t.expose_secret().to_string())
}

#[test]
fn without_flags_the_current_context_is_used_as_is() {
    let r = resolve(&kc(), &flags()).unwrap();
    assert!(r.has_server);
    assert_eq!(r.user_name.as_deref(), Some("oncall"));
    let c = cluster(&r);
    assert_eq!(c.server.as_deref(), Some("https://prod.example:6443"));
    assert_eq!(c.tls_server_name.as_deref(), Some("prod-internal"));
    assert!(user(&r).exec.is_some());
    let ctx = r.kubeconfig.contexts[0].context.as_ref().unwrap();
    assert_eq!(ctx.namespace.as_deref(), Some("shop"));
    assert_eq!(r.kubeconfig.current_context.as_deref(), Some(NAME));
}

#[test]
fn server_token_and_ca_work_without_any_kubeconfig() {
    let f = Flags {
        server: Some("https://127.0.0.1:6443".into()),
        token: Some("t0k3n".into()),
        certificate_authority: Some("/tmp/ca.crt".into()),
        ..flags()
    };
    let r = resolve(&Kubeconfig::default(), &f).unwrap();
    assert!(r.has_server);
    assert_eq!(r.user_name, None);
    assert_eq!(
        cluster(&r).server.as_deref(),
        Some("https://127.0.0.1:6443")
    );
    assert_eq!(
        cluster(&r).certificate_authority.as_deref(),
        Some("/tmp/ca.crt")
    );
    assert_eq!(token(&r).as_deref(), Some("t0k3n"));
    // Converts into a kube Config with no file read but the CA's.
    let ctx = r.kubeconfig.contexts[0].context.as_ref().unwrap();
    assert_eq!(ctx.namespace, None);
}

#[test]
fn nothing_to_connect_to_is_not_an_error_here() {
    let r = resolve(&Kubeconfig::default(), &flags()).unwrap();
    assert!(!r.has_server);
    // A context whose cluster is missing gives an empty cluster, as in client-go.
    let f = Flags {
        context: Some("orphan".into()),
        ..flags()
    };
    let r = resolve(&kc(), &f).unwrap();
    assert!(!r.has_server);
    assert!(user(&r).token.is_none());
    let f = Flags {
        server: Some("https://s".into()),
        ..f
    };
    assert!(resolve(&kc(), &f).unwrap().has_server);
}

#[test]
fn names_that_do_not_exist_are_errors_that_list_the_real_ones() {
    let cases = [
        (
            Flags {
                context: Some("staging".into()),
                ..flags()
            },
            "context \"staging\" (--context) does not exist in the kubeconfig (it has: prod, dev, orphan)",
        ),
        (
            Flags {
                cluster: Some("east".into()),
                ..flags()
            },
            "cluster \"east\" (--cluster) does not exist in the kubeconfig (it has: prod-cluster, dev-cluster)",
        ),
        (
            Flags {
                user: Some("root".into()),
                ..flags()
            },
            "user \"root\" (--user) does not exist in the kubeconfig (it has: oncall, certs)",
        ),
    ];
    for (f, want) in cases {
        assert_eq!(resolve(&kc(), &f).unwrap_err(), want);
    }
    let mut dangling = kc();
    dangling.current_context = Some("old".into());
    let e = resolve(&dangling, &flags()).unwrap_err();
    assert!(
        e.starts_with("context \"old\" (current-context) does not exist"),
        "{e}"
    );
    // Even with --server, as kubectl: the kubeconfig is broken.
    let f = Flags {
        server: Some("https://s".into()),
        ..flags()
    };
    assert!(resolve(&dangling, &f).is_err());
}

#[test]
fn cluster_and_user_flags_pick_across_contexts() {
    let f = Flags {
        cluster: Some("dev-cluster".into()),
        user: Some("certs".into()),
        ..flags()
    };
    let r = resolve(&kc(), &f).unwrap();
    assert_eq!(
        cluster(&r).server.as_deref(),
        Some("https://dev.example:6443")
    );
    assert_eq!(r.user_name.as_deref(), Some("certs"));
    // The namespace stays the selected context's.
    let ctx = r.kubeconfig.contexts[0].context.as_ref().unwrap();
    assert_eq!(ctx.namespace.as_deref(), Some("shop"));
}

#[test]
fn cluster_flags_override_as_client_go_does() {
    // (flags, server, tls-server-name, CA file, has CA data, insecure, disable-compression)
    type Want = (
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        bool,
        Option<bool>,
        Option<bool>,
    );
    let cases: Vec<(&str, Flags, Want)> = vec![
        (
            "--server drops the kubeconfig's tls-server-name",
            Flags {
                server: Some("https://10.0.0.1:6443".into()),
                ..flags()
            },
            (
                "https://10.0.0.1:6443",
                None,
                Some("/etc/prod-ca.crt"),
                false,
                None,
                None,
            ),
        ),
        (
            "--server with --tls-server-name keeps the flag's",
            Flags {
                server: Some("https://10.0.0.1:6443".into()),
                tls_server_name: Some("kubernetes".into()),
                ..flags()
            },
            (
                "https://10.0.0.1:6443",
                Some("kubernetes"),
                Some("/etc/prod-ca.crt"),
                false,
                None,
                None,
            ),
        ),
        (
            "--tls-server-name alone",
            Flags {
                tls_server_name: Some("kubernetes".into()),
                ..flags()
            },
            (
                "https://prod.example:6443",
                Some("kubernetes"),
                Some("/etc/prod-ca.crt"),
                false,
                None,
                None,
            ),
        ),
        (
            "--certificate-authority replaces CA data and insecure",
            Flags {
                context: Some("dev".into()),
                certificate_authority: Some("/tmp/ca.crt".into()),
                ..flags()
            },
            (
                "https://dev.example:6443",
                None,
                Some("/tmp/ca.crt"),
                false,
                Some(false),
                Some(true),
            ),
        ),
        (
            "--insecure-skip-tls-verify drops the CA",
            Flags {
                insecure_skip_tls_verify: true,
                ..flags()
            },
            (
                "https://prod.example:6443",
                Some("prod-internal"),
                None,
                false,
                Some(true),
                None,
            ),
        ),
        (
            "--disable-compression turns it on; without it the kubeconfig's stays",
            Flags {
                disable_compression: true,
                ..flags()
            },
            (
                "https://prod.example:6443",
                Some("prod-internal"),
                Some("/etc/prod-ca.crt"),
                false,
                None,
                Some(true),
            ),
        ),
    ];
    for (what, f, (server, tsn, ca, ca_data, insecure, nocompress)) in cases {
        let r = resolve(&kc(), &f).unwrap();
        let c = cluster(&r);
        assert_eq!(c.server.as_deref(), Some(server), "{what}");
        assert_eq!(c.tls_server_name.as_deref(), tsn, "{what}");
        assert_eq!(c.certificate_authority.as_deref(), ca, "{what}");
        assert_eq!(c.certificate_authority_data.is_some(), ca_data, "{what}");
        assert_eq!(c.insecure_skip_tls_verify, insecure, "{what}");
        assert_eq!(c.disable_compression, nocompress, "{what}");
    }
}

#[test]
fn a_token_replaces_every_credential_of_the_user_but_not_impersonation() {
    let f = Flags {
        token: Some("break-glass".into()),
        ..flags()
    };
    let r = resolve(&kc(), &f).unwrap();
    let u = user(&r);
    assert_eq!(token(&r).as_deref(), Some("break-glass"));
    assert!(u.exec.is_none() && u.auth_provider.is_none());
    assert!(u.token_file.is_none() && u.username.is_none() && u.password.is_none());
    assert_eq!(u.impersonate.as_deref(), Some("auditor"));

    // Over a certificate user: the certificate goes too.
    let f = Flags {
        context: Some("dev".into()),
        ..f
    };
    let r = resolve(&kc(), &f).unwrap();
    let u = user(&r);
    assert_eq!(token(&r).as_deref(), Some("break-glass"));
    assert!(u.client_certificate_data.is_none() && u.client_key_data.is_none());
}

#[test]
fn certificate_flags_replace_file_and_data_and_turn_the_plugin_off() {
    let f = Flags {
        context: Some("dev".into()),
        client_certificate: Some("/tmp/me.crt".into()),
        client_key: Some("/tmp/me.key".into()),
        ..flags()
    };
    let r = resolve(&kc(), &f).unwrap();
    let u = user(&r);
    assert_eq!(u.client_certificate.as_deref(), Some("/tmp/me.crt"));
    assert_eq!(u.client_key.as_deref(), Some("/tmp/me.key"));
    assert!(u.client_certificate_data.is_none() && u.client_key_data.is_none());
    // kubectl keeps the user's token beside a certificate flag.
    assert_eq!(token(&r).as_deref(), Some("kubeconfig-token"));

    let f = Flags {
        client_certificate: Some("/tmp/me.crt".into()),
        client_key: Some("/tmp/me.key".into()),
        ..flags()
    };
    let u = resolve(&kc(), &f).unwrap();
    assert!(user(&u).exec.is_none() && user(&u).auth_provider.is_none());

    // Both kinds given: both kept.
    let f = Flags {
        context: Some("dev".into()),
        token: Some("t".into()),
        client_certificate: Some("/tmp/me.crt".into()),
        client_key: Some("/tmp/me.key".into()),
        ..flags()
    };
    let r = resolve(&kc(), &f).unwrap();
    assert_eq!(token(&r).as_deref(), Some("t"));
    assert_eq!(user(&r).client_key.as_deref(), Some("/tmp/me.key"));
}

#[test]
fn only_naming_a_context_cluster_or_user_counts_as_a_selection() {
    assert!(!flags().selects());
    let f = Flags {
        server: Some("https://s".into()),
        token: Some("t".into()),
        ..flags()
    };
    assert!(!f.selects());
    for f in [
        Flags {
            context: Some("c".into()),
            ..flags()
        },
        Flags {
            cluster: Some("c".into()),
            ..flags()
        },
        Flags {
            user: Some("u".into()),
            ..flags()
        },
    ] {
        assert!(f.selects(), "{f:?}");
    }
}
