//! Confirmation before destructive actions (safety rule 15). Prompts go to
//! stderr and only happen when stdin and stderr are terminals; otherwise
//! `--yes` is required and its absence is a refusal, never a silent yes.

use std::io::IsTerminal;

use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, Select};

use crate::error::Failure;

/// Whether a person can answer prompts.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn refuse(action: &str) -> Failure {
    Failure::Refused(format!(
        "refusing to {action} without confirmation: this session is not interactive. Re-run with \
         --yes to confirm, or with --dry-run to only see the plan"
    ))
}

fn prompt_failed(e: dialoguer::Error) -> Failure {
    Failure::Refused(format!(
        "the confirmation prompt failed ({e}); nothing was changed"
    ))
}

/// Yes/no question; `yes` (from `--yes`) answers it without asking.
pub fn confirm(question: &str, action: &str, yes: bool) -> Result<bool, Failure> {
    if yes {
        return Ok(true);
    }
    if !interactive() {
        return Err(refuse(action));
    }
    Confirm::with_theme(&ColorfulTheme::default())
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(prompt_failed)
}

/// Asks the user to type `expected` (e.g. the number of PVCs to delete) so a
/// reflexive "y" cannot confirm a large deletion.
pub fn confirm_typed(
    question: &str,
    expected: &str,
    action: &str,
    yes: bool,
) -> Result<bool, Failure> {
    if yes {
        return Ok(true);
    }
    if !interactive() {
        return Err(refuse(action));
    }
    let typed: String = Input::with_theme(&ColorfulTheme::default())
        .with_prompt(format!("{question} Type {expected} to confirm"))
        .allow_empty(true)
        .interact_text()
        .map_err(prompt_failed)?;
    Ok(typed.trim() == expected)
}

/// Picks one of `choices`; `None` when not interactive (the caller decides
/// the safe default).
pub fn choose(question: &str, choices: &[&str]) -> Result<Option<usize>, Failure> {
    if !interactive() {
        return Ok(None);
    }
    Select::with_theme(&ColorfulTheme::default())
        .with_prompt(question)
        .items(choices)
        .default(0)
        .interact()
        .map(Some)
        .map_err(prompt_failed)
}
