//! The meeting summary: what was decided, the noise share of the volume, the monthly saving
//! per owner team and in total, and the open questions, as data and as Markdown ready to paste
//! into meeting notes.

use crate::model::{Session, SessionSample, Verdict};
use crate::queue::{queue, QueueOrder, QueueRow, RowKind};
use crate::readers::QueueReaders;
use crate::Result;
use lognoise_miner::TemplateId;
use lognoise_workspace::Workspace;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Open questions listed by name in the Markdown; the rest are counted.
const MAX_OPEN_LISTED: usize = 20;

/// The outcome of a session.
#[derive(Clone, Debug, Serialize)]
pub struct MeetingSummary {
    /// Session name.
    pub session: String,
    /// When it was created (ms since the Unix epoch).
    pub created_at_ms: i64,
    /// Who was in the room.
    pub reviewers: Vec<String>,
    /// The sample reviewed.
    pub sample: SessionSample,
    /// Price per GB used for costs of Standard log groups (and those of unknown class).
    pub price_per_gb_usd: f64,
    /// Price per GB used for costs of Infrequent Access log groups.
    pub infrequent_access_price_per_gb_usd: f64,
    /// How the costs are priced, in one line ([`crate::CostBasis::priced`]).
    pub priced: String,
    /// Rows reviewed (templates, merges counted once, split parts apart).
    pub templates: usize,
    /// Rows with a verdict.
    pub decided: usize,
    /// Of those, decisions carried over from earlier sessions.
    pub carried_over: usize,
    /// Of those, verdicts taken from a suggestion (`lognoise suggest --accept`).
    pub accepted_suggestions: usize,
    /// Rows per verdict.
    pub noise: usize,
    /// Rows marked keep.
    pub keep: usize,
    /// Rows marked signal.
    pub signal: usize,
    /// Events of noise templates in the sample.
    pub noise_events: u64,
    /// Bytes of noise templates in the sample.
    pub noise_bytes: u64,
    /// Noise share of the sample's events, 0 to 1.
    pub noise_event_share: f64,
    /// Noise share of the sample's bytes, 0 to 1.
    pub noise_byte_share: f64,
    /// Estimated monthly bytes no longer ingested once the noise is suppressed: only the share
    /// each decision drops (a noise template kept 1 in 100 saves 99% of its volume).
    pub monthly_bytes_saved: f64,
    /// Their monthly cost.
    pub monthly_saving_usd: f64,
    /// Saving per owner team, largest first.
    pub saving_by_owner: Vec<OwnerSaving>,
    /// Every decision, costliest first.
    pub decisions: Vec<SummaryRow>,
    /// Templates left undecided, costliest first.
    pub open_questions: Vec<SummaryRow>,
    /// Whether the workspace records what reads its log groups (a pull read it); without a
    /// record, a row's empty `read_by` means "not known", not "nothing reads it".
    pub readers_known: bool,
}

/// The saving of one owner team.
#[derive(Clone, Debug, Serialize)]
pub struct OwnerSaving {
    /// The team; `None` for noise nobody owns yet.
    pub owner: Option<String>,
    /// Noise templates it owns.
    pub templates: usize,
    /// Monthly bytes saved.
    pub monthly_bytes: f64,
    /// Monthly cost saved.
    pub monthly_cost_usd: f64,
}

/// One template in the summary.
#[derive(Clone, Debug, Serialize)]
pub struct SummaryRow {
    /// Template id.
    pub id: TemplateId,
    /// Template text.
    pub text: String,
    /// Verdict, if any.
    pub verdict: Option<Verdict>,
    /// Owner team.
    pub owner: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// For noise, one line kept in this many (`None`: all dropped).
    pub keep_one_in: Option<u32>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// Session the decision was carried over from.
    pub carried_from: Option<String>,
    /// Events in the sample.
    pub count: u64,
    /// Estimated monthly cost.
    pub monthly_cost_usd: f64,
    /// Whether the figures are upper bounds (split parts of many-valued variables).
    pub estimated: bool,
    /// What the row stands for (a template, a merge, a split part or a split's rest).
    pub kind: RowKind,
    /// For a merge, how many templates were merged into this one.
    pub merged: usize,
    /// What reads its lines and would break if they were dropped (a metric filter's metric
    /// and alarms, a subscription, a saved query, a dashboard widget), in words; empty when
    /// nothing is known to (see [`MeetingSummary::readers_known`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub read_by: Vec<String>,
}

impl SummaryRow {
    fn of(r: &QueueRow, readers: &QueueReaders) -> SummaryRow {
        let d = r.decision.clone().unwrap_or_default();
        SummaryRow {
            id: r.id,
            text: r.text.clone(),
            verdict: d.verdict,
            owner: d.owner,
            note: d.note,
            labels: d.labels,
            keep_one_in: d.keep_one_in,
            decided_by: d.decided_by,
            carried_from: d.carried_over.map(|c| c.session),
            count: r.count,
            monthly_cost_usd: r.monthly_cost_usd,
            estimated: r.estimated,
            kind: r.kind,
            merged: r.members.len(),
            read_by: readers
                .of_row(r)
                .into_iter()
                .filter(|reader| reader.breaks_on_drop)
                .map(|reader| reader.description)
                .collect(),
        }
    }
}

/// The summary of `session` over the workspace's sample.
pub fn summary(ws: &Workspace, session: &Session) -> Result<MeetingSummary> {
    let rows = queue(ws, session, QueueOrder::Cost)?;
    // Shares are of what the rows describe: the workspace now, which later imports may have
    // grown past the sample the session was created on.
    let m = ws.manifest();
    // A damaged record of what reads the groups must not cost the meeting its summary: the
    // readers are then not known, which the summary says (the review queue shows the error).
    let readers = QueueReaders::of_workspace(ws).unwrap_or_default();
    Ok(summarise(session, &rows, m.events, m.bytes, &readers))
}

fn summarise(
    session: &Session,
    rows: &[QueueRow],
    events: u64,
    bytes: u64,
    readers: &QueueReaders,
) -> MeetingSummary {
    let verdict = |r: &QueueRow| r.decision.as_ref().and_then(|d| d.verdict);
    let count = |v: Verdict| rows.iter().filter(|r| verdict(r) == Some(v)).count();
    let noise: Vec<&QueueRow> = rows
        .iter()
        .filter(|r| verdict(r) == Some(Verdict::Noise))
        .collect();
    let dropped = |r: &QueueRow| r.decision.as_ref().map_or(0.0, |d| d.dropped_share());
    let mut owners: BTreeMap<Option<String>, OwnerSaving> = BTreeMap::new();
    for r in &noise {
        let owner = r.decision.as_ref().and_then(|d| d.owner.clone());
        let o = owners.entry(owner.clone()).or_insert(OwnerSaving {
            owner,
            templates: 0,
            monthly_bytes: 0.0,
            monthly_cost_usd: 0.0,
        });
        o.templates += 1;
        o.monthly_bytes += r.monthly_bytes * dropped(r);
        o.monthly_cost_usd += r.monthly_cost_usd * dropped(r);
    }
    let mut saving_by_owner: Vec<OwnerSaving> = owners.into_values().collect();
    saving_by_owner.sort_by(|a, b| {
        b.monthly_cost_usd
            .total_cmp(&a.monthly_cost_usd)
            .then_with(|| a.owner.is_none().cmp(&b.owner.is_none()))
            .then_with(|| a.owner.cmp(&b.owner))
    });
    let noise_events: u64 = noise.iter().map(|r| r.count).sum();
    let noise_bytes: u64 = noise.iter().map(|r| r.bytes).sum();
    let mut decided: Vec<&QueueRow> = rows.iter().filter(|r| verdict(r).is_some()).collect();
    // Noise first, then keep, then signal; costliest first within each (rows come by cost).
    decided.sort_by_key(|r| verdict(r));
    MeetingSummary {
        session: session.name.clone(),
        created_at_ms: session.created_at_ms,
        reviewers: session.reviewers.clone(),
        sample: session.sample.clone(),
        price_per_gb_usd: session.price_per_gb_usd,
        infrequent_access_price_per_gb_usd: session.infrequent_access_price(),
        priced: crate::CostBasis::of_session(session).priced(),
        templates: rows.len(),
        decided: decided.len(),
        carried_over: decided
            .iter()
            .filter(|r| {
                r.decision
                    .as_ref()
                    .is_some_and(|d| d.carried_over.is_some())
            })
            .count(),
        accepted_suggestions: decided
            .iter()
            .filter(|r| {
                r.decision
                    .as_ref()
                    .is_some_and(|d| crate::suggest::is_accepted_suggestion(d.note.as_deref()))
            })
            .count(),
        noise: noise.len(),
        keep: count(Verdict::Keep),
        signal: count(Verdict::Signal),
        noise_events,
        noise_bytes,
        noise_event_share: share(noise_events, events),
        noise_byte_share: share(noise_bytes, bytes),
        monthly_bytes_saved: noise.iter().map(|r| r.monthly_bytes * dropped(r)).sum(),
        monthly_saving_usd: noise.iter().map(|r| r.monthly_cost_usd * dropped(r)).sum(),
        saving_by_owner,
        decisions: decided.iter().map(|r| SummaryRow::of(r, readers)).collect(),
        open_questions: rows
            .iter()
            .filter(|r| verdict(r).is_none())
            .map(|r| SummaryRow::of(r, readers))
            .collect(),
        readers_known: readers.known(),
    }
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl MeetingSummary {
    /// The summary as Markdown (GitHub flavour), ready to paste into meeting notes.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_markdown(&mut md);
        md
    }

    fn write_markdown(&self, md: &mut String) -> std::fmt::Result {
        writeln!(md, "# Review session: {}", plain(&self.session))?;
        writeln!(md)?;
        let mut about = vec![date(self.created_at_ms)];
        if !self.reviewers.is_empty() {
            about.push(format!("reviewers: {}", plain(&self.reviewers.join(", "))));
        }
        writeln!(md, "{}", about.join(" · "))?;
        writeln!(md)?;
        writeln!(md, "Sample: {}.", self.describe_sample())?;
        writeln!(md)?;

        writeln!(md, "## Outcome")?;
        writeln!(md)?;
        let open = self.templates - self.decided;
        let carried = if self.carried_over > 0 {
            format!(
                " ({} carried over from earlier sessions)",
                self.carried_over
            )
        } else {
            String::new()
        };
        let suggested = if self.accepted_suggestions > 0 {
            format!(
                ", {} of them accepted suggestions",
                self.accepted_suggestions
            )
        } else {
            String::new()
        };
        writeln!(
            md,
            "- {} of {} templates decided{carried}{suggested}: {} noise, {} keep, {} signal; {} open.",
            self.decided, self.templates, self.noise, self.keep, self.signal, open
        )?;
        writeln!(
            md,
            "- Noise is {} of the sample's volume ({} of its events).",
            percent(self.noise_byte_share),
            percent(self.noise_event_share)
        )?;
        writeln!(
            md,
            "- Estimated saving: **${} a month** ({} a month not ingested{}).",
            amount(self.monthly_saving_usd),
            volume(self.monthly_bytes_saved),
            if self.sample.window_ms().is_some() {
                ""
            } else {
                "; the sample has no time span, so it is taken as a month"
            }
        )?;
        writeln!(md, "- {}.", self.priced)?;
        let read_noise = self
            .decisions
            .iter()
            .filter(|d| d.verdict == Some(Verdict::Noise) && !d.read_by.is_empty())
            .count();
        if read_noise > 0 {
            writeln!(
                md,
                "- **{read_noise} noise template{} {} read by an alarm's metric, a subscription, \
                 a saved query or a dashboard** (see \"read by\" below): rules dropping them are \
                 refused unless forced.",
                if read_noise == 1 { "" } else { "s" },
                if read_noise == 1 { "is" } else { "are" }
            )?;
        } else if !self.readers_known && self.noise > 0 {
            writeln!(
                md,
                "- What reads these log groups is not known (no pull recorded it, or its \
                 record could not be read): check metric filters and subscriptions before \
                 dropping."
            )?;
        }
        writeln!(md)?;

        if !self.saving_by_owner.is_empty() {
            writeln!(md, "### Saving per owner team")?;
            writeln!(md)?;
            writeln!(
                md,
                "| team | noise templates | volume / month | $ / month |"
            )?;
            writeln!(md, "|---|--:|--:|--:|")?;
            for o in &self.saving_by_owner {
                writeln!(
                    md,
                    "| {} | {} | {} | {} |",
                    o.owner.as_deref().map_or("(no owner)".into(), cell),
                    o.templates,
                    volume(o.monthly_bytes),
                    amount(o.monthly_cost_usd)
                )?;
            }
            writeln!(
                md,
                "| **total** | {} | {} | **{}** |",
                self.noise,
                volume(self.monthly_bytes_saved),
                amount(self.monthly_saving_usd)
            )?;
            writeln!(md)?;
        }

        writeln!(md, "## Decisions")?;
        writeln!(md)?;
        if self.decisions.is_empty() {
            writeln!(md, "None yet.")?;
        } else {
            writeln!(md, "| verdict | template | owner | $ / month | note |")?;
            writeln!(md, "|---|---|---|--:|---|")?;
            for d in &self.decisions {
                let mut note = d.note.as_deref().map(cell).unwrap_or_default();
                if !d.labels.is_empty() {
                    let labels: Vec<String> =
                        d.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    push_clause(&mut note, &format!("labels: {}", cell(&labels.join(", "))));
                }
                if let Some(from) = &d.carried_from {
                    push_clause(&mut note, &format!("carried over from {}", cell(from)));
                }
                if !d.read_by.is_empty() {
                    push_clause(
                        &mut note,
                        &format!("read by: {}", cell(&d.read_by.join("; "))),
                    );
                }
                let verdict = match (d.verdict, d.keep_one_in) {
                    (Some(Verdict::Noise), Some(n)) => format!("noise, keep 1 in {n}"),
                    (v, _) => v.map_or("", Verdict::as_str).to_string(),
                };
                writeln!(
                    md,
                    "| {} | {} | {} | {} | {} |",
                    verdict,
                    template_cell(d),
                    d.owner.as_deref().map(cell).unwrap_or_default(),
                    cost(d),
                    note
                )?;
            }
        }
        writeln!(md)?;

        writeln!(md, "## Open questions")?;
        writeln!(md)?;
        if self.open_questions.is_empty() {
            writeln!(md, "None: every template is decided.")?;
        } else {
            writeln!(
                md,
                "{} template{} undecided, costliest first:",
                self.open_questions.len(),
                if self.open_questions.len() == 1 {
                    ""
                } else {
                    "s"
                }
            )?;
            writeln!(md)?;
            writeln!(md, "| template | events | $ / month | id |")?;
            writeln!(md, "|---|--:|--:|---|")?;
            for q in self.open_questions.iter().take(MAX_OPEN_LISTED) {
                writeln!(
                    md,
                    "| {} | {} | {} | `{}` |",
                    template_cell(q),
                    q.count,
                    cost(q),
                    q.id
                )?;
            }
            let more = self.open_questions.len().saturating_sub(MAX_OPEN_LISTED);
            if more > 0 {
                writeln!(md)?;
                writeln!(
                    md,
                    "…and {more} more (`lognoise session show` lists them all)."
                )?;
            }
        }
        Ok(())
    }

    fn describe_sample(&self) -> String {
        let s = &self.sample;
        let mut parts = Vec::new();
        parts.push(format!(
            "{} events, {}",
            s.events,
            if s.bytes >= 1 << 20 {
                format!("{:.1} MB", s.bytes as f64 / (1 << 20) as f64)
            } else {
                format!("{} bytes", s.bytes)
            }
        ));
        match s.log_groups.len() {
            0 => {}
            1 => parts.push(format!("log group {}", plain(&s.log_groups[0]))),
            n => parts.push(format!(
                "{n} log groups ({})",
                plain(&s.log_groups.join(", "))
            )),
        }
        if let (Some(start), Some(end), Some(ms)) =
            (s.window_start_ms, s.window_end_ms, s.window_ms())
        {
            parts.push(format!(
                "{} to {} ({})",
                date(start),
                date(end),
                duration(ms)
            ));
        }
        parts.push(format!(
            "sampling ratio {}",
            if s.sampling_ratio >= 1.0 {
                "1 (everything)".to_string()
            } else {
                percent(s.sampling_ratio)
            }
        ));
        parts.push(format!("price ${:.2}/GB", self.price_per_gb_usd));
        parts.join(", ")
    }
}

/// The template as code, saying when it stands for a merge or a split's other values.
fn template_cell(r: &SummaryRow) -> String {
    let text = code(&r.text);
    match r.kind {
        RowKind::Merged => format!("{text} (and {} merged into it)", r.merged),
        RowKind::SplitRest => format!("{text} (values not split out)"),
        RowKind::Template | RowKind::SplitPart => text,
    }
}

fn push_clause(note: &mut String, clause: &str) {
    if !note.is_empty() {
        note.push_str("; ");
    }
    note.push_str(clause);
}

fn cost(r: &SummaryRow) -> String {
    format!(
        "{}{}",
        if r.estimated { "≤ " } else { "" },
        amount(r.monthly_cost_usd)
    )
}

fn date(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| ms.to_string())
}

fn duration(ms: i64) -> String {
    let h = ms as f64 / 3_600_000.0;
    if h >= 48.0 {
        format!("{:.1} days", h / 24.0)
    } else if h >= 1.0 {
        format!("{h:.1} h")
    } else {
        format!("{:.1} min", ms as f64 / 60_000.0)
    }
}

fn percent(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// Dollars with cents, or two significant digits below a dollar (small samples give small
/// figures, which should not all read 0.00).
pub fn amount(x: f64) -> String {
    if x == 0.0 || x.abs() >= 0.995 {
        return format!("{x:.2}");
    }
    let digits = (1 - x.abs().log10().floor() as i32).clamp(2, 12) as usize;
    format!("{x:.digits$}")
}

/// Bytes in the largest unit that keeps a digit before the point (binary units, as AWS bills).
pub fn volume(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut v = bytes;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{v:.0} bytes")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// Text outside tables with line breaks made spaces.
fn plain(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Text inside a table cell: no line breaks, `|` escaped.
pub fn cell(s: &str) -> String {
    plain(s).replace('|', "\\|")
}

/// A template as inline code inside a table cell: fenced with more backticks than it holds, `|`
/// escaped (GitHub tables split cells at `|` even inside code).
pub fn code(s: &str) -> String {
    let s = cell(s);
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_text_stays_one_cell() {
        assert_eq!(code("a | b"), "`a \\| b`");
        assert_eq!(code("run `x`"), "`` run `x` ``");
        assert_eq!(cell("two\nlines"), "two lines");
        assert_eq!(amount(1234.567), "1234.57");
        assert_eq!(amount(0.5), "0.50");
        assert_eq!(amount(0.0123), "0.012");
        assert_eq!(amount(0.000_93), "0.00093");
        assert_eq!(amount(0.0), "0.00");
        assert_eq!(volume(512.0), "512 bytes");
        assert_eq!(volume(3.5 * 1024.0 * 1024.0 * 1024.0), "3.5 GB");
    }
}
