//! Writes a rule set in the configuration language of each log shipper.
//!
//! Every export carries the rules' own patterns (shippers' engines read the portable subset the
//! same, see [`crate::portable`]), except the CloudWatch subscription-filter dialect, which has
//! no groups and a reduced alphabet and gets a simplified pattern. Rules an export cannot
//! express are listed in [`Export::not_expressible`] rather than silently left out.
//!
//! Rules keeping a share of their lines (`keep_one_in`) are sampled where the shipper can:
//! Vector's `sample` transform, for Fluent Bit a `lua` filter whose script ([`fluentbit_lua`])
//! is an extra file of the export ([`Export::files`]), and for the OpenTelemetry Collector a
//! `routing` connector sending their lines to pipelines with a `probabilistic_sampler`
//! ([`otel`]). Formats that drop all or nothing list them instead of dropping more than was
//! decided.

mod cloudwatch;
pub mod cloudwatch_agent;
mod fluentbit;
pub mod fluentbit_lua;
pub mod fluentbit_scoped;
pub mod lambda_logging;
pub mod otel;
pub mod upstream_settings;
mod vector;

pub use cloudwatch::subscription_pattern;

use crate::{Result, Rule, RuleSet};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The formats rules can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// The native rules file (`lognoise.rules/v1`).
    Native,
    /// Fluent Bit `grep` filters, classic `.conf` syntax.
    FluentBit,
    /// Fluent Bit `grep` filters, YAML configuration.
    FluentBitYaml,
    /// A Vector `filter` transform with a VRL condition (YAML).
    Vector,
    /// An OpenTelemetry Collector `filter` processor with OTTL conditions (YAML); with rules
    /// keeping a share, also the routing connector, samplers and pipelines that sample them.
    OtelCollector,
    /// CloudWatch Logs Insights queries: what the rules drop, and what remains.
    InsightsQueries,
    /// CloudWatch Logs subscription-filter patterns (JSON), where the dialect can express the
    /// rule.
    SubscriptionFilter,
}

impl ExportFormat {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::Native,
        ExportFormat::FluentBit,
        ExportFormat::FluentBitYaml,
        ExportFormat::Vector,
        ExportFormat::OtelCollector,
        ExportFormat::InsightsQueries,
        ExportFormat::SubscriptionFilter,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Native => "native",
            ExportFormat::FluentBit => "fluent-bit",
            ExportFormat::FluentBitYaml => "fluent-bit-yaml",
            ExportFormat::Vector => "vector",
            ExportFormat::OtelCollector => "otel-collector",
            ExportFormat::InsightsQueries => "insights",
            ExportFormat::SubscriptionFilter => "subscription-filter",
        }
    }

    /// The format of a command-line name.
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Record fields the exports read; shippers name them differently per pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// Fluent Bit record key holding the line.
    pub fluent_bit_key: String,
    /// Fluent Bit record key holding the log group (for rules limited to groups).
    pub fluent_bit_group_key: String,
    /// Vector event path of the line (VRL).
    pub vector_message: String,
    /// Vector event path of the log group (VRL).
    pub vector_group: String,
    /// Vector input the transform reads from.
    pub vector_input: String,
    /// OpenTelemetry resource attribute naming the log group.
    pub otel_group_attribute: String,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            fluent_bit_key: "log".into(),
            fluent_bit_group_key: "log_group".into(),
            vector_message: ".message".into(),
            vector_group: ".log_group".into(),
            vector_input: "logs".into(),
            otel_group_attribute: "cloudwatch.log.group.name".into(),
        }
    }
}

/// A rule an export left out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotExpressible {
    /// The rule.
    pub rule_id: String,
    /// Why the format cannot carry it.
    pub reason: String,
}

/// A file an exported configuration names, to be written beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportFile {
    /// Its name, as the configuration names it (relative to the configuration's folder).
    pub name: String,
    /// Its text.
    pub text: String,
}

/// An exported configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Export {
    /// The configuration text.
    pub text: String,
    /// Rules left out.
    pub not_expressible: Vec<NotExpressible>,
    /// Files the configuration names (the Fluent Bit `lua` filter's script), to write in the
    /// same folder; empty for most exports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<ExportFile>,
}

impl Export {
    /// Writes the configuration to `path` and the files it names into the same folder (where
    /// the configuration looks for them), each atomically and readable by the user only;
    /// returns the paths of those extra files. The command line and the app both save through
    /// it, so neither writes a configuration without the script it calls.
    pub fn write(&self, path: &Path) -> Result<Vec<PathBuf>> {
        lognoise_workspace::write_private_atomic(path, self.text.as_bytes())?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let mut written = Vec::with_capacity(self.files.len());
        for f in &self.files {
            let beside = dir.join(&f.name);
            lognoise_workspace::write_private_atomic(&beside, f.text.as_bytes())?;
            written.push(beside);
        }
        Ok(written)
    }
}

/// Writes `set` in `format` with the default field names.
pub fn export(set: &RuleSet, format: ExportFormat) -> Result<Export> {
    export_with(set, format, &ExportOptions::default())
}

/// Writes `set` in `format`.
pub fn export_with(set: &RuleSet, format: ExportFormat, options: &ExportOptions) -> Result<Export> {
    set.check()?;
    let refusals: Vec<NotExpressible> = set
        .rules
        .iter()
        .filter_map(|r| sampling_refusal(r, format))
        .collect();
    if !refusals.is_empty() {
        // The rule is left out rather than made to drop more than was decided.
        let whole: Vec<Rule> = set
            .rules
            .iter()
            .filter(|r| !refusals.iter().any(|n| n.rule_id == r.id))
            .cloned()
            .collect();
        let mut export = export_with(
            &RuleSet {
                rules: whole,
                ..set.clone()
            },
            format,
            options,
        )?;
        export.not_expressible.extend(refusals);
        return Ok(export);
    }
    Ok(match format {
        ExportFormat::Native => Export {
            text: set.to_json(),
            not_expressible: Vec::new(),
            files: Vec::new(),
        },
        ExportFormat::FluentBit => fluentbit::classic(set, options),
        ExportFormat::FluentBitYaml => fluentbit::yaml(set, options),
        ExportFormat::Vector => vector::yaml(set, options),
        ExportFormat::OtelCollector => otel::yaml(set, options),
        ExportFormat::InsightsQueries => cloudwatch::insights(set),
        ExportFormat::SubscriptionFilter => cloudwatch::subscription(set),
    })
}

/// Why `format` cannot carry a rule keeping a share of its lines (`None`: it can, or the rule
/// drops all).
fn sampling_refusal(rule: &Rule, format: ExportFormat) -> Option<NotExpressible> {
    let n = rule.keep_one_in?;
    let reason = match format {
        ExportFormat::Native | ExportFormat::Vector | ExportFormat::InsightsQueries => return None,
        ExportFormat::FluentBit | ExportFormat::FluentBitYaml => {
            if fluentbit_lua::expressible(rule) {
                return None;
            }
            format!(
                "it keeps 1 line in {n}, and Fluent Bit samples through a lua filter that \
                 reproduces only the patterns lognoise builds from templates, not this edited \
                 one: use the vector export, or remove keep_one_in to drop every line"
            )
        }
        ExportFormat::OtelCollector => {
            if otel::sampler_share(n).is_some() {
                return None;
            }
            format!(
                "it keeps 1 line in {n}, and the Collector's probabilistic_sampler keeps a whole \
                 number of {}ths of the lines, none within {}% of 1 in {n}: use the vector or \
                 fluent-bit export, or a share of 1 in 1638 or less",
                otel::SAMPLER_BUCKETS,
                otel::MAX_SHARE_ERROR * 100.0
            )
        }
        _ => format!(
            "it keeps 1 line in {n}, and {} drops all or nothing: use the vector or fluent-bit \
             export, or remove keep_one_in to drop every line",
            format.name()
        ),
    };
    Some(NotExpressible {
        rule_id: rule.id.clone(),
        reason,
    })
}

/// A regex matching a log group name against a rule's scope (`*` at the end: prefix).
fn group_pattern(rule: &Rule) -> String {
    let alternatives: Vec<String> = rule
        .log_groups
        .iter()
        .map(|g| match g.strip_suffix('*') {
            Some(prefix) => format!(r"{}[\s\S]{{0,512}}", crate::pattern::escape(prefix)),
            None => crate::pattern::escape(g),
        })
        .collect();
    format!(r"\A(?:{})\z", alternatives.join("|"))
}

/// One comment line describing a rule, for formats with comments.
fn describe(rule: &Rule) -> String {
    let mut s = format!("rule {}: {}", rule.id, one_line(&rule.template));
    for (label, value) in [
        ("owner", &rule.owner),
        ("reason", &rule.reason),
        ("session", &rule.session),
        ("date", &rule.date),
    ] {
        if let Some(v) = value {
            s.push_str(&format!("; {label}: {}", one_line(v)));
        }
    }
    s
}

/// Text safe on one comment line.
pub(crate) fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Header comment naming the generator.
fn banner(set: &RuleSet, comment: &str) -> String {
    format!(
        "{comment} Suppression rules exported by {} from a {} file ({} rules).\n\
         {comment} Regenerate instead of editing: `lognoise rules export`.\n",
        if set.generated_by.is_empty() {
            "lognoise"
        } else {
            set.generated_by.as_str()
        },
        crate::SCHEMA,
        set.rules.len()
    )
}
