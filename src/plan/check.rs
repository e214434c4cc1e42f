//! Application-aware health checks (`--check`): what a spec means, which
//! pods a check runs on, when to try again, and what an answer means. Pure:
//! the exec and port-forward calls are in `cluster::check`, the gate that
//! runs them around each disruption in `ops::check`.
//!
//! Spec syntax (documented in the README, "Health checks"):
//! - `exec:[CONTAINER:]COMMAND`: COMMAND is split into words as a POSIX
//!   shell would (quotes, backslashes) but no shell runs it: write
//!   `sh -c '...'` for pipes. The part before the first `:` is a container
//!   name when it is a valid one (a DNS-1123 label, no blanks); `exec::CMD`
//!   names no container (the pod's default one). Exit status 0 passes.
//! - `http[s]://:PORT/PATH [status=CODE] [body=TEXT]`: a GET of PATH on the
//!   pod's PORT through the API server's port-forward. Passes on a 2xx
//!   status (or exactly CODE), and, with `body=`, when the body contains
//!   TEXT. Options are words after the URL, quoted as in a shell.
//!
//! Placeholders `{pod}`, `{ordinal}`, `{namespace}`, `{set}` are expanded
//! in every command word and in the path; other braces are left as they
//! are (`awk '{print $1}'` keeps working).

#[cfg(test)]
mod tests;

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What a check does, parsed from its spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// Run `command` in `container` (`None`: the pod's default container).
    Exec {
        container: Option<String>,
        command: Vec<String>,
    },
    /// GET `path` on the pod's `port`, over TLS when `tls`.
    Http {
        tls: bool,
        port: u16,
        path: String,
        /// The status that passes; `None`: any 2xx.
        status: Option<u16>,
        /// A substring the body must contain.
        body: Option<String>,
    },
}

/// One `--check`: the spec as the user wrote it (recorded and printed) and
/// its meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub spec: String,
    pub probe: Probe,
}

/// Which pods a check runs on (`--check-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The pod(s) just replaced (before a disruption: the last ones this
    /// run replaced, or, before the first, the ones about to go down).
    #[default]
    New,
    /// Every pod of the set.
    All,
    /// Every pod but the one(s) taken down or just replaced.
    Others,
}

impl Scope {
    /// As `--check-on` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::New => "new",
            Scope::All => "all",
            Scope::Others => "others",
        }
    }
}

/// The checks of an operation, as recorded in its intent annotation so a
/// resumed run uses the same ones (safety rule 8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckRecord {
    /// The specs as given to `--check`.
    pub specs: Vec<String>,
    pub on: Scope,
    /// `--check-timeout`, per attempt.
    pub timeout_seconds: u64,
    /// `--check-retries`.
    pub retries: u32,
}

/// Parsed checks with their timing: what the gate runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checks {
    pub checks: Vec<Check>,
    pub on: Scope,
    /// Bound of one attempt (connect, run, read).
    pub timeout: Duration,
    /// Attempts after the first failing one, with [`backoff`] between them.
    pub retries: u32,
}

impl Checks {
    /// Parses every spec; the first bad one is the error.
    pub fn parse(
        specs: &[String],
        on: Scope,
        timeout: Duration,
        retries: u32,
    ) -> Result<Self, String> {
        let checks = specs
            .iter()
            .map(|s| parse(s))
            .collect::<Result<Vec<_>, _>>()?;
        if timeout.is_zero() {
            return Err("--check-timeout must be more than 0".into());
        }
        Ok(Self {
            checks,
            on,
            timeout,
            retries,
        })
    }

    /// The record of these checks.
    pub fn record(&self) -> CheckRecord {
        CheckRecord {
            specs: self.checks.iter().map(|c| c.spec.clone()).collect(),
            on: self.on,
            timeout_seconds: self.timeout.as_secs().max(1),
            retries: self.retries,
        }
    }

    /// The checks of a record, as a resumed run uses them.
    pub fn from_record(r: &CheckRecord) -> Result<Self, String> {
        Self::parse(
            &r.specs,
            r.on,
            Duration::from_secs(r.timeout_seconds.max(1)),
            r.retries,
        )
    }

    /// The containers the exec checks name, for the check that every pod
    /// has them before the first disruption.
    pub fn containers(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .checks
            .iter()
            .filter_map(|c| match &c.probe {
                Probe::Exec {
                    container: Some(c), ..
                } => Some(c.as_str()),
                _ => None,
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Whether any check needs `pods/exec` (`true`) and `pods/portforward`.
    pub fn needs(&self) -> (bool, bool) {
        let exec = self
            .checks
            .iter()
            .any(|c| matches!(c.probe, Probe::Exec { .. }));
        let http = self
            .checks
            .iter()
            .any(|c| matches!(c.probe, Probe::Http { .. }));
        (exec, http)
    }

    /// One line for plans and `status`: `exec:... , http://... on new pods`.
    pub fn describe(&self) -> String {
        describe_record(&self.record())
    }
}

/// A recorded set of checks in words (for `status` and plans).
pub fn describe_record(r: &CheckRecord) -> String {
    let specs: Vec<String> = r.specs.iter().map(|s| format!("`{s}`")).collect();
    let on = match r.on {
        Scope::New => "the replaced pod",
        Scope::All => "every pod",
        Scope::Others => "every other pod",
    };
    format!(
        "{} on {on} (timeout {}s, {} retries)",
        specs.join(", "),
        r.timeout_seconds,
        r.retries
    )
}

/// Parses one `--check` spec (syntax in the module docs). Errors name the
/// spec and say what is expected.
pub fn parse(spec: &str) -> Result<Check, String> {
    let bad = |why: &str| format!("--check {spec:?}: {why}");
    let probe = if let Some(rest) = spec.strip_prefix("exec:") {
        let (container, command) = split_container(rest);
        let words = shell_words::split(command).map_err(|e| bad(&format!("{e}")))?;
        if words.is_empty() {
            return Err(bad("no command after exec: (e.g. exec:app:pg_isready)"));
        }
        Probe::Exec {
            container,
            command: words,
        }
    } else if let Some((tls, rest)) = spec
        .strip_prefix("http://")
        .map(|r| (false, r))
        .or_else(|| spec.strip_prefix("https://").map(|r| (true, r)))
    {
        parse_http(tls, rest).map_err(|e| bad(&e))?
    } else {
        return Err(bad(
            "expected exec:[CONTAINER:]COMMAND or http[s]://:PORT/PATH [status=CODE] [body=TEXT]",
        ));
    };
    Ok(Check {
        spec: spec.to_string(),
        probe,
    })
}

/// `CONTAINER:COMMAND` or `COMMAND` (see the module docs).
fn split_container(rest: &str) -> (Option<String>, &str) {
    if let Some(cmd) = rest.strip_prefix(':') {
        return (None, cmd);
    }
    match rest.split_once(':') {
        Some((c, cmd)) if is_label(c) => (Some(c.to_string()), cmd),
        _ => (None, rest),
    }
}

/// A DNS-1123 label: what a container name must be.
fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

fn parse_http(tls: bool, rest: &str) -> Result<Probe, String> {
    let words = shell_words::split(rest).map_err(|e| e.to_string())?;
    let Some((url, opts)) = words.split_first() else {
        return Err("no :PORT/PATH after the scheme".into());
    };
    let Some(hostless) = url.strip_prefix(':') else {
        return Err(
            "the URL names no host, only the pod's port: http://:8080/healthz (the request goes \
             through the API server to the pod)"
                .into(),
        );
    };
    let (port, path) = match hostless.find('/') {
        Some(i) => (&hostless[..i], &hostless[i..]),
        None => (hostless, "/"),
    };
    let port: u16 = port
        .parse()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| format!("port {port:?} is not a number from 1 to 65535"))?;
    let (mut status, mut body) = (None, None);
    for o in opts {
        if let Some(s) = o.strip_prefix("status=") {
            let code: u16 = s
                .parse()
                .ok()
                .filter(|c| (100..600).contains(c))
                .ok_or_else(|| format!("status={s:?} is not an HTTP status code"))?;
            status = Some(code);
        } else if let Some(b) = o.strip_prefix("body=") {
            body = Some(b.to_string());
        } else {
            return Err(format!("unknown option {o:?} (status=CODE or body=TEXT)"));
        }
    }
    Ok(Probe::Http {
        tls,
        port,
        path: path.to_string(),
        status,
        body,
    })
}

/// The values placeholders stand for, for one pod.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub pod: &'a str,
    pub ordinal: i32,
    pub namespace: &'a str,
    pub set: &'a str,
}

/// `text` with `{pod}`, `{ordinal}`, `{namespace}` and `{set}` replaced;
/// other braces stay.
pub fn expand(text: &str, s: &Subject) -> String {
    text.replace("{pod}", s.pod)
        .replace("{ordinal}", &s.ordinal.to_string())
        .replace("{namespace}", s.namespace)
        .replace("{set}", s.set)
}

/// The probe with its placeholders expanded for `s`.
pub fn expand_probe(p: &Probe, s: &Subject) -> Probe {
    match p {
        Probe::Exec { container, command } => Probe::Exec {
            container: container.clone(),
            command: command.iter().map(|w| expand(w, s)).collect(),
        },
        Probe::Http {
            tls,
            port,
            path,
            status,
            body,
        } => Probe::Http {
            tls: *tls,
            port: *port,
            path: expand(path, s),
            status: *status,
            body: body.as_ref().map(|b| expand(b, s)),
        },
    }
}

/// The pods a check runs on, in the order of `all`: `subject` are the pods
/// just replaced (after a step) or about to go down (before one).
pub fn targets(scope: Scope, all: &[String], subject: &[String]) -> Vec<String> {
    match scope {
        Scope::New => all
            .iter()
            .filter(|p| subject.contains(p))
            .cloned()
            .collect(),
        Scope::All => all.to_vec(),
        Scope::Others => all
            .iter()
            .filter(|p| !subject.contains(p))
            .cloned()
            .collect(),
    }
}

/// Before a disruption, the pods a `new` check looks at: the ones this run
/// replaced last, or, before the first disruption, the ones about to go
/// down (so a check that cannot pass is found before anything is touched).
/// `others` and `all` look at the ones about to go down as their subject.
pub fn before_subject(scope: Scope, last_replaced: &[String], going: &[String]) -> Vec<String> {
    match scope {
        Scope::New if !last_replaced.is_empty() => last_replaced.to_vec(),
        _ => going.to_vec(),
    }
}

/// The outcome of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    /// The application said no: try again while attempts and time last.
    Fail(String),
    /// The check could not run at all (no such container, forbidden, no
    /// listener): an error, not a verdict about the application.
    CannotRun(String),
}

/// The verdict of an exec: the API server's status (`success` when it
/// reported Success), its message and its `ExitCode` cause (a kubelet
/// sends one with reason NonZeroExitCode); `output` is the tail of
/// stdout+stderr. A one-line output stays on the verdict's first line,
/// which progress lines show.
pub fn exec_verdict(
    success: bool,
    message: &str,
    exit_code: Option<&str>,
    output: &str,
) -> Verdict {
    if success {
        return Verdict::Pass;
    }
    let mut s = match exit_code.or_else(|| trailing_exit_status(message)) {
        Some(code) => format!("exit code {code}"),
        None if message.trim().is_empty() => "the command failed".to_string(),
        None => message.trim().to_string(),
    };
    let out = output.trim_end();
    if out.lines().count() == 1 {
        s.push_str(&format!(", output: {}", out.trim()));
    } else if !out.is_empty() {
        s.push_str(", output:");
        for l in out.lines() {
            s.push_str(&format!("\n    {l}"));
        }
    }
    Verdict::Fail(s)
}

/// `... exit status 3` (how a runtime's error ends when it has no
/// ExitCode cause): `3`.
fn trailing_exit_status(message: &str) -> Option<&str> {
    let code = message.trim_end().rsplit_once("exit status ")?.1;
    (!code.is_empty() && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// The verdict of an HTTP answer: `status` must be `want` (or 2xx without
/// one) and the body must contain `body` when given.
pub fn http_verdict(
    want: Option<u16>,
    body_want: Option<&str>,
    status: u16,
    body: &str,
) -> Verdict {
    let status_ok = match want {
        Some(w) => status == w,
        None => (200..300).contains(&status),
    };
    let body_ok = body_want.is_none_or(|b| body.contains(b));
    if status_ok && body_ok {
        return Verdict::Pass;
    }
    let expected = match want {
        Some(w) => format!("{w}"),
        None => "2xx".into(),
    };
    let mut why = if status_ok {
        format!(
            "status {status}, but the body does not contain {:?}",
            body_want.unwrap_or_default()
        )
    } else {
        format!("status {status} (expected {expected})")
    };
    let t = tail(body, 10, 1000);
    if t.lines().count() == 1 {
        why.push_str(&format!(", body: {}", t.trim()));
    } else if !t.is_empty() {
        why.push_str(", body:");
        for l in t.lines() {
            why.push_str(&format!("\n    {l}"));
        }
    }
    Verdict::Fail(why)
}

/// The last `lines` lines of `text`, at most `max` bytes (cut at a char
/// boundary): what a report keeps of a check's output.
pub fn tail(text: &str, lines: usize, max: usize) -> String {
    let t = text.trim_end();
    let keep: Vec<&str> = t.lines().rev().take(lines).collect();
    let s = keep.into_iter().rev().collect::<Vec<_>>().join("\n");
    if s.len() <= max {
        return s;
    }
    let mut start = s.len() - max;
    while !s.is_char_boundary(start) {
        start += 1;
    }
    format!("...{}", &s[start..])
}

/// The wait before retry number `attempt` (1 for the first retry): 1 s,
/// doubling, at most 10 s.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.saturating_sub(1).min(4)).min(Duration::from_secs(10))
}

/// After failed attempt number `attempt` (1 for the first), whether to try
/// again and after how long: `None` once `retries` are used up, or when the
/// next attempt (the wait plus one `timeout`) would end after `left`, the
/// time left before the step's deadline (safety rule 7).
pub fn retry_after(
    attempt: u32,
    retries: u32,
    timeout: Duration,
    left: Duration,
) -> Option<Duration> {
    if attempt > retries {
        return None;
    }
    let wait = backoff(attempt);
    (wait + timeout <= left).then_some(wait)
}

/// Whether `rollout NAME --partition N` walks the partition down one
/// ordinal at a time (as `rollout canary --step 1 --to N`) instead of one
/// write: with checks given and more than one pod to replace, since the
/// controller replaces every pod below the old partition by itself, with
/// no moment for the checks between two of them.
pub fn walk_partition(checks_given: bool, pods_to_replace: usize) -> bool {
    checks_given && pods_to_replace > 1
}
