//! The verification of last meeting's rules as a Markdown section, for the meeting summary
//! (`lognoise session summary --previous-workspace`) and the app's Summary screen: both print
//! this text, so the notes read the same wherever they were made.

use crate::verify::{MonthlyVolume, Verification};
use lognoise_session::{format_usd, markdown_cell, markdown_code};
use std::fmt::Write;

impl Verification {
    /// The section "Last meeting's rules": the saving realised against the one projected, per
    /// owner team and in total; each rule's volume then and now with the drop expected and
    /// observed, and where it leaks; kept or signal templates that shrank.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_markdown(&mut md);
        md
    }

    fn write_markdown(&self, md: &mut String) -> std::fmt::Result {
        writeln!(md, "## Last meeting's rules")?;
        writeln!(md)?;
        writeln!(
            md,
            "The rules of session {} checked on this sample ({} events).",
            markdown_cell(&self.previous),
            self.events_now
        )?;
        writeln!(md)?;
        if self.rules.is_empty() {
            writeln!(
                md,
                "That session marked no template noise: no rule to check."
            )?;
            return Ok(());
        }
        if self.priced {
            writeln!(
                md,
                "- Realised saving: **${} a month** of ${} projected.",
                format_usd(self.total.realised_usd),
                format_usd(self.total.projected_usd)
            )?;
        } else {
            writeln!(
                md,
                "- No monthly figures: a sample without a time window cannot be extrapolated."
            )?;
        }
        let leaking = self.rules.iter().filter(|r| !r.leaks.is_empty()).count();
        writeln!(
            md,
            "- {} of {} rules still match lines here (not deployed there, or the template changed).",
            leaking,
            self.rules.len()
        )?;
        writeln!(
            md,
            "- {} kept or signal template{} shrank below half (something may drop {}).",
            self.shrunk.len(),
            if self.shrunk.len() == 1 { "" } else { "s" },
            if self.shrunk.len() == 1 { "it" } else { "them" }
        )?;
        writeln!(md)?;
        if self.priced && !self.owners.is_empty() {
            writeln!(md, "| team | realised $ / month | projected $ / month |")?;
            writeln!(md, "|---|--:|--:|")?;
            for o in &self.owners {
                writeln!(
                    md,
                    "| {} | {} | {} |",
                    o.owner
                        .as_deref()
                        .map_or("(no owner)".into(), markdown_cell),
                    format_usd(o.realised_usd),
                    format_usd(o.projected_usd)
                )?;
            }
            writeln!(md)?;
        }
        writeln!(
            md,
            "| rule | owner | then $ / month | now $ / month | drop expected | observed | still matching in |"
        )?;
        writeln!(md, "|---|---|--:|--:|--:|--:|---|")?;
        for r in &self.rules {
            let leaks: Vec<String> = r.leaks.iter().map(|l| markdown_cell(&l.place())).collect();
            writeln!(
                md,
                "| {} | {} | {} | {} | {:.0}% | {} | {} |",
                markdown_code(&r.template),
                r.owner.as_deref().map(markdown_cell).unwrap_or_default(),
                dollars(&r.then),
                dollars(&r.now),
                r.expected_drop * 100.0,
                r.observed_drop
                    .map_or_else(|| "-".to_string(), |d| format!("{:.0}%", d * 100.0)),
                leaks.join(", ")
            )?;
        }
        self.write_shrunk(md)
    }

    fn write_shrunk(&self, md: &mut String) -> std::fmt::Result {
        if !self.shrunk.is_empty() {
            writeln!(md)?;
            writeln!(md, "Kept or signal templates that shrank below half:")?;
            writeln!(md)?;
            writeln!(md, "| verdict | template | lines then | lines now |")?;
            writeln!(md, "|---|---|--:|--:|")?;
            for s in &self.shrunk {
                writeln!(
                    md,
                    "| {} | {} | {} | {} |",
                    markdown_cell(&s.verdict),
                    markdown_code(&s.text),
                    s.then.lines,
                    s.now.lines
                )?;
            }
        }
        Ok(())
    }
}

fn dollars(v: &MonthlyVolume) -> String {
    v.monthly_cost_usd
        .map_or_else(|| "-".to_string(), format_usd)
}
