//! Rendering: tables, JSON/YAML reports, colors. Renderers write to any
//! `io::Write` so tests can capture their output.

pub mod doctor;
pub mod prompt;
pub mod status;

use std::io::{self, IsTerminal, Write};

use comfy_table::{Cell, Color, Table, presets};
use serde::Serialize;

use crate::args::ColorChoice;

/// Whether to color output, decided once from `--color`, the terminal and NO_COLOR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn for_stdout(choice: ColorChoice) -> Self {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Self { color }
    }

    /// A table cell, colored when colors are on.
    pub fn cell(&self, text: impl ToString, color: Option<Color>) -> Cell {
        let c = Cell::new(text);
        match (self.color, color) {
            (true, Some(col)) => c.fg(col),
            _ => c,
        }
    }

    /// Text wrapped in an ANSI color when colors are on.
    pub fn paint(&self, text: &str, color: Paint) -> String {
        if !self.color {
            return text.to_string();
        }
        let code = match color {
            Paint::Green => "32",
            Paint::Red => "31",
            Paint::Yellow => "33",
            Paint::Dim => "2",
            Paint::Bold => "1",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Paint {
    Green,
    Red,
    Yellow,
    Dim,
    Bold,
}

/// A borderless, kubectl-like table; never wrapped, so `grep` sees whole rows.
pub fn table(style: &Style, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING);
    t.force_no_tty();
    if style.color {
        t.enforce_styling();
    }
    t.set_header(header.iter().map(Cell::new).collect::<Vec<_>>());
    t
}

/// Writes a table without the padding comfy-table puts at line ends and starts.
pub fn write_table(out: &mut dyn Write, t: &Table, indent: &str) -> io::Result<()> {
    for line in t.lines() {
        let line = line.strip_prefix(' ').unwrap_or(&line).trim_end();
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}

pub fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

pub fn write_yaml<T: Serialize>(out: &mut dyn Write, value: &T) -> anyhow::Result<()> {
    let s = serde_norway::to_string(value)?;
    out.write_all(s.as_bytes())?;
    Ok(())
}
