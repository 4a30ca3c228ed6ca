//! An OpenTelemetry Collector `filter` processor: each OTTL condition under
//! `logs.log_record` that is true drops the record. Conditions use `IsMatch(body, "...")`
//! (Go's RE2); a rule limited to groups also tests the resource attribute naming the group.
//!
//! Rules keeping one line in N (`keep_one_in`) need the contrib distribution's
//! `probabilistic_sampler` processor, which samples every record of the pipeline it sits in.
//! So when the set has such rules the export also writes the pipelines: a `routing` connector
//! sends each record matching a sampled rule (the same condition as [`condition`], in the `log`
//! context, routes tried in the file's order, the first match taking the record) to a pipeline
//! of its share, `logs/lognoise_keep_1_in_N`, and every other record to `logs/lognoise_drop`,
//! whose `filter/lognoise` drops the rules that drop all. Each share's pipeline runs the filter
//! too (a line matching a rule that drops all is dropped, as in the other exports), gives the
//! record a random key, samples on it and removes the key. The routing connector's
//! `error_mode: ignore` counts a condition that fails as no match, so such a record goes to the
//! default pipeline: no line is dropped that no rule drops. The user connects their own
//! receivers and exporters in place of `YOUR_LOGS_RECEIVER` and `YOUR_LOGS_EXPORTER`.
//!
//! The connector's `log` context routes record by record and needs its first-match routing:
//! `match_once`, deprecated in v0.116.0 and removed in v0.120.0, where first match is the only
//! way. The export writes no `match_once`; a Collector that still has the setting needs
//! `match_once: true` added.

use super::{banner, describe, fluentbit::yaml_quote, Export, ExportOptions};
use crate::{Rule, RuleSet};
use std::fmt::Write;

/// An OTTL string literal: backslashes and double quotes escaped.
pub(crate) fn ottl_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The OTTL condition of one rule.
pub(crate) fn condition(rule: &Rule, o: &ExportOptions) -> String {
    let matches = format!("IsMatch(body, {})", ottl_string(&rule.pattern));
    if rule.log_groups.is_empty() {
        return matches;
    }
    let attr = format!(
        "resource.attributes[{}]",
        ottl_string(&o.otel_group_attribute)
    );
    let groups: Vec<String> = rule
        .log_groups
        .iter()
        .map(|g| match g.strip_suffix('*') {
            Some(prefix) => format!(
                "IsMatch({attr}, {})",
                ottl_string(&format!(r"\A{}", crate::pattern::escape(prefix)))
            ),
            None => format!("{attr} == {}", ottl_string(g)),
        })
        .collect();
    format!("({}) and {matches}", groups.join(" or "))
}

/// Hash buckets of the `probabilistic_sampler` in `hash_seed` mode: it keeps a record when 14
/// bits of the hash of its randomness source fall below `sampling_percentage * 16384 / 100`
/// (computed in 32-bit floats and truncated), so it keeps a whole number of 16384ths.
pub const SAMPLER_BUCKETS: u32 = 16384;

/// How far (relative) the share the sampler keeps may be from 1 in N. Shares are rounded to
/// the nearest 16384th, so every N up to 1638 is within it, and larger N whose 16384 / N is
/// near a whole number (1000 keeps 1 in 1024); others are listed as not expressible.
pub const MAX_SHARE_ERROR: f64 = 0.05;

/// The sampler's share for keeping 1 line in `n`: the buckets kept (nearest to 16384 / n) and
/// the `sampling_percentage` to write, `None` when that share is further than
/// [`MAX_SHARE_ERROR`] from 1 in `n`. The percentage is the middle of bucket count `k`,
/// `(k + 1/2) * 100 / 16384`: exact in a 32-bit float and far from the truncation's edges, so
/// the sampler keeps exactly `k` buckets.
pub fn sampler_share(n: u32) -> Option<(u32, String)> {
    if n < 2 {
        return None;
    }
    let k = (f64::from(SAMPLER_BUCKETS) / f64::from(n)).round() as u32;
    if k == 0
        || (f64::from(k) * f64::from(n) / f64::from(SAMPLER_BUCKETS) - 1.0).abs() > MAX_SHARE_ERROR
    {
        return None;
    }
    let percentage = f64::from(2 * k + 1) * 100.0 / f64::from(2 * SAMPLER_BUCKETS);
    Some((k, format!("{percentage}")))
}

/// Record attribute holding the random key a share's sampler hashes.
///
/// The sampler reads a log record's trace id by default, and a line from CloudWatch has none:
/// in its default mode it then finds no randomness and drops the record (`fail_closed`), and
/// in `hash_seed` mode it hashes the empty id, the same for every line, keeping all or none.
/// With `attribute_source: record` it hashes the attribute named by `from_attribute` instead.
/// Hashing the body would not do either: the lines of a noise template often repeat word for
/// word (`GET /health 200`), and the same body always hashes the same. So a `transform`
/// processor first sets this attribute to OTTL's `UUID()`, a fresh random value per record,
/// and another removes it after the sampler (which leaves its own `sampling.randomness` and
/// `sampling.threshold` attributes on the records it keeps). `mode: hash_seed` is written (the
/// sampler picks it anyway for a record source) so that the share is the 16384ths computed
/// here; `sampling_priority` is left unset, as it could only raise the share from an attribute
/// of the record; `fail_closed: false` lets through, rather than drops, a record the sampler
/// errs on (one arriving with `sampling.randomness` or `sampling.threshold` already set).
pub const SAMPLE_KEY: &str = "lognoise.sample_key";

/// The name of the pipeline (and of its sampler) of rules keeping 1 in `n`.
pub fn keep_pipeline(n: u32) -> String {
    format!("lognoise_keep_1_in_{n}")
}

fn filter_processor(out: &mut String, set: &RuleSet, o: &ExportOptions) {
    out.push_str("  filter/lognoise:\n    error_mode: ignore\n    logs:\n      log_record:\n");
    let whole: Vec<&Rule> = set
        .rules
        .iter()
        .filter(|r| r.keep_one_in.is_none())
        .collect();
    if whole.is_empty() {
        out.push_str("        - 'false'\n");
    }
    for r in whole {
        let _ = writeln!(out, "        # {}", describe(r));
        let _ = writeln!(out, "        - {}", yaml_quote(&condition(r, o)));
    }
}

pub(super) fn yaml(set: &RuleSet, o: &ExportOptions) -> Export {
    let mut out = banner(set, "#");
    let sampled: Vec<(&Rule, u32)> = set
        .rules
        .iter()
        .filter_map(|r| r.keep_one_in.map(|n| (r, n)))
        .collect();
    if sampled.is_empty() {
        out.push_str("# A log record is dropped when any condition is true.\nprocessors:\n");
        filter_processor(&mut out, set, o);
        return Export {
            text: out,
            not_expressible: Vec::new(),
            files: Vec::new(),
        };
    }
    let mut shares: Vec<u32> = Vec::new();
    for (_, n) in &sampled {
        if !shares.contains(n) {
            shares.push(*n);
        }
    }
    out.push_str(
        "# Rules keeping 1 line in N: the routing connector sends their lines (first matching\n\
         # route) to the pipeline of their share, which samples them; other lines go to\n\
         # logs/lognoise_drop, where filter/lognoise drops a record when any condition is true.\n\
         # Replace YOUR_LOGS_RECEIVER and YOUR_LOGS_EXPORTER with your own components (merge with\n\
         # your configuration; the receivers and exporters sections are yours). Collectors\n\
         # before v0.120.0 need match_once: true in routing/lognoise.\n\
         processors:\n",
    );
    filter_processor(&mut out, set, o);
    let key = ottl_string(SAMPLE_KEY);
    let _ = write!(
        out,
        "  # A random key per record, hashed by the samplers (lines without trace ids are sampled, not dropped).\n\
         \x20 transform/lognoise_sample_key:\n    error_mode: ignore\n    log_statements:\n      \
         - context: log\n        statements:\n          - {}\n\
         \x20 transform/lognoise_drop_sample_key:\n    error_mode: ignore\n    log_statements:\n      \
         - context: log\n        statements:\n          - {}\n",
        yaml_quote(&format!("set(attributes[{key}], UUID())")),
        yaml_quote(&format!("delete_key(attributes, {key})")),
    );
    for n in &shares {
        // Refused in `sampling_refusal` when the sampler has no close share.
        let Some((k, percentage)) = sampler_share(*n) else {
            continue;
        };
        let _ = write!(
            out,
            "  # Keeps {k} in {SAMPLER_BUCKETS} (1 in {:.1}) of the records it sees.\n  \
             probabilistic_sampler/{}:\n    mode: hash_seed\n    attribute_source: record\n    \
             from_attribute: {SAMPLE_KEY}\n    sampling_percentage: {percentage}\n    \
             fail_closed: false\n",
            f64::from(SAMPLER_BUCKETS) / f64::from(k),
            keep_pipeline(*n)
        );
    }
    out.push_str(
        "connectors:\n  routing/lognoise:\n    error_mode: ignore\n    \
         default_pipelines: [logs/lognoise_drop]\n    table:\n",
    );
    for (r, n) in &sampled {
        let _ = write!(
            out,
            "      # {} (keeps 1 in {n})\n      - context: log\n        condition: {}\n        \
             pipelines: [logs/{}]\n",
            describe(r),
            yaml_quote(&condition(r, o)),
            keep_pipeline(*n)
        );
    }
    out.push_str(
        "service:\n  pipelines:\n    logs/lognoise_in:\n      receivers: [YOUR_LOGS_RECEIVER]\n      \
         exporters: [routing/lognoise]\n    logs/lognoise_drop:\n      receivers: [routing/lognoise]\n      \
         processors: [filter/lognoise]\n      exporters: [YOUR_LOGS_EXPORTER]\n",
    );
    for n in &shares {
        let name = keep_pipeline(*n);
        let _ = write!(
            out,
            "    logs/{name}:\n      receivers: [routing/lognoise]\n      processors: [filter/lognoise, \
             transform/lognoise_sample_key, probabilistic_sampler/{name}, \
             transform/lognoise_drop_sample_key]\n      exporters: [YOUR_LOGS_EXPORTER]\n"
        );
    }
    Export {
        text: out,
        not_expressible: Vec::new(),
        files: Vec::new(),
    }
}
