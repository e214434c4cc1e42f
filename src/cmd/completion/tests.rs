use super::*;

fn req(words: &[&str]) -> Request {
    analyse(
        &words.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        <crate::cli::Cli as clap::CommandFactory>::command(),
    )
}

fn values(r: &Request) -> Vec<String> {
    match &r.want {
        Want::Static(v) => v.iter().map(|(n, _)| n.clone()).collect(),
        other => panic!("expected fixed candidates, got {other:?}"),
    }
}

#[test]
fn first_word_offers_the_verbs() {
    let r = req(&[""]);
    let v = values(&r);
    for verb in [
        "status",
        "rollout",
        "restart",
        "pvc",
        "recover",
        "completion",
        "version",
        "doctor",
    ] {
        assert!(v.contains(&verb.to_string()), "{verb} missing from {v:?}");
    }
    assert!(!v.contains(&"help".to_string()));
    let out = render(&r, None);
    assert!(out.contains("status\tShow StatefulSets"), "{out}");
    assert!(out.ends_with(":4\n"), "{out}");
}

#[test]
fn prefix_filters_candidates() {
    let out = render(&req(&["re"]), None);
    let names: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(names, vec!["restart", "recover", ":4"]);
}

#[test]
fn table_of_word_positions() {
    use Want::*;
    let cases: &[(&[&str], Want, &str)] = &[
        (&["status", ""], StatefulSets, ""),
        (&["status", "we"], StatefulSets, "we"),
        (&["doctor", "w"], StatefulSets, "w"),
        (&["-n", "shop", "status", "w"], StatefulSets, "w"),
        (&["status", "web", ""], Nothing, ""),
        (&["status", "-n", ""], Namespaces, ""),
        (&["status", "--namespace", "d"], Namespaces, "d"),
        (&["-n", ""], Namespaces, ""),
        (&["status", "--context", ""], Contexts, ""),
        (&["--kubeconfig", ""], Files, ""),
        (&["status", "--request-timeout", ""], Nothing, ""),
        (&["completion", "install", "--dir", ""], Files, ""),
        // kubectl's connection flags: paths for the TLS files, nothing to offer otherwise.
        (&["status", "--certificate-authority", ""], Files, ""),
        (&["--client-certificate", "/etc/"], Files, "/etc/"),
        (&["status", "--client-key="], Files, ""),
        (&["status", "-s", ""], Nothing, ""),
        (&["status", "--server", "https"], Nothing, "https"),
        (&["status", "--token", ""], Nothing, ""),
        (&["status", "--tls-server-name", ""], Nothing, ""),
        // A typed token and server do not swallow the verb's name.
        (
            &["--token", "t", "-s", "https://h", "status", ""],
            StatefulSets,
            "",
        ),
    ];
    for (words, want, prefix) in cases {
        let r = req(words);
        assert_eq!(&r.want, want, "{words:?}");
        assert_eq!(r.prefix, *prefix, "{words:?}");
    }
}

#[test]
fn flag_values_come_from_the_cli_definition() {
    assert_eq!(
        values(&req(&["status", "-o", ""])),
        vec!["table", "wide", "json", "yaml", "name"]
    );
    assert_eq!(
        values(&req(&["doctor", "--fail-on", ""])),
        vec!["error", "warning", "info", "never"]
    );
    let r = req(&["status", "--output=j"]);
    assert_eq!(r.insert, "--output=");
    assert_eq!(
        render(&r, None),
        "--output=json\tThe documented JSON report\n:4\n"
    );
    assert_eq!(
        values(&req(&["completion", ""])),
        vec!["bash", "zsh", "fish", "powershell", "install"]
    );
}

#[test]
fn flags_are_offered_for_a_dash() {
    let v = values(&req(&["status", "--n"]));
    assert!(v.contains(&"--namespace".to_string()), "{v:?}");
    assert!(!v.iter().any(|f| f == "-n"), "{v:?}");
    let v = values(&req(&["status", "-"]));
    assert!(v.contains(&"-n".to_string()) && v.contains(&"--context".to_string()));
}

#[test]
fn global_flags_are_kept_for_the_live_lookup() {
    let r = req(&[
        "--context",
        "prod",
        "status",
        "-nshop",
        "--request-timeout=10s",
        "-v",
        "6",
        "w",
    ]);
    assert_eq!(r.want, Want::StatefulSets);
    assert_eq!(
        r.global_words,
        vec![
            "--context",
            "prod",
            "-n",
            "shop",
            "--request-timeout=10s",
            "-v",
            "6"
        ]
    );
    let g = globals_of(&r);
    assert_eq!(g.context.as_deref(), Some("prod"));
    assert_eq!(g.namespace.as_deref(), Some("shop"));
    assert_eq!(g.request_timeout, RequestTimeout(Some(LIVE_TIMEOUT)));
    assert_eq!(g.verbosity, 0, "the completer must stay quiet");
}

#[test]
fn the_flag_being_completed_does_not_hide_the_others() {
    for words in [
        &["--context", "prod", "-n", ""][..],
        &["--context", "prod", "status", "--namespace", "sh"][..],
        &["--context=prod", "--user", ""][..],
    ] {
        let r = req(words);
        let g = globals_of(&r);
        assert_eq!(g.context.as_deref(), Some("prod"), "{words:?}");
    }
    let r = req(&["--kubeconfig", "/k", "--context", ""]);
    assert_eq!(r.want, Want::Contexts);
    assert_eq!(globals_of(&r).kubeconfig.as_deref(), Some("/k"));
}

#[test]
fn bad_global_values_fall_back_to_defaults() {
    let g = globals_of(&req(&["--request-timeout", "soon", "status", ""]));
    assert_eq!(g.request_timeout, RequestTimeout(Some(LIVE_TIMEOUT)));
    assert!(g.namespace.is_none());
}

#[test]
fn live_values_are_filtered_and_a_failed_lookup_offers_nothing() {
    let r = req(&["status", "w"]);
    let out = render(&r, Some(vec!["web".into(), "db".into(), "wal".into()]));
    assert_eq!(out, "web\nwal\n:4\n");
    assert_eq!(render(&r, None), ":4\n");
    assert_eq!(render(&req(&["--kubeconfig", ""]), None), ":0\n");
}

#[test]
fn completer_mode_by_argument_or_by_name() {
    let words = |v: &[&str]| completer_words(v.iter().map(|s| s.to_string()));
    assert_eq!(
        words(&["/x/kubectl-sts", "__complete", "status", ""]),
        Some(vec!["status".to_string(), String::new()])
    );
    assert_eq!(
        words(&["/x/kubectl_complete-sts", "status", "w"]),
        Some(vec!["status".to_string(), "w".to_string()])
    );
    assert_eq!(words(&["kubectl-sts", "status", "__complete"]), None);
    assert_eq!(words(&["kubectl-sts"]), None);
}

#[test]
fn completer_script_execs_the_plugin_quoted() {
    let (name, text) = completer_script(Path::new("/opt/it's here/kubectl-sts"));
    assert_eq!(name, COMPLETER_NAME);
    assert!(text.starts_with("#!/bin/sh\n"));
    assert!(text.contains(MARKER));
    assert!(
        text.contains(r#"exec '/opt/it'\''s here/kubectl-sts' __complete "$@""#),
        "{text}"
    );
}
