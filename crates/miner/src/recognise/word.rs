//! Words (letters, digits, `_`): plain words are template text, words that look generated
//! (long digit runs, hex, mixed letter/digit noise) are variables, and the rest of the words
//! with digits are weak candidates decided by what a cluster sees.

use super::{class, is_word_byte};
use crate::recognise::PieceKind;

/// Returns where the word starting at `b[i]` ends. A `-` between `_` and a digit stays inside
/// (`blk_-123`), so that a negative id reads the same as a positive one.
pub fn word_end(b: &[u8], i: usize, end: usize) -> usize {
    let mut j = i;
    while j < end {
        let c = b[j];
        // The `-` test only runs on the byte that would end the word.
        let inside = is_word_byte(c) || negative_id_dash(b, i, j, end);
        if !inside {
            break;
        }
        j += 1;
    }
    j.max(i + 1).min(end)
}

/// [`word_end`], also telling whether the word holds a digit. Most words inside tokens
/// (`dfs.DataNode$PacketResponder:`) hold none, and then [`classify_digitless`] decides them
/// without reading them a second time.
pub fn word_end_and_digits(b: &[u8], i: usize, end: usize) -> (usize, bool) {
    let mut j = i;
    // The OR of the classes of the word's bytes: among word bytes and `-`, only digits are
    // `NOT_PLAIN`, so the class already looked up tells whether a digit was seen.
    let mut classes = 0;
    while j < end {
        let class = class::TABLE[b[j] as usize];
        let inside = class & class::WORD != 0 || negative_id_dash(b, i, j, end);
        if !inside {
            break;
        }
        classes |= class;
        j += 1;
    }
    // A digit is a word byte, so every digit of the word was seen by the loop.
    (j.max(i + 1).min(end), classes & class::NOT_PLAIN != 0)
}

/// The `-` of `blk_-123` at `b[j]`, inside the word that starts at `b[i]`.
#[inline]
fn negative_id_dash(b: &[u8], i: usize, j: usize, end: usize) -> bool {
    b[j] == b'-' && j > i && b[j - 1] == b'_' && j + 1 < end && b[j + 1].is_ascii_digit()
}

/// Words that are values, not text: booleans and nulls (`enabled=true`, `opt-in: False`).
/// A `match` on the bytes compiles to a switch on the length and a few integer compares.
fn is_value_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"true"
            | b"false"
            | b"True"
            | b"False"
            | b"TRUE"
            | b"FALSE"
            | b"null"
            | b"NULL"
            | b"Null"
            | b"nil"
            | b"undefined"
            | b"NaN"
    )
}

/// Like [`classify`], for a word that starts a value: boolean and null literals are variables.
pub fn classify_value_word(w: &[u8]) -> PieceKind {
    if is_value_word(w) {
        return PieceKind::Variable;
    }
    classify(w)
}

/// What a word without digits is: [`classify_value_word`] when it starts a value, else
/// [`classify`], both of which call such a word template text unless it is a boolean or null
/// literal that starts a value.
pub fn classify_digitless(w: &[u8], starts_value: bool) -> PieceKind {
    if starts_value && is_value_word(w) {
        PieceKind::Variable
    } else {
        PieceKind::Literal
    }
}

/// Decides what a word is.
pub fn classify(w: &[u8]) -> PieceKind {
    let Some(first_digit) = w.iter().position(u8::is_ascii_digit) else {
        return PieceKind::Literal;
    };
    // Words that start with a digit are generated (`0064588e`, `80x25`, `1001rts`, `0x1f`).
    if first_digit == 0 {
        return PieceKind::Variable;
    }
    // Most words with digits are decided by the cheap tests; the statistics of hex runs and
    // letter/digit transitions are only gathered for the others.
    if upper_then_digits(w) {
        return PieceKind::Weak;
    }
    if longest_digit_run(&w[first_digit..]) >= 4 {
        return PieceKind::Variable;
    }
    classify_by_shape(w)
}

/// Upper-case names with a number (`ED25519`, `SHA256`, `KB2533552`) are decided by what a
/// cluster sees: an algorithm is constant, an update id varies.
fn upper_then_digits(w: &[u8]) -> bool {
    let letters = w.iter().take_while(|c| c.is_ascii_uppercase()).count();
    letters >= 2 && w[letters..].iter().all(u8::is_ascii_digit) && w.len() - letters <= 8
}

/// The length of the longest run of digits in `w`.
fn longest_digit_run(w: &[u8]) -> usize {
    let mut max_run = 0;
    let mut run = 0;
    for c in w {
        if c.is_ascii_digit() {
            run += 1;
            max_run = max_run.max(run);
        } else {
            run = 0;
        }
    }
    max_run
}

/// [`classify`] for a word with digits that starts with a letter or `_`, is not an upper-case
/// name with a number and has no run of four digits: generated when it is mostly hex or
/// alternates letters and digits often (`ord_8f3a91c2`, `04DN8IQ`), weak otherwise.
fn classify_by_shape(w: &[u8]) -> PieceKind {
    let mut digits = 0usize;
    let mut all_hex = true;
    let mut transitions = 0usize;
    let mut prev_digit: Option<bool> = None;
    let mut hex_run = 0usize;
    let mut hex_run_digits = 0usize;
    let mut best_hex_run = 0usize;
    let mut best_hex_digits = 0usize;
    for &c in w {
        let is_digit = c.is_ascii_digit();
        if is_digit {
            digits += 1;
        }
        if !c.is_ascii_hexdigit() {
            all_hex = false;
        }
        if c.is_ascii_hexdigit() && !c.is_ascii_uppercase() {
            hex_run += 1;
            if is_digit {
                hex_run_digits += 1;
            }
            if hex_run > best_hex_run {
                best_hex_run = hex_run;
                best_hex_digits = hex_run_digits;
            }
        } else {
            hex_run = 0;
            hex_run_digits = 0;
        }
        if c.is_ascii_alphanumeric() {
            if let Some(p) = prev_digit {
                if p != is_digit {
                    transitions += 1;
                }
            }
            prev_digit = Some(is_digit);
        }
    }
    if all_hex && w.len() >= 6 {
        return PieceKind::Variable;
    }
    if best_hex_run >= 6 && best_hex_digits >= 2 && best_hex_digits < best_hex_run {
        return PieceKind::Variable;
    }
    if w.len() >= 6 && digits >= 2 && transitions >= 3 {
        return PieceKind::Variable;
    }
    PieceKind::Weak
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn k(s: &str) -> PieceKind {
        classify(s.as_bytes())
    }

    #[test]
    fn plain_words_are_literal() {
        assert_eq!(k("scoreboard"), PieceKind::Literal);
        assert_eq!(k("deadbeef"), PieceKind::Literal);
        assert_eq!(k("CONTAINER_REMOTE_LAUNCH"), PieceKind::Literal);
    }

    #[test]
    fn generated_words_are_variables() {
        assert_eq!(
            k("attempt_1445144423722_0020_m_000000_0"),
            PieceKind::Variable
        );
        assert_eq!(k("003a90fc"), PieceKind::Variable);
        assert_eq!(k("ord_8f3a91c2"), PieceKind::Variable);
        assert_eq!(k("04DN8IQ"), PieceKind::Variable);
        assert_eq!(k("0x1f"), PieceKind::Variable);
        assert_eq!(k("blk_-1234"), PieceKind::Variable);
    }

    #[test]
    fn words_with_few_digits_are_weak() {
        assert_eq!(k("jk2_init"), PieceKind::Weak);
        assert_eq!(k("ee0"), PieceKind::Weak);
        assert_eq!(k("storage234"), PieceKind::Weak);
        assert_eq!(k("x86_64"), PieceKind::Weak);
        assert_eq!(k("rdd_42_20"), PieceKind::Weak);
    }

    #[test]
    fn word_end_keeps_negative_ids_whole() {
        let b = b"blk_-123 x";
        assert_eq!(word_end(b, 0, b.len()), 8);
        let b = b"a-1";
        assert_eq!(word_end(b, 0, b.len()), 1);
        assert_eq!(word_end_and_digits(b"blk_-123 x", 0, 10), (8, true));
        assert_eq!(word_end_and_digits(b"Data$x", 0, 6), (4, false));
    }

    #[test]
    fn digitless_words_agree_with_classify() {
        for w in ["scoreboard", "true", "NULL", "undefined", "x", "False"] {
            let w = w.as_bytes();
            assert_eq!(classify_digitless(w, false), classify(w));
            assert_eq!(classify_digitless(w, true), classify_value_word(w));
        }
    }
}
