//! `lognoise groups`: the log groups of an account and region, with size, retention and log
//! class (the class sets the price a session's figures use).

use super::aws::AwsArgs;
use anyhow::Result;
use clap::Args;
use comfy_table::{presets::UTF8_BORDERS_ONLY, Cell, CellAlignment, Table};
use lognoise_workspace::LogClass;
use std::io::Write;

/// Arguments of `lognoise groups`.
#[derive(Args, Debug)]
pub struct GroupsArgs {
    /// Only log groups whose name starts with this
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub aws: AwsArgs,
}

/// Runs `lognoise groups`.
pub fn run(args: &GroupsArgs) -> Result<()> {
    let cw = args.aws.connect()?;
    let groups = cw.groups(args.prefix.as_deref())?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &groups)?;
        writeln!(out)?;
        return Ok(());
    }
    let mut table = Table::new();
    table.load_preset(UTF8_BORDERS_ONLY);
    table.set_header(vec!["log group", "stored", "retention", "class"]);
    for g in &groups {
        table.add_row(vec![
            Cell::new(&g.name),
            Cell::new(
                g.stored_bytes
                    .map(human_bytes)
                    .unwrap_or_else(|| "-".into()),
            )
            .set_alignment(CellAlignment::Right),
            Cell::new(match g.retention_days {
                Some(d) => format!("{d} days"),
                None => "never expires".into(),
            })
            .set_alignment(CellAlignment::Right),
            Cell::new(class_name(g.log_class)),
        ]);
    }
    writeln!(out, "{table}")?;
    writeln!(out, "{} log groups in {}", groups.len(), cw.region())?;
    Ok(())
}

/// The class as the table shows it; `-` for a class lognoise does not price (a `DELIVERY`
/// group, or one newer than this build), which sessions price as Standard.
fn class_name(class: Option<LogClass>) -> &'static str {
    match class {
        Some(LogClass::Standard) => "Standard",
        Some(LogClass::InfrequentAccess) => "Infrequent Access",
        None => "-",
    }
}

/// `1.4 GB` (powers of 1000, as AWS bills).
pub fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut v = b as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit + 1 < UNITS.len() {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{b} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_read_as_the_console_names_them() {
        assert_eq!(class_name(Some(LogClass::Standard)), "Standard");
        assert_eq!(
            class_name(Some(LogClass::InfrequentAccess)),
            "Infrequent Access"
        );
        assert_eq!(class_name(None), "-");
    }
}
