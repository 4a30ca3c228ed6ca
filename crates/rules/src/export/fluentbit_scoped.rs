//! Fluent Bit `grep` filters scoped by `Match` to the records of one producer: the containers
//! of an ECS task's FireLens sidecar, or the pods of an EKS cluster's Fluent Bit daemon set.
//!
//! In those pipelines the log group is a setting of the output, not a record key, so a filter
//! keyed on the group (as the generic export writes for rules limited to groups) never drops a
//! line. The scope goes into `Match` instead, on the tag the shipper gives each record:
//! FireLens tags `<container>-firelens-<task id>`, the Container Insights daemon set
//! `application.var.log.containers.<pod>_<namespace>_<container>-<id>.log`.
//!
//! Each filter carries one `Exclude` and no `Logical_Op`, so the same text runs on Fluent Bit
//! 1.9 (the `aws-for-fluent-bit` 2.x images) and on 2.x, 3.x and 4.x.
//!
//! Rules keeping a share of their lines come after the grep filters, as `lua` filters (one per
//! `Match` pattern, see [`fluentbit_lua::tag_callbacks`]) calling the script the producer's
//! artefacts ship beside the configuration; 1.9 runs them too.

use super::{describe, fluentbit::yaml_quote, fluentbit_lua};
use crate::Rule;
use std::fmt::Write;

/// One filter: a rule's pattern run on the records whose tag `tag_match` matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopedRule<'a> {
    /// The rule whose pattern the filter excludes.
    pub rule: &'a Rule,
    /// Fluent Bit `Match` patterns (`*` is the only wildcard), one filter each.
    pub tag_matches: Vec<String>,
}

/// The classic `.conf` form: one grep `[FILTER]` per rule dropping all and tag pattern, then
/// one lua `[FILTER]` per tag pattern of the sampled rules, calling `script` (its path as
/// Fluent Bit will find it).
pub fn classic(header: &str, rules: &[ScopedRule<'_>], message_key: &str, script: &str) -> String {
    let mut out = comment_block(header, "#");
    for scoped in rules.iter().filter(|s| s.rule.keep_one_in.is_none()) {
        for tag in &scoped.tag_matches {
            let _ = writeln!(out, "\n# {}", describe(scoped.rule));
            let _ = writeln!(
                out,
                "[FILTER]\n    Name     grep\n    Match    {tag}\n    Exclude  {message_key} {}",
                scoped.rule.pattern
            );
        }
    }
    for t in fluentbit_lua::tag_callbacks(rules) {
        let _ = writeln!(out, "\n# {}", sampled_comment(&t));
        out.push_str(&fluentbit_lua::classic_filter(
            &t.tag,
            script,
            &t.callback.name,
        ));
    }
    out
}

/// The comment before a lua filter: its rules and rates.
fn sampled_comment(t: &fluentbit_lua::TagCallback<'_>) -> String {
    let rules: Vec<String> = t
        .callback
        .rules
        .iter()
        .map(|r| format!("{} (1 in {})", r.id, r.keep_one_in.unwrap_or_default()))
        .collect();
    format!("keeps one line in N of rules {}", rules.join(", "))
}

/// The YAML form (Fluent Bit 2.0 and later read YAML configuration), in the same order.
pub fn yaml(header: &str, rules: &[ScopedRule<'_>], message_key: &str, script: &str) -> String {
    let mut out = comment_block(header, "#");
    out.push_str("pipeline:\n  filters:\n");
    let sampled = fluentbit_lua::tag_callbacks(rules);
    if sampled.is_empty()
        && rules
            .iter()
            .all(|r| r.tag_matches.is_empty() || r.rule.keep_one_in.is_some())
    {
        out.push_str("    []\n");
    }
    for scoped in rules.iter().filter(|s| s.rule.keep_one_in.is_none()) {
        for tag in &scoped.tag_matches {
            let _ = writeln!(out, "    # {}", describe(scoped.rule));
            let _ = writeln!(
                out,
                "    - name: grep\n      match: {}\n      exclude: {}",
                yaml_quote(tag),
                yaml_quote(&format!("{message_key} {}", scoped.rule.pattern))
            );
        }
    }
    for t in &sampled {
        let _ = writeln!(out, "    # {}", sampled_comment(t));
        out.push_str(&fluentbit_lua::yaml_filter(
            &t.tag,
            script,
            &t.callback.name,
        ));
    }
    out
}

/// `header` as comment lines.
pub(crate) fn comment_block(header: &str, comment: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "{comment} {}", super::one_line(line));
    }
    out
}

/// The `Match` pattern of a FireLens container's records (`*` when the container is unknown:
/// a task's FireLens sidecar only sees that task's containers).
pub fn firelens_match(container: Option<&str>) -> String {
    match container {
        Some(c) => format!("{}-firelens-*", tag_safe(c)),
        None => "*".to_string(),
    }
}

/// The `Match` pattern of an EKS container's records, from a Container Insights stream name
/// (`<node>-<tag prefix>.var.log.containers.<pod>_<namespace>_<container>-<id>.log`): the tag
/// prefix, namespace and container taken from it. `None` when the stream is not of that shape.
pub fn eks_match(stream: &str) -> Option<String> {
    const MARK: &str = ".var.log.containers.";
    let at = stream.find(MARK)?;
    let before = &stream[..at];
    let prefix = before.rsplit('-').next().filter(|p| !p.is_empty())?;
    let file = &stream[at + MARK.len()..];
    let mut parts = file.splitn(3, '_');
    let _pod = parts.next()?;
    let namespace = parts.next().filter(|n| !n.is_empty())?;
    let rest = parts.next()?;
    let container = rest
        .rsplit_once('-')
        .map(|(c, _)| c)
        .filter(|c| !c.is_empty())?;
    Some(format!(
        "{}{MARK}*_{}_{}-*",
        tag_safe(prefix),
        tag_safe(namespace),
        tag_safe(container)
    ))
}

/// A name made safe inside a `Match` pattern and a classic config line: wildcards and
/// whitespace become `*`, which only widens the match within the producer's own records.
fn tag_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() || c == '*' {
                '*'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn eks_match_reads_namespace_and_container() {
        let stream =
            "ip-10-0-1-2.ec2.internal-application.var.log.containers.web-7d9f_shop_web-0a1b2c.log";
        assert_eq!(
            eks_match(stream).as_deref(),
            Some("application.var.log.containers.*_shop_web-*")
        );
        assert_eq!(eks_match("web-firelens-abc"), None);
        assert_eq!(eks_match("x.var.log.containers.pod_ns"), None);
    }

    #[test]
    fn firelens_match_names_the_container() {
        assert_eq!(firelens_match(Some("web")), "web-firelens-*");
        assert_eq!(firelens_match(Some("a b")), "a*b-firelens-*");
        assert_eq!(firelens_match(None), "*");
    }
}
