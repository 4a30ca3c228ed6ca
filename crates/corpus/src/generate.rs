//! Turning a set's statements into a stream of lines, each with the template that printed it.

use crate::clock::Clock;
use crate::error::Result;
use crate::statement::{Segment, Statement};
use crate::values::Context;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One format family's log statements.
#[derive(Clone, Debug)]
pub struct FormatSet {
    name: String,
    about: String,
    statements: Vec<Statement>,
}

impl FormatSet {
    /// A set from its table: `(weight, statement text)` pairs, placeholders as `${kind}`.
    pub fn new(name: &str, about: &str, table: &[(u32, String)]) -> Result<FormatSet> {
        let statements = table
            .iter()
            .map(|(weight, text)| Statement::parse(name, *weight, text))
            .collect::<Result<Vec<_>>>()?;
        Ok(FormatSet {
            name: name.to_string(),
            about: about.to_string(),
            statements,
        })
    }

    /// The folder name the set is written under.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What formats the set holds, one line.
    pub fn about(&self) -> &str {
        &self.about
    }

    /// Its statements.
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    /// Every distinct line template of the set, in table order; a template's position gives
    /// its event id (`E1` first).
    pub fn templates(&self) -> Vec<String> {
        let mut seen = Vec::new();
        for statement in &self.statements {
            for line in statement.lines() {
                let template = line.template();
                if !seen.contains(&template) {
                    seen.push(template);
                }
            }
        }
        seen
    }
}

/// A generated line and the truth template of the statement that printed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelledLine {
    /// The raw line, header included.
    pub line: String,
    /// Its template, values written `<*>`.
    pub template: String,
}

/// Generates `lines` lines of `set` from `seed`. Every statement is printed at least once when
/// there is room; the rest of the volume follows the weights, so a few statements are loud and
/// many are rare. The same set, count and seed always give the same lines.
pub fn generate(set: &FormatSet, lines: usize, seed: u64) -> Result<Vec<LabelledLine>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ name_hash(set.name()));
    let order = record_order(set, lines, &mut rng);
    let start = rng.random_range(0..6 * 3_600);
    let mut cx = Context {
        rng,
        clock: Clock::starting_at(start)?,
    };
    let mut out = Vec::with_capacity(lines);
    for index in order {
        let statement = &set.statements[index];
        let gap = if cx.rng.random_bool(0.7) {
            cx.rng.random_range(100_000..200_000_000)
        } else {
            cx.rng.random_range(200_000_000..3_000_000_000)
        };
        cx.clock.advance(gap)?;
        for shape in statement.lines() {
            if out.len() == lines {
                return Ok(out);
            }
            let mut line = String::new();
            for segment in shape.segments() {
                match segment {
                    Segment::Text(t) => line.push_str(t),
                    Segment::Value(kind) => line.push_str(&kind.generate(&mut cx)),
                }
            }
            out.push(LabelledLine {
                line,
                template: shape.template(),
            });
            cx.clock.advance(cx.rng.random_range(1_000..90_000))?;
        }
    }
    Ok(out)
}

/// The statements in the order they print: each once, then weighted picks until the records
/// hold `lines` lines, shuffled.
fn record_order(set: &FormatSet, lines: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let statements = set.statements();
    let total_weight: u64 = statements.iter().map(|s| u64::from(s.weight())).sum();
    if statements.is_empty() || total_weight == 0 {
        return Vec::new();
    }
    let mut order = Vec::new();
    let mut physical = 0;
    for (i, s) in statements.iter().enumerate() {
        if physical >= lines {
            break;
        }
        order.push(i);
        physical += s.lines().len();
    }
    while physical < lines {
        let mut roll = rng.random_range(0..total_weight);
        let mut chosen = statements.len() - 1;
        for (i, s) in statements.iter().enumerate() {
            let w = u64::from(s.weight());
            if roll < w {
                chosen = i;
                break;
            }
            roll -= w;
        }
        order.push(chosen);
        physical += statements[chosen].lines().len();
    }
    order.shuffle(rng);
    order
}

/// FNV-1a of the set's name: each set draws its own stream, so adding a set leaves the others'
/// lines unchanged.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Result<FormatSet> {
        FormatSet::new(
            "Tiny",
            "test",
            &[
                (50, "${iso_ms} loud ${order_id}".to_string()),
                (1, "${iso_ms} rare ${reason}\n  detail line".to_string()),
            ],
        )
    }

    #[test]
    fn exact_line_count_and_every_statement_present() -> Result<()> {
        let set = tiny()?;
        let lines = generate(&set, 200, 7)?;
        assert_eq!(lines.len(), 200);
        assert!(lines.iter().any(|l| l.template == "<*> rare <*>"));
        let loud = lines
            .iter()
            .filter(|l| l.template == "<*> loud <*>")
            .count();
        assert!(loud > 150, "weights skew the volume, got {loud} loud lines");
        Ok(())
    }

    #[test]
    fn a_record_keeps_its_lines_together() -> Result<()> {
        let set = tiny()?;
        let lines = generate(&set, 300, 3)?;
        for (i, l) in lines.iter().enumerate() {
            if l.template == "  detail line" {
                assert_eq!(lines[i - 1].template, "<*> rare <*>");
            }
        }
        Ok(())
    }
}
