//! A Lambda function's `LoggingConfig`, chosen so that Lambda itself drops the noise templates
//! by level: nothing runs between a function and CloudWatch, so a shipper filter can never
//! reach its lines.
//!
//! With `LogFormat` JSON, Lambda drops application lines below `ApplicationLogLevel` (TRACE,
//! DEBUG, INFO, WARN, ERROR, FATAL) and its own platform lines (`START`, `END`, `REPORT`,
//! `INIT_START`, ..., all at INFO) below `SystemLogLevel` (DEBUG, INFO, WARN). The levels are
//! chosen from each template's level counts: as high as no template marked keep or signal
//! loses a line, and no higher than the noise needs, so undecided templates lose as little as
//! possible. A noise template that no level separates from what must stay is listed as needing
//! a code change.

use lognoise_miner::TemplateId;
use serde::Serialize;
use std::fmt::Write;

/// Lambda's application log levels, lowest first.
pub const APPLICATION_LEVELS: [&str; 6] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];

/// What a review decided about a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Its lines should go.
    Noise,
    /// Marked keep or signal: no setting may drop its lines.
    Protected,
    /// Not decided: dropping it is reported.
    Undecided,
}

/// One template of a function's log group, as the level choice needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionTemplate {
    /// Its id.
    pub id: TemplateId,
    /// Its text.
    pub text: String,
    /// The decision.
    pub decision: Decision,
    /// Level counts read from its lines' headers (any spelling; `WARNING`, `ERR`, ...; ""
    /// for lines without a level).
    pub levels: Vec<(String, u64)>,
}

/// Why a noise template stays, or that it goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unseparated {
    /// The template.
    pub id: TemplateId,
    /// Why no level setting drops it.
    pub reason: String,
}

/// The logging configuration of one function, and what it does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoggingPlan {
    /// The function.
    pub function: String,
    /// `ApplicationLogLevel` to set.
    pub application_level: &'static str,
    /// `SystemLogLevel` to set.
    pub system_level: &'static str,
    /// Noise templates the setting drops.
    pub dropped_noise: Vec<TemplateId>,
    /// Undecided templates it drops too.
    pub dropped_undecided: Vec<TemplateId>,
    /// Noise templates no level setting drops without a kept line: a code change is the remedy.
    pub needs_code_change: Vec<Unseparated>,
}

impl LoggingPlan {
    /// Whether the setting drops any noise (else there is nothing to deploy).
    pub fn drops_noise(&self) -> bool {
        !self.dropped_noise.is_empty()
    }

    /// The `aws lambda update-function-configuration` command.
    pub fn command(&self) -> String {
        format!(
            "aws lambda update-function-configuration --function-name {} \\\n    --logging-config LogFormat=JSON,ApplicationLogLevel={},SystemLogLevel={}\n",
            shell_quote(&self.function),
            self.application_level,
            self.system_level
        )
    }

    /// The property of an `AWS::Lambda::Function` (or `AWS::Serverless::Function`) resource.
    pub fn cloudformation(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Properties of the function {}",
            super::one_line(&self.function)
        );
        let _ = write!(
            out,
            "LoggingConfig:\n  LogFormat: JSON\n  ApplicationLogLevel: {}\n  SystemLogLevel: {}\n",
            self.application_level, self.system_level
        );
        out
    }
}

/// Whether a template is one of Lambda's own platform lines (written at INFO).
pub fn is_platform_line(text: &str) -> bool {
    const PLATFORM: [&str; 9] = [
        "START RequestId:",
        "END RequestId:",
        "REPORT RequestId:",
        "INIT_START ",
        "INIT_REPORT ",
        "RESTORE_START ",
        "RESTORE_REPORT ",
        "EXTENSION ",
        "TELEMETRY ",
    ];
    PLATFORM.iter().any(|p| text.starts_with(p))
}

/// The rank of a level name among [`APPLICATION_LEVELS`], for the usual spellings.
fn rank(level: &str) -> Option<usize> {
    let upper = level.trim().to_ascii_uppercase();
    let name = match upper.as_str() {
        "WARNING" => "WARN",
        "ERR" | "SEVERE" => "ERROR",
        "CRITICAL" | "CRIT" | "PANIC" | "EMERG" | "ALERT" => "FATAL",
        "DBG" => "DEBUG",
        "TRC" => "TRACE",
        "INF" | "INFORMATION" | "NOTICE" => "INFO",
        other => other,
    };
    APPLICATION_LEVELS.iter().position(|l| *l == name)
}

/// The lowest and highest rank of a template's lines, lines without a level or with an
/// unknown one counted as INFO (what Lambda may take them for, so a kept template is guarded
/// there). `None` when the template has no line.
fn span(levels: &[(String, u64)]) -> Option<(usize, usize)> {
    let info = 2;
    let mut ranks = levels
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(l, _)| rank(l).unwrap_or(info));
    let first = ranks.next()?;
    Some(ranks.fold((first, first), |(lo, hi), r| (lo.min(r), hi.max(r))))
}

/// Chooses the logging configuration of `function` from its templates.
pub fn plan(function: &str, templates: &[FunctionTemplate]) -> LoggingPlan {
    let (platform, application): (Vec<_>, Vec<_>) =
        templates.iter().partition(|t| is_platform_line(&t.text));
    let mut needs_code_change = Vec::new();

    // Application lines: the highest threshold that keeps every protected line.
    let info = 2;
    let cap = application
        .iter()
        .filter(|t| t.decision == Decision::Protected)
        .map(|t| span(&t.levels).map_or(info, |(lo, _)| lo))
        .min()
        .unwrap_or(APPLICATION_LEVELS.len() - 1);
    let mut dropped_noise = Vec::new();
    let mut needed = 0;
    for t in application.iter().filter(|t| t.decision == Decision::Noise) {
        let unlevelled: u64 = t
            .levels
            .iter()
            .filter(|(l, _)| l.is_empty())
            .map(|(_, n)| n)
            .sum();
        if unlevelled > 0 || t.levels.is_empty() {
            // Whether Lambda filters a line it got without a level depends on the runtime:
            // promise nothing for them.
            needs_code_change.push(Unseparated {
                id: t.id,
                reason: format!("{unlevelled} of its lines carry no level"),
            });
            continue;
        }
        match span(&t.levels) {
            Some((_, hi)) if hi < cap => {
                dropped_noise.push(t.id);
                needed = needed.max(hi + 1);
            }
            Some((_, hi)) => needs_code_change.push(Unseparated {
                id: t.id,
                reason: format!(
                    "its lines reach {} and a template that must stay has lines at {}",
                    APPLICATION_LEVELS[hi], APPLICATION_LEVELS[cap]
                ),
            }),
            None => needs_code_change.push(Unseparated {
                id: t.id,
                reason: "its lines carry no level".into(),
            }),
        }
    }
    let application_level = APPLICATION_LEVELS[needed];
    let mut dropped_undecided: Vec<TemplateId> = application
        .iter()
        .filter(|t| t.decision == Decision::Undecided)
        .filter(|t| span(&t.levels).is_some_and(|(_, hi)| hi < needed))
        .map(|t| t.id)
        .collect();

    // Platform lines are all INFO: WARN drops them all, so only when none must stay.
    let platform_noise: Vec<&&FunctionTemplate> = platform
        .iter()
        .filter(|t| t.decision == Decision::Noise)
        .collect();
    let platform_kept = platform.iter().any(|t| t.decision == Decision::Protected);
    let system_level = if platform_noise.is_empty() || platform_kept {
        for t in &platform_noise {
            needs_code_change.push(Unseparated {
                id: t.id,
                reason: "Lambda writes it at INFO like a platform line marked keep or signal; \
                         SystemLogLevel drops both or neither"
                    .into(),
            });
        }
        "INFO"
    } else {
        dropped_noise.extend(platform_noise.iter().map(|t| t.id));
        dropped_undecided.extend(
            platform
                .iter()
                .filter(|t| t.decision == Decision::Undecided)
                .map(|t| t.id),
        );
        "WARN"
    };
    LoggingPlan {
        function: function.to_string(),
        application_level,
        system_level,
        dropped_noise,
        dropped_undecided,
        needs_code_change,
    }
}

/// `s` quoted for a POSIX shell when it holds anything beyond a function name's characters.
pub(crate) fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn t(text: &str, decision: Decision, levels: &[(&str, u64)]) -> FunctionTemplate {
        FunctionTemplate {
            id: TemplateId::of_text(text),
            text: text.into(),
            decision,
            levels: levels.iter().map(|(l, n)| (l.to_string(), *n)).collect(),
        }
    }

    #[test]
    fn drops_debug_noise_and_platform_lines_but_keeps_info() {
        let report = t(
            "REPORT RequestId: <*> Duration: <*> ms",
            Decision::Noise,
            &[],
        );
        let debug = t("cache miss <*>", Decision::Noise, &[("DEBUG", 40)]);
        let kept = t("order <*> placed", Decision::Protected, &[("INFO", 5)]);
        let undecided = t("trace <*>", Decision::Undecided, &[("TRACE", 3)]);
        let plan = plan(
            "checkout",
            &[report.clone(), debug.clone(), kept, undecided.clone()],
        );
        assert_eq!(plan.application_level, "INFO");
        assert_eq!(plan.system_level, "WARN");
        assert_eq!(plan.dropped_noise, vec![debug.id, report.id]);
        assert_eq!(plan.dropped_undecided, vec![undecided.id]);
        assert!(plan.needs_code_change.is_empty());
        assert!(plan.command().contains(
            "--function-name checkout \\\n    --logging-config LogFormat=JSON,ApplicationLogLevel=INFO,SystemLogLevel=WARN"
        ));
        assert!(plan.cloudformation().contains("ApplicationLogLevel: INFO"));
    }

    #[test]
    fn noise_at_the_level_of_a_kept_template_needs_a_code_change() {
        let noise = t(
            "heartbeat <*>",
            Decision::Noise,
            &[("INFO", 90), ("DEBUG", 1)],
        );
        let kept = t(
            "payment <*> failed",
            Decision::Protected,
            &[("warning", 2), ("INFO", 1)],
        );
        let bare = t("hello <*>", Decision::Noise, &[("", 4), ("DEBUG", 1)]);
        let plan = plan("pay", &[noise.clone(), kept, bare.clone()]);
        assert_eq!(plan.application_level, "TRACE");
        assert!(!plan.drops_noise());
        let ids: Vec<_> = plan.needs_code_change.iter().map(|u| u.id).collect();
        assert_eq!(ids, vec![noise.id, bare.id]);
        assert!(plan.needs_code_change[0].reason.contains("INFO"));
    }

    #[test]
    fn a_kept_platform_line_keeps_the_system_level() {
        let start = t("START RequestId: <*> Version: <*>", Decision::Noise, &[]);
        let report = t(
            "REPORT RequestId: <*> Duration: <*> ms",
            Decision::Protected,
            &[],
        );
        let plan = plan("f", &[start.clone(), report]);
        assert_eq!(plan.system_level, "INFO");
        assert_eq!(plan.needs_code_change[0].id, start.id);
    }

    #[test]
    fn odd_function_names_are_quoted() {
        assert_eq!(shell_quote("a b'c"), r"'a b'\''c'");
        assert_eq!(
            shell_quote("arn:aws:lambda:eu-west-1:1:function:f"),
            "arn:aws:lambda:eu-west-1:1:function:f"
        );
    }
}
