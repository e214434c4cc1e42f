//! Exec credential plugins (`users[].user.exec` in a kubeconfig,
//! client.authentication.k8s.io/v1). kube runs them, caches the token they
//! return until its `expirationTimestamp` (it runs the plugin again from a
//! minute before) and presents a client certificate they return. Two
//! things it does differently from kubectl are decided here instead: how a
//! plugin may use the terminal, and what a failed plugin's error says.

use std::error::Error as StdError;
use std::sync::OnceLock;

use kube::client::AuthError;
use kube::config::ExecInteractiveMode;

/// The plugin of the user this process connects as, for error messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plugin {
    /// `exec.command` as the kubeconfig gives it.
    pub command: String,
    /// The kubeconfig user it belongs to.
    pub user: Option<String>,
    /// `exec.installHint`, shown when the command cannot be started.
    pub install_hint: Option<String>,
}

static PLUGIN: OnceLock<Plugin> = OnceLock::new();

/// Records this process's plugin; the first call wins.
pub fn set_plugin(p: Plugin) {
    let _ = PLUGIN.set(p);
}

/// How an exec plugin may use the terminal, decided as client-go does
/// (plugin/pkg/client/auth/exec/exec.go, `isInteractive`): `Never` never;
/// `IfAvailable` (also when unset) only when stdin is a terminal; `Always`
/// needs one, else the plugin is not run. kube gives the plugin the
/// inherited stdin and `interactive: true` for anything but `Never`, so
/// without a terminal the mode becomes `Never` here: the plugin is told it
/// cannot prompt and gets no stdin. `Err` is the reason for `Always`.
pub fn interactive_mode(
    mode: Option<&ExecInteractiveMode>,
    stdin_is_terminal: bool,
) -> Result<Option<ExecInteractiveMode>, String> {
    match (mode, stdin_is_terminal) {
        (Some(ExecInteractiveMode::Never), _)
        | (None | Some(ExecInteractiveMode::IfAvailable), false) => {
            Ok(Some(ExecInteractiveMode::Never))
        }
        (Some(ExecInteractiveMode::Always), false) => Err(
            "it needs a terminal (interactiveMode: Always) and standard input is not one. \
             Run the command from a terminal, or log in with the plugin first"
                .into(),
        ),
        (m, true) => Ok(m.cloned()),
    }
}

/// The sentence for a failed exec plugin anywhere in `err`'s chain, naming
/// the recorded plugin and user; `None` when the error is something else.
pub fn failure(err: &(dyn StdError + 'static)) -> Option<String> {
    describe(err, PLUGIN.get())
}

/// [`failure`] with the plugin given: the exit status and stderr of a
/// plugin that failed (kube keeps stderr when the plugin may not use the
/// terminal; otherwise it already went to the terminal), why one could not
/// start (with its install hint), or why its output was not a credential.
pub fn describe(err: &(dyn StdError + 'static), plugin: Option<&Plugin>) -> Option<String> {
    let auth = chain(err).find_map(|e| e.downcast_ref::<AuthError>())?;
    let who = match plugin {
        Some(p) => format!(
            "the exec credential plugin {:?}{}",
            p.command,
            p.user
                .as_deref()
                .map(|u| format!(" of kubeconfig user {u:?}"))
                .unwrap_or_default()
        ),
        None => "the exec credential plugin".to_string(),
    };
    let next = "Fix or log in with the plugin, or pick another --context/--user";
    Some(match auth {
        AuthError::AuthExecRun { out, .. } => {
            let status = match out.status.code() {
                Some(code) => format!("exit status {code}"),
                None => out.status.to_string(),
            };
            let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
            let said = if stderr.is_empty() {
                String::new()
            } else {
                format!(": {stderr}")
            };
            format!("{who} failed with {status}{said}. {next}")
        }
        AuthError::AuthExecStart(e) => {
            let hint = plugin
                .and_then(|p| p.install_hint.as_deref())
                .map(|h| format!(" {}", h.trim()))
                .unwrap_or_default();
            format!("cannot run {who}: {e}.{hint} {next}")
        }
        AuthError::AuthExecParse(_)
        | AuthError::ExecPluginFailed
        | AuthError::MalformedTokenExpirationDate(_) => format!(
            "{who} did not print a valid ExecCredential ({}). {next}",
            crate::cause::root_cause(auth)
        ),
        _ => return None,
    })
}

fn chain<'a>(
    err: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(err), |&e| e.source())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;
    use std::process::{ExitStatus, Output};

    fn plugin() -> Plugin {
        Plugin {
            command: "/opt/bin/get-token".into(),
            user: Some("oncall".into()),
            install_hint: Some("Install get-token from the wiki.\n".into()),
        }
    }

    fn run_failed(code: i32, stderr: &str) -> kube::Error {
        kube::Error::Auth(AuthError::AuthExecRun {
            cmd: "KUBERNETES_EXEC_INFO=\"{...}\" \"/opt/bin/get-token\"".into(),
            out: Box::new(Output {
                status: ExitStatus::from_raw(code << 8),
                stdout: Vec::new(),
                stderr: stderr.as_bytes().to_vec(),
            }),
        })
    }

    #[test]
    fn a_failed_plugin_shows_its_exit_status_and_stderr() {
        let msg = describe(&run_failed(3, "boom\n"), Some(&plugin())).unwrap();
        assert_eq!(
            msg,
            "the exec credential plugin \"/opt/bin/get-token\" of kubeconfig user \"oncall\" \
             failed with exit status 3: boom. Fix or log in with the plugin, or pick another \
             --context/--user"
        );
        // The command line kube records (with the environment) is not repeated.
        assert!(!msg.contains("KUBERNETES_EXEC_INFO"), "{msg}");
    }

    #[test]
    fn a_plugin_failing_during_a_request_is_found_inside_the_service_error() {
        let inner = AuthError::AuthExecRun {
            cmd: String::new(),
            out: Box::new(Output {
                status: ExitStatus::from_raw(1 << 8),
                stdout: Vec::new(),
                stderr: Vec::new(),
            }),
        };
        let err = kube::Error::Service(Box::new(inner));
        let msg = describe(&err, None).unwrap();
        assert!(
            msg.starts_with("the exec credential plugin failed with exit status 1. "),
            "{msg}"
        );
    }

    #[test]
    fn a_missing_plugin_shows_the_install_hint() {
        let err = kube::Error::Auth(AuthError::AuthExecStart(std::io::Error::from(
            std::io::ErrorKind::NotFound,
        )));
        let msg = describe(&err, Some(&plugin())).unwrap();
        assert!(msg.starts_with("cannot run the exec credential plugin \"/opt/bin/get-token\""));
        assert!(
            msg.contains("Install get-token from the wiki. Fix"),
            "{msg}"
        );
    }

    #[test]
    fn other_errors_are_not_plugin_failures() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        assert_eq!(describe(&kube::Error::Service(Box::new(io)), None), None);
    }

    #[test]
    fn interactive_mode_follows_client_go() {
        use ExecInteractiveMode::*;
        type Case = (
            Option<ExecInteractiveMode>,
            bool,
            Result<Option<ExecInteractiveMode>, ()>,
        );
        let cases: &[Case] = &[
            (Some(Never), true, Ok(Some(Never))),
            (Some(Never), false, Ok(Some(Never))),
            (Some(IfAvailable), true, Ok(Some(IfAvailable))),
            (Some(IfAvailable), false, Ok(Some(Never))),
            (None, true, Ok(None)),
            (None, false, Ok(Some(Never))),
            (Some(Always), true, Ok(Some(Always))),
            (Some(Always), false, Err(())),
        ];
        for (mode, tty, want) in cases {
            let got = interactive_mode(mode.as_ref(), *tty).map_err(|_| ());
            assert_eq!(&got, want, "{mode:?} tty={tty}");
        }
    }
}
