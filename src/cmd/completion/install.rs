//! `kubectl sts completion install`: writes the `kubectl_complete-sts`
//! executable next to the plugin (or into `--dir`), a two-line script that
//! execs the plugin in completer mode.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::{COMPLETE_MODE, COMPLETER_NAME, InstallArgs, MARKER};
use crate::error::Failure;

pub(super) fn install(a: &InstallArgs) -> Result<ExitCode> {
    let plugin = plugin_path().context("cannot tell where kubectl-sts is installed")?;
    let dir = match &a.dir {
        Some(d) => d.clone(),
        None => plugin
            .parent()
            .map(Path::to_path_buf)
            .context("kubectl-sts has no parent directory")?,
    };
    if !dir.is_dir() {
        return Err(Failure::Config(format!(
            "{} is not a directory; create it or pass --dir DIR (a directory on PATH)",
            dir.display()
        ))
        .into());
    }
    let (file, text) = completer_script(&plugin);
    let path = dir.join(&file);
    if let Ok(existing) = std::fs::read_to_string(&path)
        && !existing.contains(MARKER)
    {
        return Err(Failure::Refused(format!(
            "{} exists and was not written by kubectl-sts; left unchanged. Remove it or pass \
             --dir DIR",
            path.display()
        ))
        .into());
    }
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    make_executable(&path)?;

    println!(
        "Installed {} (runs {} {COMPLETE_MODE}).",
        path.display(),
        plugin.display()
    );
    if !on_path(&dir) {
        eprintln!(
            "warning: {} is not on PATH: kubectl only finds {file} on PATH. Add it to PATH or \
             re-run with --dir DIR",
            dir.display()
        );
    }
    println!(
        "kubectl sts <TAB> now completes through kubectl's own completion (kubectl 1.26+); \
         enable that once per shell if not done yet, e.g. `source <(kubectl completion bash)`."
    );
    Ok(ExitCode::SUCCESS)
}

/// The kubectl-sts to run: kubectl starts plugins with their PATH location
/// as argv[0] (with krew the stable symlink `~/.krew/bin/kubectl-sts`, which
/// survives upgrades); run by hand, look it up on PATH as kubectl would.
fn plugin_path() -> Result<PathBuf> {
    let argv0 = std::env::args_os().next().map(PathBuf::from);
    if let Some(p) = argv0.filter(|p| p.components().count() > 1) {
        return Ok(std::path::absolute(&p)?);
    }
    if let Some(p) = find_on_path(exe_name("kubectl-sts").as_ref()) {
        return Ok(p);
    }
    Ok(std::env::current_exe()?)
}

fn exe_name(base: &str) -> String {
    format!("{base}{}", std::env::consts::EXE_SUFFIX)
}

fn find_on_path(name: &std::ffi::OsStr) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn on_path(dir: &Path) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    let want = std::fs::canonicalize(dir).ok();
    std::env::split_paths(&path).any(|d| d == dir || std::fs::canonicalize(&d).ok() == want)
}

/// File name and content of the completion executable that runs `plugin`.
pub fn completer_script(plugin: &Path) -> (String, String) {
    if cfg!(windows) {
        // kubectl finds it through PATHEXT.
        (
            format!("{COMPLETER_NAME}.cmd"),
            format!(
                "@echo off\r\nrem {MARKER}, written by `kubectl sts completion install`\r\n\"{}\" {COMPLETE_MODE} %*\r\n",
                plugin.display()
            ),
        )
    } else {
        let quoted = format!("'{}'", plugin.display().to_string().replace('\'', r"'\''"));
        (
            COMPLETER_NAME.to_string(),
            format!(
                "#!/bin/sh\n# {MARKER}, written by `kubectl sts completion install`:\n\
                 # kubectl runs it for `kubectl sts <TAB>` with the words typed so far.\n\
                 exec {quoted} {COMPLETE_MODE} \"$@\"\n"
            ),
        )
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot make {} executable", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<()> {
    Ok(())
}
