//! Next-step commands in messages ("check with: kubectl sts status web -n
//! shop"): like resume commands they must reach the same cluster as the
//! same user when pasted, so they repeat the connection flags. The flags are
//! set once per process, by `Cli::run`, so any layer can build a hint
//! without threading them through every call.

use std::sync::OnceLock;

use crate::plan::command::{CommandLine, Connection};

static CONNECTION: OnceLock<Connection> = OnceLock::new();
static RESUME: OnceLock<String> = OnceLock::new();

/// Records this process's connection flags; the first call wins.
pub fn set_connection(conn: Connection) {
    let _ = CONNECTION.set(conn);
}

/// `kubectl sts <verb> NAME -n NS` with this process's connection flags
/// (`--kubeconfig`, `--context`, ...), without `-o`: a hint is for a person.
pub fn command(verb: &str, name: &str, ns: &str) -> CommandLine {
    build(CONNECTION.get(), verb, name, ns)
}

fn build(conn: Option<&Connection>, verb: &str, name: &str, ns: &str) -> CommandLine {
    let conn = Connection {
        output: None,
        ..conn.cloned().unwrap_or_default()
    };
    CommandLine::new(verb, name, ns, &conn)
}

/// Records the operation's own resume command (every flag that changes
/// what it does, and `--yes` once the plan was confirmed), so that an
/// interruption anywhere in the run, a read included, prints the same
/// command as one between steps. The first call wins.
pub fn set_resume(command: String) {
    let _ = RESUME.set(command);
}

/// The command that resumes this process's operation: the one given to
/// [`set_resume`], else the command line as a user re-types it
/// (`kubectl sts restart web -n shop --yes`): re-running an operation
/// resumes it.
pub fn rerun_command() -> String {
    rerun(RESUME.get().map(String::as_str), std::env::args().skip(1))
}

fn rerun(resume: Option<&str>, args: impl Iterator<Item = String>) -> String {
    if let Some(c) = resume {
        return c.to_string();
    }
    use crate::plan::command::{TOKEN_PLACEHOLDER, quote};
    // A token typed on the command line is not printed back (see
    // `Connection::token`): its value becomes the placeholder.
    let mut words = Vec::new();
    let mut token_value = false;
    for a in args {
        if std::mem::take(&mut token_value) {
            words.push(TOKEN_PLACEHOLDER.to_string());
        } else if a == "--token" {
            token_value = true;
            words.push(a);
        } else if a.starts_with("--token=") {
            words.push(format!("--token={TOKEN_PLACEHOLDER}"));
        } else {
            words.push(quote(&a));
        }
    }
    format!("kubectl sts {}", words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operations_resume_command_wins_over_its_command_line() {
        let argv = || {
            ["restart", "web", "--timeout", "4m"]
                .map(String::from)
                .into_iter()
        };
        assert_eq!(rerun(None, argv()), "kubectl sts restart web --timeout 4m");
        let resume = "kubectl sts restart web -n shop --timeout 240s --yes";
        assert_eq!(rerun(Some(resume), argv()), resume);
    }

    #[test]
    fn a_rerun_command_never_shows_the_token() {
        let argv = |a: &[&str]| {
            a.iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(
            rerun(
                None,
                argv(&["status", "--token", "s3cr3t", "-s", "https://h:1"])
            ),
            "kubectl sts status --token \"$TOKEN\" -s https://h:1"
        );
        assert_eq!(
            rerun(None, argv(&["status", "--token=s3cr3t"])),
            "kubectl sts status --token=\"$TOKEN\""
        );
    }

    #[test]
    fn hints_repeat_the_connection_but_not_the_output() {
        let conn = Connection {
            context: Some("prod".into()),
            output: Some("json".into()),
            ..Default::default()
        };
        assert_eq!(
            build(Some(&conn), "status", "web", "shop").to_string(),
            "kubectl sts status web -n shop --context prod"
        );
        assert_eq!(
            build(None, "status", "web", "shop").to_string(),
            "kubectl sts status web -n shop"
        );
    }
}
