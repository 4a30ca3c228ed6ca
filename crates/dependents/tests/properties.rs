//! Properties of the filter-pattern matcher that hold for every line, not only the
//! documentation's examples.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lognoise_dependents::FilterPattern;
use proptest::prelude::*;

/// Lines of words, digits and the punctuation log lines carry.
fn line() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_ :=/\\[\\].,-]{0,60}"
}

fn word() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_]{1,8}"
}

/// Characters the pattern grammar gives meaning to, so that arbitrary patterns reach deep
/// into every parser.
fn patternish() -> impl Strategy<Value = String> {
    "[\\[\\]{}()$.=!<>&|\"%?*,\\\\ a-z0-9A-Z_-]{0,40}"
}

proptest! {
    #[test]
    fn a_word_of_the_line_always_matches_it(words in prop::collection::vec(word(), 1..8), pick in any::<prop::sample::Index>()) {
        let line = words.join(" ");
        let term = pick.get(&words);
        let pattern = FilterPattern::parse(term).unwrap();
        prop_assert!(pattern.matches(&line));
        let quoted = FilterPattern::parse(&format!("\"{term}\"")).unwrap();
        prop_assert!(quoted.matches(&line));
    }

    #[test]
    fn an_excluded_term_never_matches_a_line_holding_it(line in line(), term in word()) {
        let pattern = FilterPattern::parse(&format!("-{term}")).unwrap();
        prop_assert_eq!(pattern.matches(&line), !line.contains(term.as_str()));
        let with_it = format!("{line} {term}");
        prop_assert!(!pattern.matches(&with_it));
    }

    #[test]
    fn alternatives_are_either_one(line in line(), a in word(), b in word()) {
        let either = FilterPattern::parse(&format!("?{a} ?{b}")).unwrap();
        let just_a = FilterPattern::parse(&a).unwrap();
        let just_b = FilterPattern::parse(&b).unwrap();
        prop_assert_eq!(either.matches(&line), just_a.matches(&line) || just_b.matches(&line));
    }

    #[test]
    fn terms_are_all_required(line in line(), a in word(), b in word()) {
        let both = FilterPattern::parse(&format!("{a} {b}")).unwrap();
        prop_assert_eq!(both.matches(&line), line.contains(a.as_str()) && line.contains(b.as_str()));
    }

    #[test]
    fn a_phrase_of_the_line_matches_it(line in line(), start in 0usize..60, len in 1usize..20) {
        let chars: Vec<char> = line.chars().collect();
        prop_assume!(start < chars.len());
        let phrase: String = chars[start..(start + len).min(chars.len())].iter().collect();
        prop_assume!(!phrase.trim().is_empty());
        let quoted = format!("\"{}\"", phrase.replace('\\', "\\\\").replace('"', "\\\""));
        let pattern = FilterPattern::parse(&quoted).unwrap();
        prop_assert!(pattern.matches(&line));
    }

    #[test]
    fn a_json_string_field_matches_its_value(key in "k_[a-z0-9_]{0,6}", value in "[A-Za-z0-9 ._-]{0,12}", other in "[A-Za-z0-9]{1,6}") {
        let event = serde_json::json!({ key.clone(): value.clone(), "n": 7 }).to_string();
        let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
        let equal = FilterPattern::parse(&format!("{{ $.{key} = \"{quoted}\" }}")).unwrap();
        prop_assert!(equal.matches(&event));
        let not_equal = FilterPattern::parse(&format!("{{ $.{key} != \"{quoted}\" }}")).unwrap();
        prop_assert!(!not_equal.matches(&event));
        let missing = FilterPattern::parse(&format!("{{ $.{key}_{other} NOT EXISTS && $.n > 6 }}")).unwrap();
        prop_assert!(missing.matches(&event));
    }

    #[test]
    fn a_delimited_pattern_of_as_many_fields_as_the_line_matches_it(words in prop::collection::vec(word(), 1..8)) {
        let line = words.join(" ");
        let names: Vec<String> = (0..words.len()).map(|i| format!("f{i}")).collect();
        let exact = FilterPattern::parse(&format!("[{}]", names.join(", "))).unwrap();
        prop_assert!(exact.matches(&line));
        let one_more = FilterPattern::parse(&format!("[{}, extra]", names.join(", "))).unwrap();
        prop_assert!(!one_more.matches(&line));
        let first = FilterPattern::parse(&format!("[first = \"{}\", ...]", words[0])).unwrap();
        prop_assert!(first.matches(&line));
    }

    #[test]
    fn no_input_makes_it_panic(pattern in patternish(), message in "\\PC{0,60}") {
        if let Ok(parsed) = FilterPattern::parse(&pattern) {
            let _ = parsed.matches(&message);
            let _ = parsed.matches(&pattern);
            let _ = parsed.matches("{\"a\": [1, {\"b\": null}], \"c\": \"x y\"}");
        }
    }

    #[test]
    fn no_unicode_input_makes_it_panic(pattern in "\\PC{0,40}", message in "\\PC{0,40}") {
        match FilterPattern::parse(&pattern) {
            Ok(parsed) => { let _ = parsed.matches(&message); }
            Err(error) => prop_assert!(error.offset() <= pattern.chars().count()),
        }
    }
}

#[test]
fn deeply_nested_input_is_an_error_or_a_miss_not_a_crash() {
    let deep = format!("{{ {}$.a = 1{} }}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(FilterPattern::parse(&deep).is_err());
    let pattern = FilterPattern::parse("{ $.a = 1 }").unwrap();
    let deep_event = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(!pattern.matches(&deep_event));
}
