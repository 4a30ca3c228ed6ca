//! Turns a group of clusters into one [`Template`]: its text, volume and variable statistics.

use crate::cluster::{Cluster, ShapePiece};
use crate::stats::VariableStats;
use crate::template::{Template, TemplateId, ValueCount, VariableSummary, WILDCARD};

/// One rendered fragment of a token.
enum Fragment {
    Text(String),
    Variable(VariableStats),
}

/// Renders the template of `members` (indices into `clusters`, all of one token count).
pub fn render(clusters: &[Cluster], members: &[u32]) -> Template {
    let first = &clusters[members[0] as usize];
    let n = first.token_count();
    let mut tokens: Vec<Vec<Fragment>> = Vec::with_capacity(n);
    for t in 0..n {
        let same_shape = members.iter().all(|&m| {
            let c = &clusters[m as usize];
            c.token_count() == n && same_token_shape(first, c, t)
        });
        if same_shape {
            tokens.push(render_shared_token(clusters, members, t));
        } else {
            tokens.push(render_differing_token(clusters, members, t));
        }
    }
    let mut text = String::new();
    let mut variables = Vec::new();
    for (i, frags) in tokens.into_iter().enumerate() {
        if i > 0 && !first.glued.get(i).copied().unwrap_or(false) {
            text.push(' ');
        }
        let mut last_was_var = false;
        for f in frags {
            match f {
                Fragment::Text(s) => {
                    text.push_str(&s);
                    last_was_var = false;
                }
                Fragment::Variable(stats) => {
                    if last_was_var {
                        // `<*><*>` reads as one variable; fold the statistics into the first.
                        if let Some(prev) = variables.last_mut() {
                            let prev: &mut VariableStats = prev;
                            prev.merge(&stats);
                        }
                        continue;
                    }
                    text.push_str(WILDCARD);
                    variables.push(stats);
                    last_was_var = true;
                }
            }
        }
    }
    let mut count = 0;
    let mut bytes = 0;
    let mut first_seen: Option<i64> = None;
    let mut last_seen: Option<i64> = None;
    for &m in members {
        let c = &clusters[m as usize];
        count += c.count;
        bytes += c.bytes;
        if let Some(f) = c.first_seen {
            first_seen = Some(first_seen.map_or(f, |x| x.min(f)));
        }
        if let Some(l) = c.last_seen {
            last_seen = Some(last_seen.map_or(l, |x| x.max(l)));
        }
    }
    let examples = examples(clusters, members);
    Template {
        id: TemplateId::of_text(&text),
        text,
        count,
        bytes,
        first_seen,
        last_seen,
        examples,
        variables: variables
            .into_iter()
            .enumerate()
            .map(|(index, s)| VariableSummary {
                index,
                distinct_estimate: s.distinct_estimate(),
                top_values: s
                    .top_values()
                    .into_iter()
                    .map(|(value, count)| ValueCount { value, count })
                    .collect(),
            })
            .collect(),
    }
}

/// Examples of the largest member first, then one from each other member, at most five.
fn examples(clusters: &[Cluster], members: &[u32]) -> Vec<String> {
    let mut order: Vec<u32> = members.to_vec();
    order.sort_by(|a, b| {
        clusters[*b as usize]
            .count
            .cmp(&clusters[*a as usize].count)
            .then(a.cmp(b))
    });
    let mut out = clusters[order[0] as usize].examples.lines();
    out.truncate(1 + crate::stats::RESERVOIR);
    for &m in &order[1..] {
        if out.len() > crate::stats::RESERVOIR {
            break;
        }
        if let Some(l) = clusters[m as usize].examples.lines().into_iter().next() {
            out.push(l);
        }
    }
    out
}

fn same_token_shape(a: &Cluster, b: &Cluster, t: usize) -> bool {
    let (pa, pb) = (a.token(t), b.token(t));
    pa.len() == pb.len()
        && pa.iter().zip(pb).all(|(x, y)| match (x, y) {
            (ShapePiece::Literal(s), ShapePiece::Literal(u)) => s == u,
            (ShapePiece::Variable(_), ShapePiece::Variable(_)) => true,
            (ShapePiece::Weak(_), ShapePiece::Weak(_)) => true,
            _ => false,
        })
}

/// All members have the same shape here: literals stay, weak words become `<*>` when any
/// member saw two values or members disagree on the value.
fn render_shared_token(clusters: &[Cluster], members: &[u32], t: usize) -> Vec<Fragment> {
    let first = &clusters[members[0] as usize];
    let mut out = Vec::new();
    for (k, piece) in first.token(t).iter().enumerate() {
        match piece {
            ShapePiece::Literal(s) => out.push(Fragment::Text(s.to_string())),
            ShapePiece::Variable(_) => {
                let mut stats = VariableStats::default();
                for &m in members {
                    let c = &clusters[m as usize];
                    if let ShapePiece::Variable(slot) = c.token(t)[k] {
                        if let Some(s) = c.variables.get(slot as usize) {
                            stats.merge(s);
                        }
                    }
                }
                out.push(Fragment::Variable(stats));
            }
            ShapePiece::Weak(w0) => {
                let first_value = &first.weak[*w0 as usize].first;
                let mut varies = false;
                let mut stats = VariableStats::default();
                for &m in members {
                    let c = &clusters[m as usize];
                    if let ShapePiece::Weak(slot) = c.token(t)[k] {
                        let ws = &c.weak[slot as usize];
                        varies |= ws.varies || ws.first != *first_value;
                        if let Some(s) = c.weak_values.get(slot as usize) {
                            stats.merge(s);
                        }
                    }
                }
                if varies {
                    out.push(Fragment::Variable(stats));
                } else {
                    out.push(Fragment::Text(first_value.to_string()));
                }
            }
        }
    }
    out
}

/// The text a single cluster shows for token `t` (weak words by their first value).
fn token_text(c: &Cluster, t: usize) -> String {
    let mut s = String::new();
    for p in c.token(t) {
        match p {
            ShapePiece::Literal(l) => s.push_str(l),
            ShapePiece::Variable(_) => s.push_str(WILDCARD),
            ShapePiece::Weak(w) => s.push_str(&c.weak[*w as usize].first),
        }
    }
    s
}

/// Members differ here: keep the common punctuation around the word, the rest is `<*>`.
fn render_differing_token(clusters: &[Cluster], members: &[u32], t: usize) -> Vec<Fragment> {
    let texts: Vec<String> = members
        .iter()
        .map(|&m| token_text(&clusters[m as usize], t))
        .collect();
    let (prefix, suffix) = common_affixes(&texts);
    let mut stats = VariableStats::default();
    for (text, &m) in texts.iter().zip(members) {
        let c = &clusters[m as usize];
        let core = &text[prefix.len()..text.len() - suffix.len()];
        stats.observe_weighted(core, c.count);
    }
    let mut out = Vec::new();
    if !prefix.is_empty() {
        out.push(Fragment::Text(prefix));
    }
    out.push(Fragment::Variable(stats));
    if !suffix.is_empty() {
        out.push(Fragment::Text(suffix));
    }
    out
}

/// Longest common prefix and suffix of `texts` that end and start at a word boundary, so that
/// `user=alice` / `user=bob` keep `user=` and `CONTAINER_A` / `CONTAINER_B` keep nothing.
fn common_affixes(texts: &[String]) -> (String, String) {
    let first = texts[0].as_bytes();
    let mut p = first.len();
    for t in &texts[1..] {
        p = p.min(
            first
                .iter()
                .zip(t.as_bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 || c == b'*';
    while p > 0 && is_word(first[p - 1]) {
        p -= 1;
    }
    while p > 0 && !texts[0].is_char_boundary(p) {
        p -= 1;
    }
    let min_len = texts.iter().map(String::len).min().unwrap_or(0);
    let mut s = first.len();
    for t in &texts[1..] {
        s = s.min(
            first
                .iter()
                .rev()
                .zip(t.as_bytes().iter().rev())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    s = s.min(min_len.saturating_sub(p));
    while s > 0 && is_word(first[first.len() - s]) {
        s -= 1;
    }
    while s > 0 && !texts[0].is_char_boundary(first.len() - s) {
        s -= 1;
    }
    let prefix = texts[0][..p].to_string();
    let suffix = texts[0][first.len() - s..].to_string();
    (prefix, suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aff(v: &[&str]) -> (String, String) {
        common_affixes(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn affixes_stop_at_word_boundaries() {
        assert_eq!(
            aff(&["user=alice", "user=bob"]),
            ("user=".into(), "".into())
        );
        assert_eq!(aff(&["CONTAINER_A", "CONTAINER_B"]), ("".into(), "".into()));
        assert_eq!(aff(&["'cyrus'", "'root'"]), ("'".into(), "'".into()));
        assert_eq!(aff(&["(a)", "(ab)"]), ("(".into(), ")".into()));
    }
}
