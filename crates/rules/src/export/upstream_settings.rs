//! Settings that stop a producer from writing a recognised kind of line, for producers with no
//! line filter: an RDS instance's DB parameters (PostgreSQL `log_checkpoints`,
//! `log_connections`, `log_min_duration_statement`, ...; MySQL `general_log`,
//! `log_error_verbosity`, ...) and a VPC flow log's traffic type.
//!
//! A setting removes every line of its kind, not only one template's: a template is given a
//! setting only when the kind is recognised in its text, and [`plan`] refuses a setting that
//! would also remove a template of the group marked keep or signal.

use lognoise_miner::TemplateId;
use serde::Serialize;
use std::collections::BTreeMap;

/// A setting that removes a kind of line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Setting {
    /// The DB parameter, or `traffic-type` for a flow log.
    pub name: &'static str,
    /// The value that stops the lines.
    pub value: &'static str,
    /// What the lines are, for the reader.
    pub what: &'static str,
}

/// The DB parameter that stops lines like `template` in the RDS log `log` (`postgresql`,
/// `error`, `general`, `slowquery`, ...), when one does.
pub fn rds_setting(log: &str, template: &str) -> Option<Setting> {
    let s = |name, value, what| Some(Setting { name, value, what });
    match log {
        "general" => return s("general_log", "0", "MySQL general query log"),
        "slowquery" => {
            if template.contains("not using index") {
                return s(
                    "log_queries_not_using_indexes",
                    "0",
                    "queries logged for not using an index",
                );
            }
            return s(
                "long_query_time",
                "10",
                "slow query log entries (raise the threshold)",
            );
        }
        _ => {}
    }
    let t = template;
    if t.contains("checkpoint starting") || t.contains("checkpoint complete") {
        s("log_checkpoints", "0", "PostgreSQL checkpoint lines")
    } else if t.contains("connection received") || t.contains("connection authorized") {
        s("log_connections", "0", "PostgreSQL connection lines")
    } else if t.contains("disconnection: session time") {
        s("log_disconnections", "0", "PostgreSQL disconnection lines")
    } else if t.contains("duration:") && t.contains(" ms") {
        s(
            "log_min_duration_statement",
            "-1",
            "PostgreSQL statement durations (or raise the threshold in ms)",
        )
    } else if t.contains("automatic vacuum of table") || t.contains("automatic analyze of table") {
        s(
            "log_autovacuum_min_duration",
            "-1",
            "PostgreSQL autovacuum lines",
        )
    } else if t.contains("temporary file: path") {
        s("log_temp_files", "-1", "PostgreSQL temporary file lines")
    } else if t.contains("LOG: statement:") || t.contains("LOG:  statement:") {
        s("log_statement", "none", "PostgreSQL statement logging")
    } else if t.contains("[Note]") {
        s("log_error_verbosity", "2", "MySQL error log notes")
    } else {
        None
    }
}

/// The flow log action (`ACCEPT` or `REJECT`) of a flow log template, when its text names one.
pub fn flow_action(template: &str) -> Option<&'static str> {
    let words: Vec<&str> = template.split_whitespace().collect();
    if words.contains(&"ACCEPT") {
        Some("ACCEPT")
    } else if words.contains(&"REJECT") {
        Some("REJECT")
    } else {
        None
    }
}

/// One template of the group, as the settings need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupTemplate {
    /// Its id.
    pub id: TemplateId,
    /// Its text.
    pub text: String,
    /// Marked noise (a rule drops it).
    pub noise: bool,
    /// Marked keep or signal.
    pub protected: bool,
}

/// The settings for a group's noise, and the noise no setting removes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SettingsPlan {
    /// Each setting with the noise templates it removes.
    pub settings: Vec<(Setting, Vec<TemplateId>)>,
    /// Noise templates with no setting, and why.
    pub unremoved: Vec<(TemplateId, String)>,
}

/// Chooses settings for the noise of one group: `kind_of` says which setting removes a
/// template's kind of line.
pub fn plan(
    templates: &[GroupTemplate],
    kind_of: &dyn Fn(&str) -> Option<Setting>,
) -> SettingsPlan {
    let mut by_setting: BTreeMap<Setting, (Vec<TemplateId>, Vec<&GroupTemplate>)> = BTreeMap::new();
    let mut out = SettingsPlan::default();
    for t in templates {
        match kind_of(&t.text) {
            Some(setting) => {
                let entry = by_setting.entry(setting).or_default();
                if t.noise {
                    entry.0.push(t.id);
                }
                if t.protected {
                    entry.1.push(t);
                }
            }
            None if t.noise => out.unremoved.push((
                t.id,
                "no upstream filter: no setting of this producer removes these lines alone".into(),
            )),
            None => {}
        }
    }
    for (setting, (noise, kept)) in by_setting {
        if noise.is_empty() {
            continue;
        }
        if let Some(k) = kept.first() {
            for id in noise {
                out.unremoved.push((
                    id,
                    format!(
                        "{} = {} would also remove {:?}, marked keep or signal",
                        setting.name, setting.value, k.text
                    ),
                ));
            }
        } else {
            out.settings.push((setting, noise));
        }
    }
    out
}

/// A flow log's traffic type that keeps only the other action, as a setting.
pub fn flow_setting(template: &str) -> Option<Setting> {
    match flow_action(template)? {
        "ACCEPT" => Some(Setting {
            name: "traffic-type",
            value: "REJECT",
            what: "accepted traffic records",
        }),
        _ => Some(Setting {
            name: "traffic-type",
            value: "ACCEPT",
            what: "rejected traffic records",
        }),
    }
}

/// A flow log has one traffic type: when the noise is of both actions, none keeps the kept
/// records, so no setting is given.
pub fn one_traffic_type(plan: SettingsPlan) -> SettingsPlan {
    if plan.settings.len() <= 1 {
        return plan;
    }
    let mut out = SettingsPlan {
        settings: Vec::new(),
        unremoved: plan.unremoved,
    };
    for (_, ids) in plan.settings {
        out.unremoved.extend(ids.into_iter().map(|id| {
            (
                id,
                "noise of both actions (ACCEPT and REJECT): a traffic type keeps only one".into(),
            )
        }));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn t(text: &str, noise: bool, protected: bool) -> GroupTemplate {
        GroupTemplate {
            id: TemplateId::of_text(text),
            text: text.into(),
            noise,
            protected,
        }
    }

    #[test]
    fn postgres_checkpoints_and_connections_have_parameters() {
        let pg = |text: &str| rds_setting("postgresql", text);
        assert_eq!(
            pg("<*> LOG: checkpoint starting: time").unwrap().name,
            "log_checkpoints"
        );
        assert_eq!(
            pg("<*> LOG: connection authorized: user=<*> database=<*>")
                .unwrap()
                .name,
            "log_connections"
        );
        assert_eq!(
            pg("<*> LOG: duration: <*> ms statement: <*>").unwrap().name,
            "log_min_duration_statement"
        );
        assert_eq!(pg("<*> ERROR: relation <*> does not exist"), None);
        assert_eq!(
            rds_setting("general", "<*> Query <*>").unwrap().name,
            "general_log"
        );
    }

    #[test]
    fn a_setting_that_reaches_a_kept_template_is_refused() {
        let start = t("<*> LOG: checkpoint starting: <*>", true, false);
        let done = t(
            "<*> LOG: checkpoint complete: wrote <*> buffers",
            false,
            true,
        );
        let conn = t("<*> LOG: connection received: host=<*>", true, false);
        let other = t("<*> LOG: something else <*>", true, false);
        let plan = plan(
            &[start.clone(), done, conn.clone(), other.clone()],
            &|text| rds_setting("postgresql", text),
        );
        assert_eq!(plan.settings.len(), 1);
        assert_eq!(plan.settings[0].0.name, "log_connections");
        assert_eq!(plan.settings[0].1, vec![conn.id]);
        let unremoved: Vec<_> = plan.unremoved.iter().map(|(id, _)| *id).collect();
        assert_eq!(unremoved, vec![other.id, start.id]);
        assert!(plan.unremoved[1].1.contains("checkpoint complete"));
    }

    #[test]
    fn flow_logs_keep_the_other_action() {
        let accept = "2 <*> eni-<*> <*> <*> <*> <*> 6 <*> <*> <*> <*> ACCEPT OK";
        assert_eq!(flow_setting(accept).unwrap().value, "REJECT");
        assert_eq!(flow_setting("2 <*> REJECT OK").unwrap().value, "ACCEPT");
        assert_eq!(flow_setting("2 <*> NODATA"), None);
    }
}
