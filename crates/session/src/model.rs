//! The session document: what a review meeting looked at and what it decided, as a plain,
//! versioned JSON file (`lognoise.session/v1`) meant to be committed to git and diffed.
//!
//! Every map is a `BTreeMap` and every struct serialises its fields in declaration order, so the
//! same session always prints the same bytes and a change to one decision is a change to a few
//! lines of the file.

use lognoise_miner::{TemplateId, WILDCARD};
use lognoise_workspace::{LogClass, Retention};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Schema name and version of the session file; bumped on any change an older lognoise would
/// misread.
pub const SESSION_SCHEMA: &str = "lognoise.session/v1";

pub use crate::cost::DEFAULT_PRICE_PER_GB_USD;

/// What the room decided about a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nobody needs these lines: suppress them at the shipper.
    Noise,
    /// Keep shipping them; not worth a rule.
    Keep,
    /// They carry signal (alerts, dashboards, audits): never suppress.
    Signal,
}

impl Verdict {
    /// The word used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Noise => "noise",
            Verdict::Keep => "keep",
            Verdict::Signal => "signal",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Verdict {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Verdict> {
        match s.trim().to_ascii_lowercase().as_str() {
            "noise" => Ok(Verdict::Noise),
            "keep" => Ok(Verdict::Keep),
            "signal" => Ok(Verdict::Signal),
            _ => Err(crate::Error::BadVerdict(s.to_string())),
        }
    }
}

/// The decision about one template. A template with no decision, or with `verdict: None`, is
/// undecided: an open question of the meeting. Fields with no value are left out of the file
/// (`verdict` is always written, `null` when undecided).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The verdict; `None` is undecided (owner, note and labels may still be set).
    pub verdict: Option<Verdict>,
    /// Team that owns the lines (and so the saving, or the rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Why, in the room's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the decision applies: `environment`, `service`, `team`, `version`, or any other key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// For a noise verdict, keep one line in this many (at least 2) instead of dropping all:
    /// the template's volume is noise, its presence is still worth seeing. Only noise carries
    /// it; the saving counts only the share dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_one_in: Option<u32>,
    /// Who decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// When (ms since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at_ms: Option<i64>,
    /// Set when the decision was taken over from an earlier session rather than made in this
    /// one; cleared as soon as this session decides the template again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_over: Option<CarriedOver>,
}

impl Decision {
    /// The share of the template's lines the decision stops: all of a noise template's, less
    /// the share it keeps; none for keep, signal or undecided.
    pub fn dropped_share(&self) -> f64 {
        match (self.verdict, self.keep_one_in) {
            (Some(Verdict::Noise), Some(n)) if n >= 2 => 1.0 - 1.0 / f64::from(n),
            (Some(Verdict::Noise), _) => 1.0,
            _ => 0.0,
        }
    }
}

/// How much of a noise template's lines a decision drops: all of them, or all but one in N.
///
/// People write it as `all`, `1 in 100`, `1/100` or a share kept, `1%` (a percentage is
/// turned into the nearest "one in N", which is what shippers can sample).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropRate {
    /// Drop every line.
    All,
    /// Keep one line in this many (at least 2), drop the rest.
    KeepOneIn(u32),
}

impl DropRate {
    /// Most lines one kept line may stand for.
    pub const MAX_ONE_IN: u32 = 1_000_000;

    /// The rate as stored in a decision: `None` drops all.
    pub fn keep_one_in(self) -> Option<u32> {
        match self {
            DropRate::All => None,
            DropRate::KeepOneIn(n) => Some(n),
        }
    }

    /// The rate of a stored decision.
    pub fn of(keep_one_in: Option<u32>) -> DropRate {
        keep_one_in.map_or(DropRate::All, DropRate::KeepOneIn)
    }
}

impl std::fmt::Display for DropRate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DropRate::All => f.write_str("drop all"),
            DropRate::KeepOneIn(n) => write!(f, "keep 1 in {n}"),
        }
    }
}

impl std::str::FromStr for DropRate {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<DropRate> {
        let t = s.trim().to_ascii_lowercase();
        let bad = || crate::Error::BadDropRate(s.trim().to_string());
        let t = t.strip_prefix("keep").map_or(t.as_str(), str::trim);
        if matches!(t, "all" | "none" | "drop all" | "0" | "0%") {
            return Ok(DropRate::All);
        }
        let one_in = if let Some(p) = t.strip_suffix('%') {
            let kept: f64 = p.trim().parse().map_err(|_| bad())?;
            if !(kept > 0.0 && kept <= 50.0) {
                return Err(bad());
            }
            (100.0 / kept).round()
        } else {
            let n = t
                .strip_prefix('1')
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix("in").or_else(|| r.strip_prefix('/')))
                .ok_or_else(bad)?;
            n.trim().parse::<f64>().map_err(|_| bad())?
        };
        if one_in.fract() != 0.0 || !(2.0..=f64::from(DropRate::MAX_ONE_IN)).contains(&one_in) {
            return Err(bad());
        }
        Ok(DropRate::KeepOneIn(one_in as u32))
    }
}

/// Where a carried-over decision came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarriedOver {
    /// Name of the earlier session.
    pub session: String,
    /// The template the decision was about in that session.
    pub template_id: TemplateId,
    /// Its text there.
    pub template_text: String,
    /// Why the two templates were taken to be one.
    pub matched_by: CarryMatch,
}

/// Why a template of this session was taken to be a template decided earlier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CarryMatch {
    /// The same id, hence the same text.
    SameId,
    /// The same text once white space and runs of adjacent `<*>` are made single.
    SameNormalizedText,
    /// The new template is the old one with some of its variables now constant: every line the
    /// new one stands for was a line of the old one, so the old decision covered it.
    Narrower,
}

/// The sample a session looked at, read from the workspace when the session was created.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionSample {
    /// Log groups of the events.
    pub log_groups: Vec<String>,
    /// The log class of each group whose class the pulls or sample descriptions recorded;
    /// a group not listed is priced as Standard.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub log_classes: BTreeMap<String, LogClass>,
    /// Factor from sampled to stored bytes of each group whose stored bytes in the window the
    /// pulls or sample descriptions recorded: a pull reads a share of each group, and a loud
    /// group's share is smaller than a quiet one's, so one factor for every group would move
    /// cost from the loud groups to the quiet ones. Groups not listed take the sample's factor.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub group_scales: BTreeMap<String, f64>,
    /// What CloudWatch bills each group for besides ingestion (storage at its retention, Logs
    /// Insights scans), for the groups whose records say: left out of the file when no group's
    /// do, so sessions written before read and price as they did.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub billing: BTreeMap<String, GroupBilling>,
    /// Start of the window the events come from (ms since the Unix epoch), when known.
    pub window_start_ms: Option<i64>,
    /// End of the window (exclusive), when known.
    pub window_end_ms: Option<i64>,
    /// Share of the stored volume the sample holds, in (0, 1]: 1 for imported files, which are
    /// taken to be everything there is.
    pub sampling_ratio: f64,
    /// Events in the sample.
    pub events: u64,
    /// Bytes of their messages.
    pub bytes: u64,
    /// The workspace's import generation the sample was read at; a later import makes the
    /// workspace's statistics differ from what the session looked at.
    pub workspace_generation: u64,
}

/// What one log group is billed for besides ingestion, as its sample records say; each part is
/// `None` when not known, and the group is then priced on ingestion alone for that part.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupBilling {
    /// How long the group keeps its events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<Retention>,
    /// Archived bytes per ingested byte, measured on the group's sampled events (gzip level 6
    /// and 26 bytes an event, as CloudWatch stores them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_ratio: Option<f64>,
    /// Bytes Logs Insights scans in the group a month per byte the group ingests a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insights_scanned_per_ingested: Option<f64>,
}

/// A template as the session saw it when it was created, kept so that later sessions can
/// compare volumes (growth) and recognise the template after re-mining (carry-over).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenTemplate {
    /// Template text.
    pub text: String,
    /// Events in the sample.
    pub count: u64,
    /// Bytes of their messages.
    pub bytes: u64,
    /// Those bytes per log group, so that a later meeting's verification prices what the
    /// template cost then at each group's class and factor, as the queue did.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_group: BTreeMap<String, u64>,
}

/// Templates the room found to be one message. The queue and the summary show them as the
/// template `into`, with the members' volume added; the decision about `into` applies to all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// The template the others were merged into; its id and text stand for the merge.
    pub into: TemplateId,
    /// The templates merged into it.
    pub members: Vec<TemplateId>,
    /// Who merged.
    pub by: Option<String>,
    /// When.
    pub at_ms: Option<i64>,
}

/// A template split by the values of one of its variables, each value becoming a template of
/// its own that can be decided apart. Lines whose value is none of `parts` stay with the
/// template itself (and its decision).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    /// The template split.
    pub template: TemplateId,
    /// Which `<*>` of its text, counting from 0.
    pub variable: usize,
    /// One part per value, in the order given.
    pub parts: Vec<SplitPart>,
    /// Who split.
    pub by: Option<String>,
    /// When.
    pub at_ms: Option<i64>,
}

/// One value of a split.
///
/// Its text is the template's text with the variable replaced by the value, and its id is the
/// id of that text ([`TemplateId::of_text`]), as if the miner had found it: so the part's id is
/// stable, a later mining that does find that template gives it the same id (and the decision
/// follows), and a suppression rule is built from the part's text like from any template's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitPart {
    /// The variable's value.
    pub value: String,
    /// Id of `text`.
    pub id: TemplateId,
    /// The template text with the value in place of the variable.
    pub text: String,
}

impl SplitPart {
    /// The part of `template_text` where its `variable`-th `<*>` is `value`; `None` when the
    /// text has no such variable.
    pub fn of(template_text: &str, variable: usize, value: &str) -> Option<SplitPart> {
        let (at, _) = template_text.match_indices(WILDCARD).nth(variable)?;
        let mut text = String::with_capacity(template_text.len() + value.len());
        text.push_str(&template_text[..at]);
        text.push_str(value);
        text.push_str(&template_text[at + WILDCARD.len()..]);
        Some(SplitPart {
            value: value.to_string(),
            id: TemplateId::of_text(&text),
            text,
        })
    }
}

/// A review session: the versioned JSON document (`lognoise.session/v1`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Always [`SESSION_SCHEMA`] for this version.
    pub schema: String,
    /// Name people use for it (`2026-03 graph club`); the file name is made from it.
    pub name: String,
    /// When it was created (ms since the Unix epoch).
    pub created_at_ms: i64,
    /// Who was in the room.
    pub reviewers: Vec<String>,
    /// The sample it looked at.
    pub sample: SessionSample,
    /// Price per GB ingested into a Standard log group (or one of unknown class), for monthly
    /// costs.
    pub price_per_gb_usd: f64,
    /// Price per GB ingested into an Infrequent Access log group, when the team set its own
    /// (else [`crate::DEFAULT_INFREQUENT_ACCESS_PRICE_PER_GB_USD`]); left out of the file
    /// when not set, so sessions written before keep their meaning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infrequent_access_price_per_gb_usd: Option<f64>,
    /// Price per GB-month of archived storage, when the team set its own (else
    /// [`crate::DEFAULT_STORAGE_PRICE_PER_GB_MONTH_USD`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_price_per_gb_month_usd: Option<f64>,
    /// Price per GB scanned by Logs Insights, when the team set its own (else
    /// [`crate::DEFAULT_INSIGHTS_PRICE_PER_GB_USD`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insights_price_per_gb_usd: Option<f64>,
    /// Price ingestion alone, leaving storage and Insights scans out of every figure: the
    /// basis a team compares with a bill's ingestion line, one flag away.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ingestion_only: bool,
    /// The session before this one, which decisions were carried over from and growth is
    /// measured against.
    pub previous: Option<String>,
    /// The templates of the sample when the session was created.
    pub templates: BTreeMap<TemplateId, SeenTemplate>,
    /// Decisions by template (a workspace template, a merge's `into`, or a split part).
    pub decisions: BTreeMap<TemplateId, Decision>,
    /// Templates merged into one.
    pub merges: Vec<Merge>,
    /// Templates split by a variable's values.
    pub splits: Vec<Split>,
}

/// One concrete template a decision applies to: what suppression rules are built from.
#[derive(Clone, Debug, PartialEq)]
pub struct DecidedTemplate<'a> {
    /// The template (a workspace template, or a split part).
    pub id: TemplateId,
    /// Its text.
    pub text: String,
    /// The decision that applies (for a merge member, the merge's).
    pub decision: &'a Decision,
    /// For a merge member, the template it was merged into.
    pub merged_into: Option<TemplateId>,
    /// For a split template, the texts of its parts, whose lines it no longer stands for: a rule
    /// built from `text` must leave lines of these templates alone.
    pub except: Vec<String>,
}

impl Session {
    /// Price per GB ingested into an Infrequent Access log group: the session's own, or the
    /// default.
    pub fn infrequent_access_price(&self) -> f64 {
        self.infrequent_access_price_per_gb_usd
            .unwrap_or(crate::cost::DEFAULT_INFREQUENT_ACCESS_PRICE_PER_GB_USD)
    }

    /// Price per GB-month of archived storage: the session's own, or the default.
    pub fn storage_price(&self) -> f64 {
        self.storage_price_per_gb_month_usd
            .unwrap_or(crate::cost::DEFAULT_STORAGE_PRICE_PER_GB_MONTH_USD)
    }

    /// Price per GB scanned by Logs Insights: the session's own, or the default.
    pub fn insights_price(&self) -> f64 {
        self.insights_price_per_gb_usd
            .unwrap_or(crate::cost::DEFAULT_INSIGHTS_PRICE_PER_GB_USD)
    }

    /// The decision recorded for `id` itself (not following merges).
    pub fn decision(&self, id: TemplateId) -> Option<&Decision> {
        self.decisions.get(&id)
    }

    /// The verdict that applies to `id`: its own, or, for a merge member, the merge's.
    pub fn verdict_of(&self, id: TemplateId) -> Option<Verdict> {
        self.decisions
            .get(&self.merged_into(id).unwrap_or(id))
            .and_then(|d| d.verdict)
    }

    /// The merge `id` is a member of (not its `into`).
    pub fn merged_into(&self, id: TemplateId) -> Option<TemplateId> {
        self.merges
            .iter()
            .find(|m| m.members.contains(&id))
            .map(|m| m.into)
    }

    /// The merge whose `into` is `id`.
    pub fn merge_of(&self, id: TemplateId) -> Option<&Merge> {
        self.merges.iter().find(|m| m.into == id)
    }

    /// The split of template `id`.
    pub fn split_of(&self, id: TemplateId) -> Option<&Split> {
        self.splits.iter().find(|s| s.template == id)
    }

    /// The split part with this id, with its split.
    pub fn split_part(&self, id: TemplateId) -> Option<(&Split, &SplitPart)> {
        self.splits
            .iter()
            .find_map(|s| s.parts.iter().find(|p| p.id == id).map(|p| (s, p)))
    }

    /// Text of a template the session knows: seen in the sample, or a split part.
    pub fn text_of(&self, id: TemplateId) -> Option<&str> {
        self.templates
            .get(&id)
            .map(|t| t.text.as_str())
            .or_else(|| self.split_part(id).map(|(_, p)| p.text.as_str()))
    }

    /// Every concrete template a decision with a verdict applies to, in id order: decided
    /// templates, the members of decided merges, and decided split parts: what suppression rules
    /// are built from. Templates the session has no text for are left out.
    pub fn decided_templates(&self) -> Vec<DecidedTemplate<'_>> {
        let mut out = Vec::new();
        for (&id, decision) in &self.decisions {
            if decision.verdict.is_none() || self.merged_into(id).is_some() {
                continue;
            }
            let Some(text) = self.text_of(id) else {
                continue;
            };
            let except = |t: TemplateId| {
                self.split_of(t)
                    .map(|s| s.parts.iter().map(|p| p.text.clone()).collect())
                    .unwrap_or_default()
            };
            out.push(DecidedTemplate {
                id,
                text: text.to_string(),
                decision,
                merged_into: None,
                except: except(id),
            });
            if let Some(m) = self.merge_of(id) {
                for &member in &m.members {
                    if let Some(text) = self.text_of(member) {
                        out.push(DecidedTemplate {
                            id: member,
                            text: text.to_string(),
                            decision,
                            merged_into: Some(id),
                            except: except(member),
                        });
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_split_part_is_the_text_with_the_value_in_place() {
        let p = SplitPart::of("GET /health <*> in <*> ms", 0, "200").unwrap();
        assert_eq!(p.text, "GET /health 200 in <*> ms");
        assert_eq!(p.id, TemplateId::of_text("GET /health 200 in <*> ms"));
        let second = SplitPart::of("GET /health <*> in <*> ms", 1, "3").unwrap();
        assert_eq!(second.text, "GET /health <*> in 3 ms");
        assert!(SplitPart::of("GET /health <*> in <*> ms", 2, "x").is_none());
    }

    #[test]
    fn drop_rates_read_as_people_type_them() {
        for (typed, rate) in [
            ("all", DropRate::All),
            ("1 in 100", DropRate::KeepOneIn(100)),
            ("keep 1 in 10", DropRate::KeepOneIn(10)),
            ("1/20", DropRate::KeepOneIn(20)),
            ("1%", DropRate::KeepOneIn(100)),
            ("30%", DropRate::KeepOneIn(3)),
            ("0.1%", DropRate::KeepOneIn(1000)),
            ("50%", DropRate::KeepOneIn(2)),
        ] {
            assert_eq!(typed.parse::<DropRate>().unwrap(), rate, "{typed}");
        }
        for bad in [
            "1 in 1",
            "1 in 0",
            "75%",
            "-1%",
            "1 in 2.5",
            "2 in 10",
            "half",
            "1 in 9999999",
        ] {
            let err = bad.parse::<DropRate>().unwrap_err().to_string();
            assert!(err.contains("1 in 100"), "{bad}: {err}");
        }
    }

    #[test]
    fn only_the_dropped_share_is_saved() {
        let noise = |keep_one_in| Decision {
            verdict: Some(Verdict::Noise),
            keep_one_in,
            ..Decision::default()
        };
        assert_eq!(noise(None).dropped_share(), 1.0);
        assert!((noise(Some(100)).dropped_share() - 0.99).abs() < 1e-12);
        let keep = Decision {
            verdict: Some(Verdict::Keep),
            ..Decision::default()
        };
        assert_eq!(keep.dropped_share(), 0.0);
    }

    #[test]
    fn verdicts_read_as_people_type_them() {
        assert_eq!("Noise".parse::<Verdict>().unwrap(), Verdict::Noise);
        assert_eq!(" signal ".parse::<Verdict>().unwrap(), Verdict::Signal);
        assert!("maybe".parse::<Verdict>().is_err());
        assert_eq!(serde_json::to_string(&Verdict::Keep).unwrap(), "\"keep\"");
    }
}
