//! Turns a group of clusters into one [`Template`]: its text, volume and variable statistics.

use crate::cluster::{Cluster, ShapePiece};
use crate::stats::VariableStats;
use crate::template::{Template, TemplateId, ValueCount, VariableSummary, WILDCARD};

/// One rendered fragment of a token.
enum Fragment {
    Text(String),
    Variable(VariableStats),
}

/// Renders the template of `members` (indices into `clusters`). Members of one token count
/// are compared position by position; members of different lengths (a variable that spans a
/// different number of words in each) share a prefix and a suffix around one variable.
pub fn render(clusters: &[Cluster], members: &[u32]) -> Template {
    let first = &clusters[members[0] as usize];
    let n = first.token_count();
    let same_length = members
        .iter()
        .all(|&m| clusters[m as usize].token_count() == n);
    let mut tokens: Vec<Vec<Fragment>> = Vec::with_capacity(n);
    let mut glued: Vec<bool> = Vec::with_capacity(n);
    if same_length {
        let mut t = 0;
        while t < n {
            // Neighbouring positions where members differ are one multi-word variable
            // (`Payment declined: <*>`), not a row of `<*> <*>`.
            let mut e = t;
            while e < n && !position_shared(clusters, members, e) {
                e += 1;
            }
            if e - t >= 2 {
                tokens.push(render_span(clusters, members, &|_: &Cluster| t..e));
                glued.push(first.glued.get(t).copied().unwrap_or(false));
                t = e;
                continue;
            }
            let at = |_: &Cluster| t;
            tokens.push(render_position(clusters, members, &at));
            glued.push(first.glued.get(t).copied().unwrap_or(false));
            t += 1;
        }
    } else if let Some(aligned) = align(clusters, members) {
        // Where each member sits in `members`, looked up once per member and position.
        let index_of: rustc_hash::FxHashMap<*const Cluster, usize> = members
            .iter()
            .enumerate()
            .map(|(i, &m)| (&clusters[m as usize] as *const Cluster, i))
            .collect();
        // Tokens every member has, in order, stay; what lies between them in any member is a
        // variable (`<*> bytes sent` / `<*> sent` around a size printed with or without its
        // unit), so a template keeps its words wherever its lines vary in length.
        for part in aligned {
            match part {
                Part::Anchor(at) => {
                    let pos = |c: &Cluster| at[member_index(&index_of, c)];
                    tokens.push(render_position(clusters, members, &pos));
                    glued.push(first.glued.get(at[0]).copied().unwrap_or(false));
                }
                Part::Gap(ranges) => {
                    let range = |c: &Cluster| ranges[member_index(&index_of, c)].clone();
                    tokens.push(render_span(clusters, members, &range));
                    glued.push(first.glued.get(ranges[0].start).copied().unwrap_or(false));
                }
            }
        }
    } else {
        let (prefix, suffix) = span_bounds(clusters, members);
        for t in 0..prefix {
            let at = |_: &Cluster| t;
            tokens.push(render_position(clusters, members, &at));
            glued.push(first.glued.get(t).copied().unwrap_or(false));
        }
        tokens.push(render_span(clusters, members, &|c: &Cluster| {
            prefix..c.token_count() - suffix
        }));
        glued.push(first.glued.get(prefix).copied().unwrap_or(false));
        for j in (0..suffix).rev() {
            let at = |c: &Cluster| c.token_count() - 1 - j;
            tokens.push(render_position(clusters, members, &at));
            glued.push(first.glued.get(n - 1 - j).copied().unwrap_or(false));
        }
    }
    let mut text = String::new();
    let mut variables = Vec::new();
    for (i, frags) in tokens.into_iter().enumerate() {
        if i > 0 && !glued.get(i).copied().unwrap_or(false) {
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
    let mut levels: Vec<ValueCount> = Vec::new();
    for &m in members {
        for (name, n) in &clusters[m as usize].levels {
            match levels.iter_mut().find(|v| *v.value == **name) {
                Some(v) => v.count += n,
                None => levels.push(ValueCount {
                    value: name.to_string(),
                    count: *n,
                }),
            }
        }
    }
    levels.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    Template {
        id: TemplateId::of_text(&text),
        text,
        count,
        bytes,
        first_seen,
        last_seen,
        examples,
        levels,
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

/// Token index of a member for one template position.
type At<'a> = dyn Fn(&Cluster) -> usize + 'a;

/// Renders one template position: shared shape piece by piece, or a variable with the common
/// punctuation around it when members differ there.
fn render_position(clusters: &[Cluster], members: &[u32], at: &At<'_>) -> Vec<Fragment> {
    let first = &clusters[members[0] as usize];
    let t0 = at(first);
    let same_shape = members.iter().all(|&m| {
        let c = &clusters[m as usize];
        same_token_shape(first, t0, c, at(c))
    });
    if same_shape {
        render_shared_token(clusters, members, at)
    } else {
        render_differing_token(clusters, members, at)
    }
}

/// True when every member has the same shape at position `t` (all of one length).
fn position_shared(clusters: &[Cluster], members: &[u32], t: usize) -> bool {
    let first = &clusters[members[0] as usize];
    members
        .iter()
        .all(|&m| same_token_shape(first, t, &clusters[m as usize], t))
}

/// Most token comparisons [`align`] makes before it gives up for the simpler prefix and suffix
/// around one variable: lines of thousands of tokens must not make a snapshot slow.
const MAX_ALIGN_WORK: usize = 1 << 20;

/// Most tokens a gap between anchors may have in any member for the anchors around it to be
/// taken for template text, when another gap lies on their other side.
const MAX_SHORT_GAP: usize = 3;

/// One stretch of a template whose members differ in length.
enum Part {
    /// A token every member has: its index in each member, in member order.
    Anchor(Vec<usize>),
    /// Tokens between anchors, at least one in every member: the range in each member.
    Gap(Vec<std::ops::Range<usize>>),
}

/// The index in `members` of the cluster `c`, from the map of their addresses.
fn member_index(index_of: &rustc_hash::FxHashMap<*const Cluster, usize>, c: &Cluster) -> usize {
    index_of.get(&(c as *const Cluster)).copied().unwrap_or(0)
}

/// Aligns members of different lengths on the tokens of the first member that every member
/// has in the same order (a longest common subsequence per member, kept where all agree).
/// A gap that is empty in some member but not in others takes in the anchor before it, so that
/// every gap has a token in every member. `None` when the work would be too much.
fn align(clusters: &[Cluster], members: &[u32]) -> Option<Vec<Part>> {
    let first = &clusters[members[0] as usize];
    let n = first.token_count();
    let work: usize = members
        .iter()
        .map(|&m| n * clusters[m as usize].token_count())
        .sum();
    if work > MAX_ALIGN_WORK {
        return None;
    }
    // at[k][i]: member i's token for the first member's token k, when all members have it.
    let mut at: Vec<Option<Vec<usize>>> = (0..n).map(|k| Some(vec![k])).collect();
    for &m in &members[1..] {
        let c = &clusters[m as usize];
        let matched = lcs(first, c);
        for (k, slot) in at.iter_mut().enumerate() {
            match (slot.as_mut(), matched[k]) {
                (Some(v), Some(j)) => v.push(j),
                _ => *slot = None,
            }
        }
    }
    let mut anchors: Vec<(usize, Vec<usize>)> = at
        .into_iter()
        .enumerate()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    let lens: Vec<usize> = members
        .iter()
        .map(|&m| clusters[m as usize].token_count())
        .collect();
    // Gap g lies before anchor g (the last one after every anchor); it is empty in member i
    // when the anchors around it are neighbours there.
    let gap = |anchors: &[(usize, Vec<usize>)], g: usize, i: usize| {
        let start = if g == 0 { 0 } else { anchors[g - 1].1[i] + 1 };
        let end = anchors.get(g).map_or(lens[i], |a| a.1[i]);
        start..end
    };
    loop {
        let uneven = (0..=anchors.len()).find(|&g| {
            let empty = (0..members.len())
                .filter(|&i| gap(&anchors, g, i).is_empty())
                .count();
            empty > 0 && empty < members.len()
        });
        match uneven {
            None => break,
            Some(g) if g > 0 => {
                anchors.remove(g - 1);
            }
            Some(g) if g < anchors.len() => {
                anchors.remove(g);
            }
            Some(_) => return None,
        }
    }
    // A token that two gaps share by chance inside long free text (`t` in two SQL statements)
    // is part of the text: an anchor between two gaps, one of them long, joins them.
    let long = |anchors: &[(usize, Vec<usize>)], g: usize| {
        (0..members.len()).any(|i| gap(anchors, g, i).len() > MAX_SHORT_GAP)
    };
    while let Some(k) = (0..anchors.len()).find(|&k| {
        let (before, after) = (gap(&anchors, k, 0), gap(&anchors, k + 1, 0));
        !before.is_empty() && !after.is_empty() && (long(&anchors, k) || long(&anchors, k + 1))
    }) {
        anchors.remove(k);
    }
    let mut parts = Vec::new();
    for g in 0..=anchors.len() {
        let ranges: Vec<_> = (0..members.len()).map(|i| gap(&anchors, g, i)).collect();
        if !ranges[0].is_empty() {
            parts.push(Part::Gap(ranges));
        }
        if let Some((_, at)) = anchors.get(g) {
            parts.push(Part::Anchor(at.clone()));
        }
    }
    Some(parts)
}

/// For each token of `a`, the token of `b` it is paired with in a longest common subsequence
/// of tokens of the same shape (ties go to the earliest pairing, so the result is stable).
fn lcs(a: &Cluster, b: &Cluster) -> Vec<Option<usize>> {
    let (n, m) = (a.token_count(), b.token_count());
    // len[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut len = vec![0u32; (n + 1) * (m + 1)];
    let idx = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[idx(i, j)] = if same_token_shape(a, i, b, j) {
                len[idx(i + 1, j + 1)] + 1
            } else {
                len[idx(i + 1, j)].max(len[idx(i, j + 1)])
            };
        }
    }
    let mut out = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if same_token_shape(a, i, b, j) && len[idx(i, j)] == len[idx(i + 1, j + 1)] + 1 {
            out[i] = Some(j);
            i += 1;
            j += 1;
        } else if len[idx(i + 1, j)] >= len[idx(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Longest prefix and suffix (in tokens) on which every member has the same shape, leaving
/// at least one token of middle in every member.
fn span_bounds(clusters: &[Cluster], members: &[u32]) -> (usize, usize) {
    let first = &clusters[members[0] as usize];
    let min_len = members
        .iter()
        .map(|&m| clusters[m as usize].token_count())
        .min()
        .unwrap_or(0);
    let mut prefix = 0;
    while prefix < min_len
        && members.iter().all(|&m| {
            let c = &clusters[m as usize];
            same_token_shape(first, prefix, c, prefix)
        })
    {
        prefix += 1;
    }
    let mut suffix = 0;
    while prefix + suffix < min_len
        && members.iter().all(|&m| {
            let c = &clusters[m as usize];
            same_token_shape(
                first,
                first.token_count() - 1 - suffix,
                c,
                c.token_count() - 1 - suffix,
            )
        })
    {
        suffix += 1;
    }
    // Every member needs a middle: give back shared tokens until the shortest has one.
    while prefix + suffix >= min_len {
        if prefix > 0 {
            prefix -= 1;
        } else if suffix > 0 {
            suffix -= 1;
        } else {
            break;
        }
    }
    (prefix, suffix)
}

/// The middle of members of different lengths: one variable, with the punctuation that every
/// member's middle starts and ends with (`"<*>",`).
fn render_span(
    clusters: &[Cluster],
    members: &[u32],
    range: &dyn Fn(&Cluster) -> std::ops::Range<usize>,
) -> Vec<Fragment> {
    let texts: Vec<String> = members
        .iter()
        .map(|&m| {
            let c = &clusters[m as usize];
            range(c)
                .map(|t| token_text(c, t))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    variable_between_affixes(clusters, members, &texts)
}

fn same_token_shape(a: &Cluster, ta: usize, b: &Cluster, tb: usize) -> bool {
    let (pa, pb) = (a.token(ta), b.token(tb));
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
fn render_shared_token(clusters: &[Cluster], members: &[u32], at: &At<'_>) -> Vec<Fragment> {
    let first = &clusters[members[0] as usize];
    let mut out = Vec::new();
    for (k, piece) in first.token(at(first)).iter().enumerate() {
        match piece {
            ShapePiece::Literal(s) => out.push(Fragment::Text(s.to_string())),
            ShapePiece::Variable(_) => {
                let mut stats = VariableStats::default();
                for &m in members {
                    let c = &clusters[m as usize];
                    if let ShapePiece::Variable(slot) = c.token(at(c))[k] {
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
                    if let ShapePiece::Weak(slot) = c.token(at(c))[k] {
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
fn render_differing_token(clusters: &[Cluster], members: &[u32], at: &At<'_>) -> Vec<Fragment> {
    let texts: Vec<String> = members
        .iter()
        .map(|&m| {
            let c = &clusters[m as usize];
            token_text(c, at(c))
        })
        .collect();
    variable_between_affixes(clusters, members, &texts)
}

/// One variable standing for `texts` (one per member), with their common punctuation around it.
fn variable_between_affixes(
    clusters: &[Cluster],
    members: &[u32],
    texts: &[String],
) -> Vec<Fragment> {
    // Variables already in the texts are one opaque character while affixes are found, so
    // the `>` of a `<*>` is never taken for punctuation the members share.
    const OPAQUE: char = '\u{0}';
    let opaque: Vec<String> = texts.iter().map(|t| t.replace(WILDCARD, "\u{0}")).collect();
    let (prefix, suffix) = common_affixes(&opaque);
    let mut stats = VariableStats::default();
    for (text, &m) in opaque.iter().zip(members) {
        let c = &clusters[m as usize];
        let core = &text[prefix.len()..text.len() - suffix.len()];
        stats.observe_weighted(&core.replace(OPAQUE, WILDCARD), c.count);
    }
    // A variable at the edge of the shared text is absorbed by the new one.
    let prefix = prefix.trim_end_matches(OPAQUE).replace(OPAQUE, WILDCARD);
    let suffix = suffix.trim_start_matches(OPAQUE).replace(OPAQUE, WILDCARD);
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
#[allow(clippy::unwrap_used, clippy::expect_used)]
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
