//! One suppression rule, and the rules file that carries a set of them.

use crate::{pattern, portable, Error, Result};
use lognoise_miner::TemplateId;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Schema of the native rules file.
pub const SCHEMA: &str = "lognoise.rules/v1";

/// What a reviewer decided about one noise template, from which a rule is made.
///
/// `Default` leaves every field empty (template id 0), for `..RuleSpec::default()` after the
/// template's id and text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSpec {
    /// The template the rule drops.
    pub template_id: TemplateId,
    /// Its text, variables as `<*>`.
    pub template_text: String,
    /// Log groups the rule is limited to (empty: every group). An entry ending in `*` is a
    /// prefix.
    pub log_groups: Vec<String>,
    /// Team owning the decision.
    pub owner: Option<String>,
    /// Why the lines are noise.
    pub reason: Option<String>,
    /// Name of the review session that decided it.
    pub session: Option<String>,
    /// When it was decided (ms since the Unix epoch).
    pub decided_at_ms: Option<i64>,
    /// Keep one line in this many instead of dropping all (`None`: drop all).
    pub keep_one_in: Option<u32>,
}

impl Default for RuleSpec {
    fn default() -> Self {
        RuleSpec {
            template_id: TemplateId(0),
            template_text: String::new(),
            log_groups: Vec::new(),
            owner: None,
            reason: None,
            session: None,
            decided_at_ms: None,
            keep_one_in: None,
        }
    }
}

/// A suppression rule: lines whose message matches `pattern` are dropped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// Stable id: the template id, so that a rule keeps its id across regenerations.
    pub id: String,
    /// The template the rule was made from.
    pub template_id: TemplateId,
    /// Its text.
    pub template: String,
    /// Anchored regex over the whole line, in the portable subset (see [`crate::pattern`]).
    pub pattern: String,
    /// Log groups the rule is limited to (empty: every group).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log_groups: Vec<String>,
    /// Team owning the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Why the lines are noise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Review session that decided it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// When it was decided (ms since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at_ms: Option<i64>,
    /// The same day as `YYYY-MM-DD` (UTC), for readers of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Keep one matching line in this many (at least 2) instead of dropping them all, for a
    /// template whose volume is noise but whose presence is worth seeing. `None`: drop all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_one_in: Option<u32>,
}

impl Rule {
    /// Builds the rule of a noise template; fails for a template without constant text.
    pub fn from_spec(spec: &RuleSpec) -> Result<Rule> {
        let pattern = pattern::template_pattern(&spec.template_text)?;
        Ok(Rule {
            id: spec.template_id.to_string(),
            template_id: spec.template_id,
            template: spec.template_text.clone(),
            pattern,
            log_groups: spec.log_groups.clone(),
            owner: spec.owner.clone(),
            reason: spec.reason.clone(),
            session: spec.session.clone(),
            decided_at_ms: spec.decided_at_ms,
            date: spec.decided_at_ms.and_then(day_of),
            keep_one_in: spec.keep_one_in,
        })
    }

    /// Whether the rule applies to a line of `log_group` (`None`: unknown group, which only
    /// rules for every group apply to).
    pub fn applies_to(&self, log_group: Option<&str>) -> bool {
        scope_admits(&self.log_groups, log_group)
    }

    /// The longest constant of the template: every line the rule matches contains it.
    pub fn required_literal(&self) -> Option<&str> {
        pattern::literals(&self.template)
            .into_iter()
            .max_by_key(|l| l.len())
    }

    /// Checks that the pattern compiles and keeps to the portable subset.
    pub fn check_pattern(&self) -> Result<()> {
        let err = |reason: String| Error::Pattern {
            rule: self.id.clone(),
            pattern: self.pattern.clone(),
            reason,
        };
        portable::check(&self.pattern).map_err(|e| err(e.0))?;
        if pattern::template_pattern(&self.template).ok().as_deref() == Some(self.pattern.as_str())
        {
            // A generated pattern: the matcher compiles its exact automata when a line first
            // needs them (compiling them all here took seconds for a few hundred rules), so
            // parsing it is the check.
            regex_syntax::Parser::new()
                .parse(&self.pattern)
                .map_err(|e| err(e.to_string()))?;
        } else {
            crate::matcher::compile(&self.pattern, None).map_err(|e| err(e.to_string()))?;
        }
        Ok(())
    }
}

/// Whether a rule limited to `scope` (empty: every group) applies to a line of `log_group`.
pub(crate) fn scope_admits(scope: &[String], log_group: Option<&str>) -> bool {
    if scope.is_empty() {
        return true;
    }
    let Some(group) = log_group else {
        return false;
    };
    scope.iter().any(|g| match g.strip_suffix('*') {
        Some(prefix) => group.starts_with(prefix),
        None => g == group,
    })
}

fn day_of(ms: i64) -> Option<String> {
    let ts = jiff::Timestamp::from_millisecond(ms).ok()?;
    Some(ts.strftime("%Y-%m-%d").to_string())
}

/// A template the rules must leave alone (marked keep or signal), carried in the rules file
/// so that `lognoise check` can fail when a rule reaches its lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtectedTemplate {
    /// Its id.
    pub template_id: TemplateId,
    /// Its text.
    pub template: String,
    /// `keep` or `signal`.
    pub verdict: String,
}

/// The native rules file (`lognoise.rules/v1`): the input of `lognoise check` and of every
/// export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSet {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The lognoise that wrote it.
    #[serde(default)]
    pub generated_by: String,
    /// The rules, in the order shippers try them.
    pub rules: Vec<Rule>,
    /// Templates the rules must not reach.
    #[serde(default)]
    pub protected: Vec<ProtectedTemplate>,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet {
            schema: SCHEMA.to_string(),
            generated_by: format!("lognoise {}", env!("CARGO_PKG_VERSION")),
            rules: Vec::new(),
            protected: Vec::new(),
        }
    }
}

impl RuleSet {
    /// Builds the rules of `specs` (templates without constants are refused).
    pub fn from_specs(specs: &[RuleSpec], protected: Vec<ProtectedTemplate>) -> Result<RuleSet> {
        let rules = specs.iter().map(Rule::from_spec).collect::<Result<_>>()?;
        Ok(RuleSet {
            rules,
            protected,
            ..RuleSet::default()
        })
    }

    /// Ids of the protected templates.
    pub fn protected_ids(&self) -> std::collections::HashSet<TemplateId> {
        self.protected.iter().map(|p| p.template_id).collect()
    }

    /// Reads and checks a rules file: its schema, unique ids, and every pattern (compiles, in
    /// the portable subset).
    pub fn read(path: &Path) -> Result<RuleSet> {
        let bytes = std::fs::read(path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                path: path.to_path_buf(),
            },
            _ => Error::Io {
                path: path.to_path_buf(),
                source,
            },
        })?;
        Self::from_json(&bytes, path)
    }

    /// Parses and checks a rules file's bytes; `path` names it in errors.
    pub fn from_json(bytes: &[u8], path: &Path) -> Result<RuleSet> {
        #[derive(Deserialize)]
        struct Head {
            schema: Option<String>,
        }
        let parse = |source| Error::Parse {
            path: path.to_path_buf(),
            source,
        };
        let head: Head = serde_json::from_slice(bytes).map_err(parse)?;
        let found = head.schema.unwrap_or_default();
        if found != SCHEMA {
            return Err(Error::Schema {
                path: path.to_path_buf(),
                found,
            });
        }
        let set: RuleSet = serde_json::from_slice(bytes).map_err(parse)?;
        set.check()?;
        Ok(set)
    }

    /// Checks ids and patterns.
    pub fn check(&self) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for r in &self.rules {
            if !seen.insert(r.id.as_str()) {
                return Err(Error::DuplicateRule(r.id.clone()));
            }
            if let Some(n) = r.keep_one_in.filter(|n| *n < 2) {
                return Err(Error::KeepOneIn {
                    rule: r.id.clone(),
                    value: n,
                });
            }
            r.check_pattern()?;
        }
        Ok(())
    }

    /// The file's text: pretty JSON with a final newline, stable for diffs.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Writes the file atomically, readable by the user only.
    pub fn write(&self, path: &Path) -> Result<()> {
        lognoise_workspace::write_private_atomic(path, self.to_json().as_bytes())?;
        Ok(())
    }
}
