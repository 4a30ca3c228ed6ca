//! `lognoise rules generate|validate|export`: suppression rules from noise templates, checked
//! against the workspace sample, written for log shippers.

use super::location::WorkspaceArg;
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use lognoise_miner::TemplateId;
use lognoise_rules::{
    export_with, validate_workspace, CostBasis, ExportFormat, ExportOptions, ProtectedTemplate,
    RuleSet, RuleSpec, ValidationReport, DEFAULT_PRICE_PER_GB_USD,
};
use lognoise_workspace::Workspace;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `lognoise rules`.
#[derive(Args, Debug)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

/// The `rules` subcommands.
#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Make a rules file from templates marked noise, validated against the workspace sample.
    Generate(GenerateArgs),
    /// Check a rules file against the workspace sample: matches, misses, conflicts, volume.
    Validate(ValidateArgs),
    /// Write a rules file for a log shipper, after validating it against the workspace.
    Export(ExportArgs),
}

/// Arguments of `lognoise rules generate`.
#[derive(Args, Debug)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// A template id (as `lognoise templates` prints) whose lines are noise; repeat for more.
    #[arg(long, value_name = "TEMPLATE_ID", required_unless_present = "session")]
    pub noise: Vec<TemplateId>,
    /// Take the templates from a review session instead: those marked noise become rules
    /// (with the decision's owner and note), those marked keep or signal are protected.
    #[arg(
        long,
        value_name = "NAME",
        conflicts_with_all = ["noise", "keep", "signal", "group", "owner", "reason"]
    )]
    pub session: Option<String>,
    /// A template id marked keep: no rule may match its lines; repeat for more.
    #[arg(long, value_name = "TEMPLATE_ID")]
    pub keep: Vec<TemplateId>,
    /// A template id marked signal: no rule may match its lines; repeat for more.
    #[arg(long, value_name = "TEMPLATE_ID")]
    pub signal: Vec<TemplateId>,
    /// Limit the rules to this log group (`/aws/lambda/*` for a prefix); repeat for more.
    #[arg(long, value_name = "LOG_GROUP")]
    pub group: Vec<String>,
    /// Team owning the decision, recorded in each rule.
    #[arg(long)]
    pub owner: Option<String>,
    /// Why the lines are noise, recorded in each rule.
    #[arg(long)]
    pub reason: Option<String>,
    /// Keep one line in N of the --noise templates instead of dropping them all (N at least
    /// 2); the saving counts only what is dropped, and targets that cannot sample say so.
    #[arg(long, value_name = "N", conflicts_with = "session", value_parser = clap::value_parser!(u32).range(2..))]
    pub keep_one_in: Option<u32>,
    /// Rules file to write.
    #[arg(long, short, value_name = "RULES.json", default_value = "rules.json")]
    pub output: PathBuf,
    /// Write the file even when a rule matches lines of a template marked keep or signal, or
    /// lines a metric filter or subscription of the log group reads.
    #[arg(long)]
    pub force: bool,
    /// USD per GB ingested, for the cost the rules remove [default: the session's price, else
    /// 0.50, CloudWatch Logs standard ingestion].
    #[arg(long)]
    pub price_per_gb: Option<f64>,
}

/// Arguments of `lognoise rules validate`.
#[derive(Args, Debug)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// The rules file.
    #[arg(long, value_name = "RULES.json", default_value = "rules.json")]
    pub rules: PathBuf,
    /// Print the report as JSON (schema `lognoise.rules-validation/v1`).
    #[arg(long)]
    pub json: bool,
    /// USD per GB ingested, for the cost the rules remove.
    #[arg(long, default_value_t = DEFAULT_PRICE_PER_GB_USD)]
    pub price_per_gb: f64,
}

/// Arguments of `lognoise rules export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// The rules file.
    #[arg(long, value_name = "RULES.json", default_value = "rules.json")]
    pub rules: PathBuf,
    /// native, fluent-bit, fluent-bit-yaml, vector, otel-collector, insights or
    /// subscription-filter.
    #[arg(long, short, value_parser = parse_format, required_unless_present = "deploy")]
    pub format: Option<ExportFormat>,
    /// File to write (default: standard output).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write every artefact the rules need into DIR, one per producer of the workspace's log
    /// groups (FireLens, EKS Fluent Bit, the CloudWatch agent, Lambda), with a DEPLOY.md
    /// saying where each goes.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["format", "output"])]
    pub deploy: Option<PathBuf>,
    /// With --deploy: the CloudWatch agent's configuration file, written back with the
    /// filters merged into its collect_list entries.
    #[arg(long, value_name = "FILE", requires = "deploy")]
    pub agent_config: Option<PathBuf>,
    /// With --deploy: USD per GB ingested, for what each artefact saves [default: the
    /// session's price, else 0.50].
    #[arg(long, requires = "deploy")]
    pub price_per_gb: Option<f64>,
    /// Export even when a rule matches lines of a template marked keep or signal or lines a
    /// metric filter or subscription reads, or when there is no workspace to validate against.
    #[arg(long)]
    pub force: bool,
    /// Fluent Bit record key holding the line.
    #[arg(long, default_value = "log")]
    pub fluent_bit_key: String,
    /// Vector input the filter reads from.
    #[arg(long, default_value = "logs")]
    pub vector_input: String,
}

fn parse_format(s: &str) -> std::result::Result<ExportFormat, String> {
    ExportFormat::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format {s:?}: use one of {}", names.join(", "))
    })
}

/// Schema of `lognoise rules validate --json`.
pub const VALIDATION_SCHEMA: &str = "lognoise.rules-validation/v1";

/// Runs `lognoise rules`; the exit code is 1 when validation finds conflicts.
pub fn run(args: &RulesArgs) -> Result<std::process::ExitCode> {
    match &args.command {
        RulesCommand::Generate(a) => generate(a),
        RulesCommand::Validate(a) => validate(a),
        RulesCommand::Export(a) => export(a),
    }
}

fn generate(args: &GenerateArgs) -> Result<std::process::ExitCode> {
    let ws = args.workspace.open()?;
    if let Some(name) = &args.session {
        let file = lognoise_session::SessionFile::open_named(&ws, name)?;
        let session = file.session();
        let mut rules = match lognoise_rules::SessionRules::for_writing(&ws, session) {
            Err(e @ lognoise_rules::Error::NoNoise { .. }) => {
                bail!("{e}: decide some with `lognoise session decide`")
            }
            other => other?,
        };
        if let Some(price) = args.price_per_gb {
            rules.cost.price_per_gb_usd = price;
        }
        return write_generated(args, &rules.set, &rules.report, &rules.cost);
    }
    let templates = ws.templates();
    let find = |id: &TemplateId| {
        templates.get(*id).with_context(|| {
            format!("template {id} is not in the workspace: list its templates with `lognoise templates`")
        })
    };
    let mut specs = Vec::new();
    for id in &args.noise {
        let t = find(id)?;
        specs.push(RuleSpec {
            template_id: t.id,
            template_text: t.text.clone(),
            log_groups: args.group.clone(),
            owner: args.owner.clone(),
            reason: args.reason.clone(),
            session: None,
            decided_at_ms: Some(jiff::Timestamp::now().as_millisecond()),
            keep_one_in: args.keep_one_in,
        });
    }
    let mut protected = Vec::new();
    for (ids, verdict) in [(&args.keep, "keep"), (&args.signal, "signal")] {
        for id in ids {
            let t = find(id)?;
            protected.push(ProtectedTemplate {
                template_id: t.id,
                template: t.text.clone(),
                verdict: verdict.into(),
            });
        }
    }
    let set = RuleSet::from_specs(&specs, protected)?;
    let report = validate_workspace(&ws, &set, &set.protected_ids())?;
    let price = args.price_per_gb.unwrap_or(DEFAULT_PRICE_PER_GB_USD);
    write_generated(args, &set, &report, &CostBasis::of_new_session(&ws, price)?)
}

/// Prints the report and writes the rules file unless a rule reaches a protected template.
fn write_generated(
    args: &GenerateArgs,
    set: &RuleSet,
    report: &ValidationReport,
    cost: &CostBasis,
) -> Result<std::process::ExitCode> {
    let mut out = std::io::stdout().lock();
    print_report(&mut out, set, report, cost)?;
    if !report.is_clean() && !args.force {
        writeln!(
            out,
            "\nnot written: rules match lines of templates marked keep or signal, or lines a \
             metric filter or subscription reads (see above); narrow them or pass --force"
        )?;
        return Ok(std::process::ExitCode::from(1));
    }
    set.write(&args.output)?;
    writeln!(
        out,
        "\nwrote {} rules to {}",
        set.rules.len(),
        args.output.display()
    )?;
    Ok(std::process::ExitCode::SUCCESS)
}

fn validate(args: &ValidateArgs) -> Result<std::process::ExitCode> {
    let set = match RuleSet::read(&args.rules) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lognoise: {e}");
            return Ok(std::process::ExitCode::from(1));
        }
    };
    let ws = args.workspace.open()?;
    let report = validate_workspace(&ws, &set, &set.protected_ids())?;
    let cost = CostBasis::of_new_session(&ws, args.price_per_gb)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        #[derive(serde::Serialize)]
        struct Json<'a> {
            schema: &'a str,
            rules_file: &'a Path,
            #[serde(flatten)]
            report: &'a ValidationReport,
            removed_monthly_bytes: Option<f64>,
            removed_monthly_cost_usd: Option<f64>,
        }
        let removed = report.removed_volume();
        // Serialised first so that a closed pipe is an I/O error, which the caller recognises.
        let text = serde_json::to_string_pretty(&Json {
            schema: VALIDATION_SCHEMA,
            rules_file: &args.rules,
            report: &report,
            removed_monthly_bytes: cost.monthly_bytes_of(&removed),
            removed_monthly_cost_usd: cost.monthly_cost_usd_of(&removed),
        })?;
        writeln!(out, "{text}")?;
    } else {
        print_report(&mut out, &set, &report, &cost)?;
    }
    Ok(if report.is_clean() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    })
}

fn export(args: &ExportArgs) -> Result<std::process::ExitCode> {
    let set = match RuleSet::read(&args.rules) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lognoise: {e}");
            return Ok(std::process::ExitCode::from(1));
        }
    };
    let path = args.workspace.path()?;
    match Workspace::open(&path) {
        Ok(ws) => {
            let report = validate_workspace(&ws, &set, &set.protected_ids())?;
            if report.is_clean() {
                print_unknown_readers(&mut std::io::stderr().lock(), &report)?;
            } else {
                let mut err = std::io::stderr().lock();
                print_conflicts(&mut err, &report)?;
                if !args.force {
                    writeln!(
                        err,
                        "lognoise: not exported: rules match lines of templates marked keep or \
                         signal, or lines a metric filter or subscription reads (see above); \
                         narrow them or pass --force"
                    )?;
                    return Ok(std::process::ExitCode::from(1));
                }
            }
            if let Some(dir) = &args.deploy {
                super::deploy::write(
                    &ws,
                    &set,
                    &super::deploy::DeployArgs {
                        dir,
                        agent_config: args.agent_config.as_ref(),
                        message_key: &args.fluent_bit_key,
                        price_per_gb: args.price_per_gb,
                    },
                )?;
                return Ok(std::process::ExitCode::SUCCESS);
            }
        }
        Err(e) if args.deploy.is_some() => bail!(
            "{e}\n--deploy finds each log group's producer in the workspace: pass --workspace DIR"
        ),
        Err(e) if args.force => {
            eprintln!("lognoise: exporting without validation ({e})");
        }
        Err(e) => bail!(
            "{e}\nrules are validated against a workspace before export: pass --workspace DIR, \
             or --force to export without validation"
        ),
    }
    let options = ExportOptions {
        fluent_bit_key: args.fluent_bit_key.clone(),
        vector_input: args.vector_input.clone(),
        ..ExportOptions::default()
    };
    let Some(format) = args.format else {
        bail!("pass --format FORMAT, or --deploy DIR");
    };
    let export = export_with(&set, format, &options)?;
    for n in &export.not_expressible {
        eprintln!(
            "lognoise: rule {} is not in the {} export: {}",
            n.rule_id,
            format.name(),
            n.reason
        );
    }
    match &args.output {
        Some(p) => {
            // Files the configuration names (the Fluent Bit lua filter's script) go beside it.
            for path in export.write(p)? {
                eprintln!(
                    "lognoise: wrote {}, which the configuration names: keep it beside the main \
                     Fluent Bit configuration file",
                    path.display()
                );
            }
        }
        None => {
            std::io::stdout().lock().write_all(export.text.as_bytes())?;
            if let Some(f) = export.files.first() {
                bail!(
                    "the configuration names {} (the lua filter of the rules keeping one line \
                     in N), which is not written to standard output: pass --output FILE to \
                     write both",
                    f.name
                );
            }
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// The human report of a validation.
pub fn print_report(
    out: &mut impl Write,
    set: &RuleSet,
    report: &ValidationReport,
    cost: &CostBasis,
) -> Result<()> {
    writeln!(
        out,
        "{} rules checked against {} sampled lines ({} bytes)",
        set.rules.len(),
        report.lines,
        report.bytes
    )?;
    for (rule, r) in set.rules.iter().zip(&report.rules) {
        writeln!(
            out,
            "  {}  drops {} lines, {} bytes; matches {}/{} lines of its template{}  {}",
            r.rule_id,
            r.dropped_lines,
            r.dropped_bytes,
            r.matched_own,
            r.own_lines,
            if r.matched_other > 0 {
                format!(", {} of other templates", r.matched_other)
            } else {
                String::new()
            },
            clip(&rule.template, 80)
        )?;
        for e in &r.missed_examples {
            writeln!(out, "      missed: {}", clip(e, 120))?;
        }
    }
    writeln!(
        out,
        "removed: {} lines, {} bytes ({:.1}% of the sample)",
        report.removed_lines,
        report.removed_bytes,
        100.0 * report.removed_share()
    )?;
    let removed = report.removed_volume();
    if let (Some(bytes), Some(usd)) = (
        cost.monthly_bytes_of(&removed),
        cost.monthly_cost_usd_of(&removed),
    ) {
        writeln!(
            out,
            "estimated saving: {}/month, ${}/month {}",
            lognoise_session::format_volume(bytes),
            lognoise_session::format_usd(usd),
            if cost.has_infrequent_access() || cost.bills_beyond_ingestion() {
                format!("({})", cost.priced())
            } else {
                format!("at ${}/GB", cost.price_per_gb_usd)
            }
        )?;
    }
    print_conflicts(out, report)
}

/// Log groups the rules drop lines of whose dependents could not all be read.
fn print_unknown_readers(out: &mut impl Write, report: &ValidationReport) -> Result<()> {
    for u in &report.unknown_readers {
        writeln!(
            out,
            "warning: the rules drop lines of {}, whose {} could not be read ({}): nothing \
             says those lines are unread",
            u.log_group, u.what, u.reason
        )?;
    }
    Ok(())
}

fn print_conflicts(out: &mut impl Write, report: &ValidationReport) -> Result<()> {
    print_unknown_readers(out, report)?;
    print_dependent_conflicts(out, report)?;
    if report.conflicts.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "CONFLICTS: rules matching lines of templates marked keep or signal"
    )?;
    for c in &report.conflicts {
        writeln!(
            out,
            "  rule {} matches {} lines of template {}",
            c.rule_id, c.lines, c.template_id
        )?;
        for e in &c.examples {
            writeln!(out, "      e.g. {}", clip(e, 120))?;
        }
    }
    Ok(())
}

/// Rules dropping lines that a metric filter, a subscription filter or a saved query of the
/// account reads (conflicts), then lines that queries only run recently read (warnings).
fn print_dependent_conflicts(out: &mut impl Write, report: &ValidationReport) -> Result<()> {
    if !report.dependent_conflicts.is_empty() {
        writeln!(
            out,
            "CONFLICTS: rules dropping lines that a metric filter, subscription or saved query reads"
        )?;
        print_readers(out, &report.dependent_conflicts)?;
    }
    if !report.recent_query_readers.is_empty() {
        writeln!(
            out,
            "warning: rules dropping lines that queries run recently (not saved) read"
        )?;
        print_readers(out, &report.recent_query_readers)?;
    }
    Ok(())
}

fn print_readers(out: &mut impl Write, found: &[lognoise_rules::DependentConflict]) -> Result<()> {
    for c in found {
        writeln!(
            out,
            "  rule {} drops {} lines that {} {} of {} reads: {}",
            c.rule_id,
            c.lines,
            c.kind.label(),
            c.dependent,
            c.log_group,
            c.breaks
        )?;
        for e in &c.examples {
            writeln!(out, "      e.g. {}", clip(e, 120))?;
        }
    }
    Ok(())
}

/// Cuts `s` to at most `max` characters for one table cell.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.replace(['\n', '\r', '\t'], " ");
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}...", cut.replace(['\n', '\r', '\t'], " "))
}
