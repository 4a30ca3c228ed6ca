//! The templates nearest to a line or to another template, by text similarity.
//!
//! Template texts are put in a small tantivy index of their own (with `<*>` removed, split by
//! the same [`LogTokenizer`] as messages). A question is first made a template: a line is mined
//! alone with the default miner (so its header goes and its ids, numbers and addresses become
//! `<*>`), and a text that already holds `<*>` is taken as a template as it is. BM25 over the
//! question's constant words picks candidates, and each candidate is scored by how its words
//! line up with the question's:
//!
//! - **alignment**: the best order-keeping alignment of the two word sequences, where equal
//!   words score 1, `<*>` against `<*>` scores 1, and `<*>` (or a word like `id=<*>`) against a
//!   constant word it could stand for scores 1/2; the total is divided by the mean length, so
//!   identical templates score 1 and each extra or changed word costs a little;
//! - **constant words**: the Jaccard index of the two sets of constant words (lower case).
//!
//! The score is the mean of the two, from 0 (nothing shared) to 1 (the same template).
//!
//! The index is built in memory from the templates file when [`TemplateIndex::new`] is called:
//! the templates file is the one place templates live, so this index can never fall out of step
//! with it, and building it takes a few milliseconds for the hundreds to thousands of templates a
//! workspace holds. Keep a [`TemplateIndex`] to ask many questions.

use crate::schema::LOG_TOKENIZER;
use crate::tokenizer::LogTokenizer;
use crate::{Error, Result};
use lognoise_miner::{Miner, MinerConfig, Template, TemplateId, WILDCARD};
use lognoise_workspace::Workspace;
use rustc_hash::FxHashSet;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, STORED,
};
use tantivy::tokenizer::{TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, TantivyDocument, Term};

/// Candidates BM25 hands to the rescoring, at least.
const MIN_CANDIDATES: usize = 200;
/// Words of a template compared; longer templates are compared by their start.
const MAX_WORDS: usize = 256;
/// Memory of the writer that indexes the template texts (tantivy's minimum for one thread).
const WRITER_MEMORY: usize = 15_000_000;

/// A template near the question.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NearTemplate {
    /// Template id.
    pub id: TemplateId,
    /// Template text.
    pub text: String,
    /// Similarity, 0 (nothing shared) to 1 (the same template).
    pub score: f32,
    /// Events of the template.
    pub count: u64,
}

/// Template texts indexed for [`TemplateIndex::nearest`].
pub struct TemplateIndex {
    templates: Vec<(TemplateId, String, u64)>,
    words: Vec<Words>,
    reader: IndexReader,
    text: Field,
    ord: Field,
}

impl TemplateIndex {
    /// Indexes `templates` (for instance `ws.templates().templates()`, or the templates of an
    /// earlier mining whose review decisions are to be carried over).
    pub fn new(templates: &[Template]) -> Result<TemplateIndex> {
        let mut b = Schema::builder();
        let text = b.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(LOG_TOKENIZER)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        );
        let ord = b.add_u64_field("ord", FAST | STORED);
        let mut index = Index::create_in_ram(b.build());
        index.set_tokenizers(crate::schema::tokenizers(false));
        let mut writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        for (i, t) in templates.iter().enumerate() {
            let mut d = TantivyDocument::new();
            d.add_text(text, t.text.replace(WILDCARD, " "));
            d.add_u64(ord, i as u64);
            writer.add_document(d)?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        Ok(TemplateIndex {
            templates: templates
                .iter()
                .map(|t| (t.id, t.text.clone(), t.count))
                .collect(),
            words: templates.iter().map(|t| Words::of(&t.text)).collect(),
            reader,
            text,
            ord,
        })
    }

    /// Templates indexed.
    pub fn len(&self) -> usize {
        self.templates.len()
    }

    /// Whether no template is indexed.
    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    /// The `limit` templates nearest to `text` (a log line, or a template with `<*>`), best
    /// first; ties go to the template with more events.
    pub fn nearest(&self, text: &str, limit: usize) -> Result<Vec<NearTemplate>> {
        let question = question_template(text);
        self.nearest_to_template(&question, limit)
    }

    /// As [`TemplateIndex::nearest`], for a template text taken as it is.
    pub fn nearest_to_template(&self, template: &str, limit: usize) -> Result<Vec<NearTemplate>> {
        if limit == 0 || self.templates.is_empty() {
            return Ok(Vec::new());
        }
        let asked = Words::of(template);
        let candidates = self.candidates(template, limit.saturating_mul(20).max(MIN_CANDIDATES))?;
        let mut scored: Vec<(f32, usize)> = candidates
            .into_iter()
            .map(|i| (similarity(&asked, &self.words[i]), i))
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| self.templates[b.1].2.cmp(&self.templates[a.1].2))
                .then_with(|| self.templates[a.1].1.cmp(&self.templates[b.1].1))
        });
        scored.truncate(limit);
        Ok(scored
            .into_iter()
            .map(|(score, i)| {
                let (id, text, count) = &self.templates[i];
                NearTemplate {
                    id: *id,
                    text: text.clone(),
                    score,
                    count: *count,
                }
            })
            .collect())
    }

    /// Positions of the templates BM25 ranks best for the question's constant words; every
    /// template (up to `k`) when the question has none.
    fn candidates(&self, template: &str, k: usize) -> Result<Vec<usize>> {
        let terms = query_terms(template);
        if terms.is_empty() {
            return Ok((0..self.templates.len().min(k)).collect());
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> = terms
            .into_iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.text, &t),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, q)
            })
            .collect();
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(k).order_by_score())?;
        let mut out = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(i) = doc.get_first(self.ord).and_then(|v| v.as_u64()) {
                if (i as usize) < self.templates.len() {
                    out.push(i as usize);
                }
            }
        }
        Ok(out)
    }
}

/// The templates of the workspace nearest to `text` (a log line, or a template with `<*>`),
/// best first. Builds a [`TemplateIndex`]; keep one to ask many questions.
pub fn nearest_templates(ws: &Workspace, text: &str, limit: usize) -> Result<Vec<NearTemplate>> {
    let templates = ws.templates().templates();
    if templates.is_empty() {
        return Err(Error::Empty {
            path: ws.root().to_path_buf(),
        });
    }
    TemplateIndex::new(templates)?.nearest(text, limit)
}

/// The template a question stands for: a text with `<*>` as it is (white space made single),
/// a line as the default miner renders it alone.
pub fn question_template(text: &str) -> String {
    let text = text.trim();
    if text.contains(WILDCARD) {
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut miner = Miner::new(MinerConfig::default());
    miner.ingest(text);
    miner
        .snapshot()
        .into_templates()
        .into_iter()
        .next()
        .map(|t| t.text)
        .unwrap_or_default()
}

/// The index terms of a template's constant text, once each.
fn query_terms(template: &str) -> Vec<String> {
    let text = template.replace(WILDCARD, " ");
    let mut tokenizer = LogTokenizer::index();
    let mut stream = tokenizer.token_stream(&text);
    let mut seen = FxHashSet::default();
    let mut out = Vec::new();
    while stream.advance() {
        let t = &stream.token().text;
        if seen.insert(t.clone()) {
            out.push(t.clone());
        }
    }
    out
}

/// One word of a template, as compared.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Word {
    /// Constant text, lower case.
    Constant(String),
    /// `<*>` alone.
    Any,
    /// Constant text around variables (`id=<*>`, `<*>ms`), lower case, each variable marked
    /// by [`VARIABLE`].
    Pattern(String),
}

/// The words of a template and its set of constant words.
#[derive(Clone, Debug, Default)]
struct Words {
    seq: Vec<Word>,
    constants: FxHashSet<String>,
}

/// Stands for `<*>` inside a word while templates are split into words.
const VARIABLE: char = '\u{1}';

impl Words {
    /// Splits a template at white space and at the quotes, brackets and separators that wrap
    /// values (so JSON templates, which have no spaces, still have words); pieces with no
    /// letter, digit or variable are left out.
    fn of(template: &str) -> Words {
        let marked = template.replace(WILDCARD, &VARIABLE.to_string());
        let mut w = Words::default();
        let pieces = marked
            .split(|c: char| c.is_whitespace() || is_wrapper(c))
            .filter(|p| p.chars().any(|c| c.is_alphanumeric() || c == VARIABLE))
            .take(MAX_WORDS);
        for word in pieces {
            let lower = word.to_lowercase();
            if word.len() == VARIABLE.len_utf8() && word.starts_with(VARIABLE) {
                w.seq.push(Word::Any);
            } else if word.contains(VARIABLE) {
                w.seq.push(Word::Pattern(lower));
            } else {
                w.constants.insert(lower.clone());
                w.seq.push(Word::Constant(lower));
            }
        }
        w
    }
}

/// Characters that wrap values rather than belong to them.
fn is_wrapper(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '`' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | ',' | ';' | '|'
    )
}

/// How well two words line up: 1 when they are the same, 1/2 when one is a variable that
/// could stand for the other, 0 otherwise.
fn word_match(a: &Word, b: &Word) -> f32 {
    match (a, b) {
        (Word::Any, Word::Any) => 1.0,
        (Word::Any, _) | (_, Word::Any) => 0.5,
        (Word::Constant(x), Word::Constant(y)) | (Word::Pattern(x), Word::Pattern(y)) => {
            if x == y {
                1.0
            } else {
                0.0
            }
        }
        (Word::Pattern(p), Word::Constant(c)) | (Word::Constant(c), Word::Pattern(p)) => {
            if pattern_matches(p, c) {
                0.5
            } else {
                0.0
            }
        }
    }
}

/// Whether `text` reads as `pattern` with each variable standing for at least one character.
fn pattern_matches(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split(VARIABLE).collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    if !text.starts_with(first) || text.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &text[first.len()..];
    for (k, part) in parts.iter().enumerate().skip(1) {
        if k == parts.len() - 1 {
            return rest.len() > part.len() && rest.ends_with(part);
        }
        // A variable takes at least one character, then the next constant part.
        let Some(found) = rest
            .char_indices()
            .nth(1)
            .and_then(|(skip, _)| rest[skip..].find(part).map(|f| f + skip))
        else {
            return false;
        };
        rest = &rest[found + part.len()..];
    }
    true
}

/// Similarity of two templates, 0 to 1; see the module documentation.
fn similarity(a: &Words, b: &Words) -> f32 {
    if a.seq.is_empty() && b.seq.is_empty() {
        return 1.0;
    }
    let alignment = 2.0 * aligned(&a.seq, &b.seq) / (a.seq.len() + b.seq.len()) as f32;
    let union = a.constants.len() + b.constants.len();
    let jaccard = if union == 0 {
        // Neither has a constant word: only the alignment can tell them apart.
        alignment
    } else {
        let shared = a.constants.intersection(&b.constants).count();
        shared as f32 / (union - shared) as f32
    };
    ((alignment + jaccard) / 2.0).clamp(0.0, 1.0)
}

/// Total match of the best order-keeping alignment (a weighted longest common subsequence).
fn aligned(a: &[Word], b: &[Word]) -> f32 {
    let mut prev = vec![0f32; b.len() + 1];
    let mut cur = vec![0f32; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            let diagonal = prev[j] + word_match(x, y);
            cur[j + 1] = diagonal.max(prev[j + 1]).max(cur[j]);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn sim(a: &str, b: &str) -> f32 {
        similarity(&Words::of(a), &Words::of(b))
    }

    #[test]
    fn identical_templates_score_one_and_unrelated_ones_nothing() {
        assert_eq!(
            sim(
                "Order <*> persisted in <*> ms",
                "Order <*> persisted in <*> ms"
            ),
            1.0
        );
        assert_eq!(sim("Order persisted in ms", "disk full on device"), 0.0);
        // A variable could stand for any word: a little is shared, no more.
        let unrelated = sim("Order <*> persisted in <*> ms", "disk full on device");
        assert!(unrelated < 0.2, "{unrelated}");
    }

    #[test]
    fn each_changed_word_costs_a_little() {
        let base = "Order <*> persisted in <*> ms";
        let extra = sim(base, "Order <*> persisted to disk in <*> ms");
        let changed = sim(base, "Order <*> stored in <*> ms");
        let both = sim(base, "Order <*> stored to disk in <*> ms");
        assert!(extra > 0.7 && extra < 1.0, "{extra}");
        assert!(changed > 0.6 && changed < 1.0, "{changed}");
        assert!(both < extra && both < changed, "{both}");
    }

    #[test]
    fn a_variable_half_matches_a_value_it_could_stand_for() {
        assert_eq!(word_match(&Word::Any, &Word::Constant("alice".into())), 0.5);
        let matches = |p: &str, t: &str| pattern_matches(&p.replace(WILDCARD, "\u{1}"), t);
        assert!(matches("id=<*>", "id=42"));
        assert!(!matches("id=<*>", "id="));
        assert!(!matches("id=<*>", "uid=42"));
        assert!(matches("<*>ms", "12ms"));
        assert!(matches("<*>:<*>", "10.0.0.1:443"));
        assert!(!matches("<*>:<*>", "10.0.0.1:"));
        let user = sim(
            "session closed for user <*>",
            "session closed for user cyrus",
        );
        assert!(user > 0.8, "{user}");
    }

    #[test]
    fn json_templates_are_split_into_words() {
        let w = Words::of(r#"{"level":"warn","msg":"Payment declined: <*>","id":"<*>"}"#);
        assert_eq!(w.seq.len(), 8, "{w:?}");
        assert_eq!(w.seq[5], Word::Any);
        let near = sim(
            r#"{"level":"warn","msg":"Payment declined: <*>","id":"<*>"}"#,
            r#"{"level":"warn","msg":"Payment declined: card declined","id":"<*>"}"#,
        );
        assert!(near > 0.8, "{near}");
    }

    #[test]
    fn questions_become_templates() {
        assert_eq!(
            question_template("Order ord_8f3a91 persisted in 12 ms"),
            "Order <*> persisted in <*> ms"
        );
        assert_eq!(question_template("  a   <*>  b "), "a <*> b");
        assert_eq!(question_template(""), "");
    }
}
