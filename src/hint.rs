//! Next-step commands in messages ("check with: kubectl sts status web -n
//! shop"): like resume commands they must reach the same cluster as the
//! same user when pasted, so they repeat the connection flags. The flags are
//! set once per process, by `Cli::run`, so any layer can build a hint
//! without threading them through every call.

use std::sync::OnceLock;

use crate::plan::command::{CommandLine, Connection};

static CONNECTION: OnceLock<Connection> = OnceLock::new();

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

/// The command line of this process as a user re-types it
/// (`kubectl sts restart web -n shop --yes`): re-running an operation
/// resumes it, so this is the resume command of an interruption.
pub fn rerun_command() -> String {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .map(|a| crate::plan::command::quote(&a))
        .collect();
    format!("kubectl sts {}", words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

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
