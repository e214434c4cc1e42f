//! Table tests of the `--check` decisions.

use std::time::Duration;

use super::*;

fn exec(container: Option<&str>, cmd: &[&str]) -> Probe {
    Probe::Exec {
        container: container.map(str::to_string),
        command: cmd.iter().map(|s| s.to_string()).collect(),
    }
}

fn http(tls: bool, port: u16, path: &str, status: Option<u16>, body: Option<&str>) -> Probe {
    Probe::Http {
        tls,
        port,
        path: path.into(),
        status,
        body: body.map(str::to_string),
    }
}

#[test]
fn parses_specs() {
    let cases: Vec<(&str, Probe)> = vec![
        ("exec:true", exec(None, &["true"])),
        (
            "exec:db:pg_isready -q",
            exec(Some("db"), &["pg_isready", "-q"]),
        ),
        (
            "exec:sh -c 'redis-cli info replication | grep -q master_link_status:up'",
            exec(
                None,
                &[
                    "sh",
                    "-c",
                    "redis-cli info replication | grep -q master_link_status:up",
                ],
            ),
        ),
        // A first word with a colon: `exec::` names no container.
        ("exec::a:b c", exec(None, &["a:b", "c"])),
        // Before the colon is no container name (blank, upper case).
        ("exec:cat /x:y", exec(None, &["cat", "/x:y"])),
        ("exec:Foo:bar", exec(None, &["Foo:bar"])),
        (
            "exec:kafka:kafka-topics.sh --describe --under-replicated-partitions",
            exec(
                Some("kafka"),
                &[
                    "kafka-topics.sh",
                    "--describe",
                    "--under-replicated-partitions",
                ],
            ),
        ),
        (
            "http://:8080/healthz",
            http(false, 8080, "/healthz", None, None),
        ),
        ("http://:8080", http(false, 8080, "/", None, None)),
        (
            "https://:8443/ready?x=1",
            http(true, 8443, "/ready?x=1", None, None),
        ),
        (
            "http://:8008/health status=200 body='\"state\": \"running\"'",
            http(
                false,
                8008,
                "/health",
                Some(200),
                Some("\"state\": \"running\""),
            ),
        ),
        (
            "http://:8080/ready/{pod} body=ok",
            http(false, 8080, "/ready/{pod}", None, Some("ok")),
        ),
    ];
    for (spec, want) in cases {
        let c = parse(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert_eq!(c.probe, want, "{spec}");
        assert_eq!(c.spec, spec);
    }
}

#[test]
fn refuses_bad_specs_naming_them() {
    let cases = [
        ("exec:", "no command"),
        ("exec:app:", "no command"),
        ("exec:sh -c 'unterminated", "--check"),
        ("tcp://:80", "expected exec:"),
        ("http://db:8080/x", "names no host"),
        ("http://:0/x", "1 to 65535"),
        ("http://:99999/x", "1 to 65535"),
        ("http://:http/x", "1 to 65535"),
        ("http://:80/x status=abc", "not an HTTP status"),
        ("http://:80/x status=700", "not an HTTP status"),
        ("http://:80/x code=200", "unknown option"),
        ("", "expected exec:"),
    ];
    for (spec, want) in cases {
        let e = parse(spec).expect_err(spec);
        assert!(e.contains(want), "{spec}: {e}");
        assert!(e.starts_with("--check"), "{spec}: {e}");
    }
}

#[test]
fn expands_placeholders_and_leaves_other_braces() {
    let s = Subject {
        pod: "db-2",
        ordinal: 2,
        namespace: "shop",
        set: "db",
    };
    let cases = [
        ("{pod}", "db-2"),
        ("/ready/{namespace}/{set}/{ordinal}", "/ready/shop/db/2"),
        ("awk '{print $1}' {pod}", "awk '{print $1}' db-2"),
        ("{pod}{pod}", "db-2db-2"),
        ("{Pod} {unknown}", "{Pod} {unknown}"),
    ];
    for (text, want) in cases {
        assert_eq!(expand(text, &s), want, "{text}");
    }
    let p = expand_probe(&exec(Some("app"), &["test", "-f", "/x/{pod}"]), &s);
    assert_eq!(p, exec(Some("app"), &["test", "-f", "/x/db-2"]));
    let p = expand_probe(&http(false, 1, "/{set}", None, Some("{pod}")), &s);
    assert_eq!(p, http(false, 1, "/db", None, Some("db-2")));
}

#[test]
fn scope_selects_pods() {
    let all: Vec<String> = ["w-0", "w-1", "w-2"].map(String::from).to_vec();
    let sub = vec!["w-2".to_string()];
    let cases = [
        (Scope::New, vec!["w-2"]),
        (Scope::All, vec!["w-0", "w-1", "w-2"]),
        (Scope::Others, vec!["w-0", "w-1"]),
    ];
    for (scope, want) in cases {
        assert_eq!(targets(scope, &all, &sub), want, "{scope:?}");
    }
    // A subject pod missing from the set is not checked.
    assert!(targets(Scope::New, &all, &["w-9".into()]).is_empty());
    let last = ["w-2".to_string()];
    let going = vec!["w-1".to_string()];
    let cases = [
        (Scope::New, &last[..], vec!["w-2"]),
        (Scope::New, &[][..], vec!["w-1"]),
        (Scope::All, &last[..], vec!["w-1"]),
        (Scope::Others, &last[..], vec!["w-1"]),
    ];
    for (scope, last, want) in cases {
        assert_eq!(
            before_subject(scope, last, &going),
            want,
            "{scope:?} {last:?}"
        );
    }
}

#[test]
fn verdicts() {
    // (success, message, ExitCode cause, output, verdict)
    type ExecCase<'a> = (bool, &'a str, Option<&'a str>, &'a str, Verdict);
    let cases: Vec<ExecCase> = vec![
        (true, "", None, "x", Verdict::Pass),
        // A kubelet: reason NonZeroExitCode with an ExitCode cause.
        (
            false,
            "command terminated with non-zero exit code: error executing command [sh -c x]: exit status 3",
            Some("3"),
            "lag 500\n",
            Verdict::Fail("exit code 3, output: lag 500".into()),
        ),
        // kwok: an internal error ending with the runtime's exit status.
        (
            false,
            "Internal error occurred: error executing command in container: cmd wait: sh -c x: exit status 1",
            None,
            "a\nb\n",
            Verdict::Fail("exit code 1, output:\n    a\n    b".into()),
        ),
        (
            false,
            "executable file not found in $PATH",
            None,
            "",
            Verdict::Fail("executable file not found in $PATH".into()),
        ),
        (
            false,
            "exit status ",
            None,
            "",
            Verdict::Fail("exit status".into()),
        ),
        (
            false,
            "",
            None,
            "",
            Verdict::Fail("the command failed".into()),
        ),
    ];
    for (ok, msg, code, out, want) in cases {
        assert_eq!(exec_verdict(ok, msg, code, out), want, "{msg}");
    }
    // (expected status, expected body, status, body, passes)
    type HttpCase<'a> = (Option<u16>, Option<&'a str>, u16, &'a str, bool);
    let cases: Vec<HttpCase> = vec![
        (None, None, 200, "", true),
        (None, None, 204, "", true),
        (None, None, 299, "", true),
        (None, None, 301, "", false),
        (None, None, 503, "down", false),
        (Some(503), None, 503, "", true),
        (Some(200), None, 204, "", false),
        (None, Some("running"), 200, "state: running", true),
        (None, Some("running"), 200, "state: starting", false),
        (Some(200), Some("ok"), 500, "ok", false),
    ];
    for (want, body_want, status, body, pass) in cases {
        let v = http_verdict(want, body_want, status, body);
        assert_eq!(
            v == Verdict::Pass,
            pass,
            "{want:?} {body_want:?} {status} {body}: {v:?}"
        );
    }
    match http_verdict(None, Some("up"), 200, "down") {
        Verdict::Fail(m) => assert!(m.contains("does not contain \"up\"") && m.contains("down")),
        v => panic!("{v:?}"),
    }
    match http_verdict(None, None, 503, "") {
        Verdict::Fail(m) => assert_eq!(m, "status 503 (expected 2xx)"),
        v => panic!("{v:?}"),
    }
}

#[test]
fn tail_keeps_the_end() {
    assert_eq!(tail("a\nb\nc\n", 2, 100), "b\nc");
    assert_eq!(tail("abcdef", 5, 3), "...def");
    assert_eq!(tail("", 5, 3), "");
    // Never cuts inside a character.
    assert_eq!(tail("ééé", 1, 3), "...é");
}

#[test]
fn retries_back_off_until_the_deadline() {
    let t = Duration::from_secs(2);
    let s = Duration::from_secs;
    let cases = [
        // (failed attempt, retries, time left, want)
        (1, 0, s(100), None),
        (1, 3, s(100), Some(s(1))),
        (2, 3, s(100), Some(s(2))),
        (3, 3, s(100), Some(s(4))),
        (4, 3, s(100), None),
        (5, 10, s(100), Some(s(10))),
        (9, 10, s(100), Some(s(10))),
        // The wait and one more attempt must fit before the deadline.
        (1, 3, s(3), Some(s(1))),
        (1, 3, s(2), None),
        (3, 9, s(5), None),
    ];
    for (attempt, retries, left, want) in cases {
        assert_eq!(
            retry_after(attempt, retries, t, left),
            want,
            "attempt {attempt} of {retries} retries, {left:?} left"
        );
    }
}

#[test]
fn records_round_trip_and_describe() {
    let specs = vec![
        "exec:db:pg_isready".to_string(),
        "http://:8080/x".to_string(),
    ];
    let c = Checks::parse(&specs, Scope::Others, Duration::from_secs(5), 4).unwrap();
    let r = c.record();
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(
        json,
        r#"{"specs":["exec:db:pg_isready","http://:8080/x"],"on":"others","timeoutSeconds":5,"retries":4}"#
    );
    let back: CheckRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(Checks::from_record(&back).unwrap(), c);
    assert_eq!(c.containers(), vec!["db"]);
    assert_eq!(c.needs(), (true, true));
    assert_eq!(
        c.describe(),
        "`exec:db:pg_isready`, `http://:8080/x` on every other pod (timeout 5s, 4 retries)"
    );
    assert!(Checks::parse(&specs, Scope::New, Duration::ZERO, 0).is_err());
}

#[test]
fn partition_walks_with_checks_and_more_than_one_pod() {
    // (checks given, pods to replace, walk)
    let cases = [
        (false, 0, false),
        (false, 3, false),
        (true, 0, false),
        (true, 1, false),
        (true, 2, true),
        (true, 9, true),
    ];
    for (checks, pods, walk) in cases {
        assert_eq!(walk_partition(checks, pods), walk, "{checks} {pods}");
    }
}
