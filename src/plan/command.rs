//! The commands kubectl-sts prints for the user to run next (resume after
//! Ctrl-C or a timeout, continue a canary, resume a pause, roll back). A
//! printed command is only useful if running it verbatim does the same
//! thing as the run that printed it: same cluster, same namespace, same
//! settings. So every such command is built here, from the options, and
//! every flag that changes behaviour is repeated (safety rule 8: "a printed
//! command that resumes").

use std::fmt;
use std::time::Duration;

/// The global (kubectl) flags a printed command repeats: the ones that
/// pick the cluster, the identity and the output. Plain values, built by
/// the CLI layer from its flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Connection {
    pub kubeconfig: Option<String>,
    pub context: Option<String>,
    pub cluster: Option<String>,
    pub user: Option<String>,
    pub as_user: Option<String>,
    pub as_group: Vec<String>,
    /// `--request-timeout`; `None` is kubectl's default (no limit).
    pub request_timeout: Option<Duration>,
    pub insecure_skip_tls_verify: bool,
    /// `-s/--server`, `--certificate-authority`, `--tls-server-name`: as typed.
    pub server: Option<String>,
    pub certificate_authority: Option<String>,
    pub tls_server_name: Option<String>,
    /// Whether `--token` was given. Its value is never printed: a printed
    /// command says `--token "$TOKEN"` ([`TOKEN_PLACEHOLDER`]), so a
    /// terminal's scrollback, a ticket or an annotation holding the command
    /// does not hold the credential.
    pub token: bool,
    /// `--client-certificate`, `--client-key`: paths as typed.
    pub client_certificate: Option<String>,
    pub client_key: Option<String>,
    /// `--disable-compression`.
    pub disable_compression: bool,
    /// `-o` when not the default table (a script reading JSON keeps it).
    pub output: Option<String>,
}

/// What a printed command passes to `--token`: a shell variable the user
/// sets to the token (an empty or unset one is refused, see `args`).
pub const TOKEN_PLACEHOLDER: &str = "\"$TOKEN\"";

impl Connection {
    /// The flags alone, shell-quoted, each with a leading space: for a
    /// command assembled elsewhere that must reach the same cluster.
    pub fn flags(&self) -> String {
        let c = CommandLine {
            words: Vec::new(),
            raw: Vec::new(),
        }
        .connection(self);
        (0..c.words.len())
            .map(|i| format!(" {}", c.shell_word(i)))
            .collect()
    }
}

/// One command line, `kubectl sts <verb...> NAME -n NS [flags]`, built
/// word by word and printed shell-quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandLine {
    words: Vec<String>,
    /// Indices of words printed as they are, for the shell to expand
    /// (`"$TOKEN"`); every other word is quoted.
    raw: Vec<usize>,
}

impl CommandLine {
    /// `kubectl sts <verb> NAME -n NS` and the connection flags. `verb` may
    /// be several words (`"rollout canary"`).
    pub fn new(verb: &str, name: &str, ns: &str, conn: &Connection) -> Self {
        let mut c = Self {
            words: vec!["kubectl".into(), "sts".into()],
            raw: Vec::new(),
        };
        c.words.extend(verb.split_whitespace().map(str::to_string));
        c.words.push(name.into());
        c.opt("-n", ns).connection(conn)
    }

    /// Adds the connection flags (`--kubeconfig`, `--context`, ..., `-o`).
    fn connection(self, conn: &Connection) -> Self {
        let mut c = self;
        c = c.opt_some("--kubeconfig", conn.kubeconfig.as_deref());
        c = c.opt_some("--context", conn.context.as_deref());
        c = c.opt_some("--cluster", conn.cluster.as_deref());
        c = c.opt_some("--user", conn.user.as_deref());
        c = c.opt_some("--server", conn.server.as_deref());
        c = c.opt_some(
            "--certificate-authority",
            conn.certificate_authority.as_deref(),
        );
        c = c.opt_some("--tls-server-name", conn.tls_server_name.as_deref());
        c = c.opt_some("--client-certificate", conn.client_certificate.as_deref());
        c = c.opt_some("--client-key", conn.client_key.as_deref());
        if conn.token {
            c.words.push("--token".into());
            c.raw.push(c.words.len());
            c.words.push(TOKEN_PLACEHOLDER.into());
        }
        c = c.opt_some("--as", conn.as_user.as_deref());
        for g in &conn.as_group {
            c = c.opt("--as-group", g);
        }
        if let Some(t) = conn.request_timeout {
            c = c.duration("--request-timeout", t);
        }
        c = c.flag("--insecure-skip-tls-verify", conn.insecure_skip_tls_verify);
        c = c.flag("--disable-compression", conn.disable_compression);
        c.opt_some("-o", conn.output.as_deref())
    }

    /// Adds `flag` when `on`.
    pub fn flag(mut self, flag: &str, on: bool) -> Self {
        if on {
            self.words.push(flag.into());
        }
        self
    }

    /// Adds `flag value`.
    pub fn opt(mut self, flag: &str, value: impl fmt::Display) -> Self {
        self.words.push(flag.into());
        self.words.push(value.to_string());
        self
    }

    /// Adds `flag value` when there is a value.
    pub fn opt_some(self, flag: &str, value: Option<impl fmt::Display>) -> Self {
        match value {
            Some(v) => self.opt(flag, v),
            None => self,
        }
    }

    /// Adds `flag D` with D in a form `parse_duration` reads back exactly
    /// (whole seconds as `Ns`, anything finer as `Nms`).
    pub fn duration(self, flag: &str, d: Duration) -> Self {
        self.opt(flag, duration_word(d))
    }

    /// The words, unquoted (what a shell passes to the program), except
    /// a word left for the shell to expand (`"$TOKEN"`), which is as printed.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Word `i` as printed: quoted, or as is when the shell is to expand it.
    fn shell_word(&self, i: usize) -> String {
        if self.raw.contains(&i) {
            self.words[i].clone()
        } else {
            quote(&self.words[i])
        }
    }
}

impl fmt::Display for CommandLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let printed: Vec<String> = (0..self.words.len()).map(|i| self.shell_word(i)).collect();
        f.write_str(&printed.join(" "))
    }
}

/// A duration as a flag value that parses back to the same duration.
pub fn duration_word(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

/// `word` as a POSIX shell reads it back: bare when it has only safe
/// characters, else single-quoted (a `'` inside written as `'\''`).
pub fn quote(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_command_has_name_and_namespace() {
        let c = CommandLine::new("rollout canary", "web", "shop", &Connection::default());
        assert_eq!(c.to_string(), "kubectl sts rollout canary web -n shop");
    }

    #[test]
    fn connection_flags_are_repeated_and_quoted() {
        let conn = Connection {
            kubeconfig: Some("/home/me/my configs/prod.yaml".into()),
            context: Some("prod".into()),
            cluster: Some("c1".into()),
            user: Some("admin".into()),
            as_user: Some("jane".into()),
            as_group: vec!["ops".into(), "db's".into()],
            request_timeout: Some(Duration::from_millis(1500)),
            insecure_skip_tls_verify: true,
            output: Some("json".into()),
            ..Default::default()
        };
        let c = CommandLine::new("restart", "web", "shop", &conn)
            .duration("--timeout", Duration::from_secs(300))
            .flag("--yes", true)
            .flag("--disable-eviction", false);
        assert_eq!(
            c.to_string(),
            "kubectl sts restart web -n shop --kubeconfig '/home/me/my configs/prod.yaml' \
             --context prod --cluster c1 --user admin --as jane --as-group ops --as-group \
             'db'\\''s' --request-timeout 1500ms --insecure-skip-tls-verify -o json --timeout \
             300s --yes"
        );
        assert_eq!(c.words()[7], "/home/me/my configs/prod.yaml");
    }

    #[test]
    fn durations_parse_back_to_themselves() {
        for d in [
            Duration::ZERO,
            Duration::from_secs(1),
            Duration::from_secs(90),
            Duration::from_millis(2500),
            Duration::from_secs(7200),
        ] {
            assert_eq!(
                crate::duration::parse_duration(&duration_word(d)).unwrap(),
                d
            );
        }
    }

    #[test]
    fn quoting_round_trips_through_a_shell_splitter() {
        for w in ["a b", "it's", "", "$HOME", "x;rm -rf /", "plain-1.2"] {
            let line = format!("cmd {}", quote(w));
            // A POSIX split of the quoted word gives the word back.
            let mut out = String::new();
            let mut chars = line["cmd ".len()..].chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\'' => {
                        for c in chars.by_ref() {
                            if c == '\'' {
                                break;
                            }
                            out.push(c);
                        }
                    }
                    '\\' => out.extend(chars.next()),
                    c => out.push(c),
                }
            }
            assert_eq!(out, w);
        }
    }

    #[test]
    fn words_are_quoted_only_when_a_shell_needs_it() {
        assert_eq!(quote("--timeout=5m"), "--timeout=5m");
        assert_eq!(quote("web-0"), "web-0");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn kubectl_connection_flags_are_repeated_but_a_token_only_as_a_variable() {
        let conn = Connection {
            server: Some("https://10.0.0.1:6443".into()),
            certificate_authority: Some("/etc/k8s/ca bundle.crt".into()),
            tls_server_name: Some("kubernetes.default".into()),
            token: true,
            client_certificate: Some("/etc/k8s/me.crt".into()),
            client_key: Some("/etc/k8s/me.key".into()),
            disable_compression: true,
            ..Default::default()
        };
        let c = CommandLine::new("restart", "web", "shop", &conn);
        assert_eq!(
            c.to_string(),
            "kubectl sts restart web -n shop --server https://10.0.0.1:6443 \
             --certificate-authority '/etc/k8s/ca bundle.crt' --tls-server-name \
             kubernetes.default --client-certificate /etc/k8s/me.crt --client-key \
             /etc/k8s/me.key --token \"$TOKEN\" --disable-compression"
        );
        assert!(c.to_string().ends_with(&conn.flags()), "{c}");
        // The placeholder survives a shell split as the variable, unexpanded here.
        let words = shell_words::split(&c.to_string()).unwrap();
        let at = words.iter().position(|w| w == "--token").unwrap();
        assert_eq!(words[at + 1], "$TOKEN");
    }

    #[test]
    fn connection_flags_alone_match_the_full_command() {
        let conn = Connection {
            context: Some("prod east".into()),
            request_timeout: Some(Duration::from_secs(30)),
            ..Default::default()
        };
        assert_eq!(conn.flags(), " --context 'prod east' --request-timeout 30s");
        let full = CommandLine::new("restart", "web", "shop", &conn).to_string();
        assert!(full.ends_with(&conn.flags()), "{full}");
    }
}
