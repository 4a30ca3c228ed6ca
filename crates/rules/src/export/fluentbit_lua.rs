//! The Lua script of a Fluent Bit `lua` filter that keeps one line in N of the rules that keep
//! a share (`keep_one_in`).
//!
//! Fluent Bit has no sampling filter, in 1.9 (the `aws-for-fluent-bit` 2.x images) or later,
//! but every version runs Lua callbacks on records: `function cb(tag, timestamp, record)`
//! returning `-1` drops the record, `0` keeps it unchanged. Its Lua has no regex library, so
//! the script does not run the rule's regex: it walks the structure the regex was written
//! from ([`crate::pattern::parts`]): constants compared byte for byte, white-space gaps and
//! trailing white space with their bounds, each variable's shape repeated at most
//! [`MAX_VARIABLE_CHARS`] times, and the optional header before the message, counted in
//! characters (UTF-8) as the regex counts them. A variable's repetition consumes its input in
//! one way only (its alternatives begin with disjoint classes), so the walk tries each place
//! where it may stop, remembering which (piece, position) pairs failed: the work stays
//! bounded by pieces × line length × the repetition bound, and a cheap plain search for every
//! constant rejects most lines first.
//!
//! Only rules whose pattern is the one lognoise builds from their template can be walked this
//! way ([`expressible`]); a pattern edited by hand is not reproduced.
//!
//! Counters are per callback and per rule: the 1st matching record is kept, then the
//! (N+1)th, and so on, as validation counts. A record matching several sampled rules of one
//! callback is counted by the first. Fluent Bit gives each `lua` filter its own Lua state, so
//! each filter keeps its own counters.
//!
//! Constants are written in plain ASCII (other bytes as `\ddd`), so no byte of a line can end
//! a string early. The script is a file of its own, which the configuration names with
//! `script`: the inline `code` property arrived after 1.9.0, and the classic configuration
//! format keeps a value on one line.

use super::fluentbit::yaml_quote;
use super::fluentbit_scoped::ScopedRule;
use crate::pattern::{
    self, Part, VarShape, MAX_GAP_CHARS, MAX_HEADER_CHARS, MAX_TAIL_CHARS, MAX_TRAILING_SPACE,
    MAX_VARIABLE_CHARS,
};
use crate::Rule;
use std::fmt::Write;

/// File name of the script of the generic Fluent Bit exports, which name it relative to the
/// main configuration file.
pub const SCRIPT_FILE: &str = "lognoise-sampling.lua";

/// The callback of the generic exports (every sampled rule, scoped by the group key).
pub const CALLBACK: &str = "lognoise_sample";

/// One global function of the script: a `lua` filter's `call`, and the rules it samples, in
/// the order they are tried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callback<'a> {
    /// The function's name (a Lua identifier).
    pub name: String,
    /// Its rules, each with `keep_one_in` set and an [`expressible`] pattern.
    pub rules: Vec<&'a Rule>,
}

/// One `lua` filter of a producer's configuration: the records of `tag`, run through `call`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagCallback<'a> {
    /// The Fluent Bit `Match` pattern.
    pub tag: String,
    /// The callback those records go through.
    pub callback: Callback<'a>,
}

/// Whether the script can reproduce the rule: it keeps a share and its pattern is the one
/// built from its template.
pub fn expressible(rule: &Rule) -> bool {
    rule.keep_one_in.is_some()
        && pattern::template_pattern(&rule.template).ok().as_deref() == Some(rule.pattern.as_str())
}

/// The callbacks of rules scoped by tag: one per `Match` pattern, in the order the patterns
/// first appear, holding the sampled rules that name it (others are left out).
pub fn tag_callbacks<'a>(rules: &[ScopedRule<'a>]) -> Vec<TagCallback<'a>> {
    let mut out: Vec<TagCallback<'a>> = Vec::new();
    for scoped in rules.iter().filter(|s| expressible(s.rule)) {
        for tag in &scoped.tag_matches {
            match out.iter_mut().find(|t| &t.tag == tag) {
                // A rule seen in several log groups of one cluster is listed once.
                Some(t) if t.callback.rules.iter().any(|r| r.id == scoped.rule.id) => {}
                Some(t) => t.callback.rules.push(scoped.rule),
                None => {
                    let name = format!("{CALLBACK}_{}", out.len() + 1);
                    out.push(TagCallback {
                        tag: tag.clone(),
                        callback: Callback {
                            name,
                            rules: vec![scoped.rule],
                        },
                    });
                }
            }
        }
    }
    out
}

/// The classic `.conf` stanza running `call` of `script` on the records of `tag`.
pub fn classic_filter(tag: &str, script: &str, call: &str) -> String {
    format!("[FILTER]\n    Name     lua\n    Match    {tag}\n    script   {script}\n    call     {call}\n")
}

/// The YAML list item of the same filter, indented for `pipeline.filters`.
pub fn yaml_filter(tag: &str, script: &str, call: &str) -> String {
    format!(
        "    - name: lua\n      match: {}\n      script: {}\n      call: {call}\n",
        yaml_quote(tag),
        yaml_quote(script)
    )
}

/// The script defining `callbacks`. `message_key` is the record key holding the line;
/// `group_key`, when set, the key holding the log group, which a rule limited to groups
/// checks (unset: the filter's `Match` scopes the records instead, and the rules' groups are
/// not read).
pub fn script(
    header: &str,
    callbacks: &[Callback<'_>],
    message_key: &str,
    group_key: Option<&str>,
) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "-- {}", super::one_line(line));
    }
    out.push('\n');
    let _ = writeln!(out, "local MESSAGE_KEY = {}", lua_string(message_key));
    let _ = writeln!(
        out,
        "local GROUP_KEY = {}",
        group_key.map_or_else(|| "nil".to_string(), lua_string)
    );
    let _ = writeln!(
        out,
        "local HEADER_MAX, GAP_MAX, TRAIL_MAX, VAR_MAX, TAIL_MAX = {MAX_HEADER_CHARS}, \
         {MAX_GAP_CHARS}, {MAX_TRAILING_SPACE}, {MAX_VARIABLE_CHARS}, {MAX_TAIL_CHARS}"
    );
    out.push_str(RUNTIME);
    // Each rule once, however many callbacks use it.
    let mut rules: Vec<&Rule> = Vec::new();
    for c in callbacks {
        for r in &c.rules {
            if !rules.iter().any(|x| x.id == r.id) {
                rules.push(r);
            }
        }
    }
    out.push_str("\nlocal R = {}\n");
    for (i, r) in rules.iter().enumerate() {
        let _ = writeln!(out, "-- {}", super::describe(r));
        let _ = writeln!(out, "R[{}] = {}", i + 1, rule_table(r, group_key.is_some()));
    }
    for c in callbacks {
        let indices: Vec<String> = c
            .rules
            .iter()
            .filter_map(|r| rules.iter().position(|x| x.id == r.id))
            .map(|i| format!("R[{}]", i + 1))
            .collect();
        let _ = writeln!(out, "\n{} = sampler({{ {} }})", c.name, indices.join(", "));
    }
    out
}

/// The Lua table of one rule: its id, rate, groups, constants (for the quick rejection) and
/// pieces.
fn rule_table(rule: &Rule, with_groups: bool) -> String {
    let parts = pattern::parts(&rule.template).unwrap_or_default();
    let mut out = format!(
        "{{\n  id = {},\n  n = {},\n",
        lua_string(&rule.id),
        rule.keep_one_in.unwrap_or(1)
    );
    if with_groups && !rule.log_groups.is_empty() {
        let groups: Vec<String> = rule
            .log_groups
            .iter()
            .map(|g| match g.strip_suffix('*') {
                Some(prefix) => format!("{{ {}, true }}", lua_string(prefix)),
                None => format!("{{ {}, false }}", lua_string(g)),
            })
            .collect();
        let _ = writeln!(out, "  groups = {{ {} }},", groups.join(", "));
    }
    let lits: Vec<String> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Const(s) => Some(lua_string(s)),
            _ => None,
        })
        .collect();
    let _ = writeln!(out, "  lits = {{ {} }},", lits.join(", "));
    for p in &parts {
        let piece = match p {
            Part::Const(s) => format!("{{ CONST, {} }}", lua_string(s)),
            Part::Gap => "{ GAP }".to_string(),
            Part::Var(VarShape::Tail) => "{ TAIL }".to_string(),
            Part::Var(VarShape::Not(c)) => format!("{{ NOT, {} }}", lua_char(*c)),
            Part::Var(VarShape::NotBeforeSpace(c)) => {
                format!("{{ NOT_BEFORE_SPACE, {} }}", lua_char(*c))
            }
            Part::Var(VarShape::NotPair(c1, c2)) => {
                format!("{{ NOT_PAIR, {}, {} }}", lua_char(*c1), lua_char(*c2))
            }
            Part::Var(VarShape::Words(c1, c2)) => format!(
                "{{ WORDS, {}, {} }}",
                lua_char(*c1),
                c2.map_or_else(|| "nil".to_string(), lua_char)
            ),
            Part::Var(VarShape::Word) => "{ WORD }".to_string(),
        };
        let _ = writeln!(out, "  {piece},");
    }
    if !matches!(parts.last(), Some(Part::Var(_))) {
        out.push_str("  { END },\n");
    }
    out.push('}');
    out
}

fn lua_char(c: char) -> String {
    lua_string(c.encode_utf8(&mut [0; 4]))
}

/// A Lua string literal in plain ASCII: printable characters stand for themselves except `"`
/// and `\`, every other byte is `\ddd` (three digits, so a digit after it is not read into
/// it).
pub fn lua_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for b in s.bytes() {
        if (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\' {
            out.push(b as char);
        } else {
            let _ = write!(out, "\\{b:03}");
        }
    }
    out.push('"');
    out
}

/// The matcher and the sampler, the same for every script. Piece kinds are small integers
/// compared in the walk; positions are 1-based byte offsets.
const RUNTIME: &str = r#"
local byte, sub, find, type = string.byte, string.sub, string.find, type
local CONST, GAP, END, TAIL, NOT, NOT_BEFORE_SPACE, NOT_PAIR, WORDS, WORD = 1, 2, 3, 4, 5, 6, 7, 8, 9

-- White space as the rules read it: tab to carriage return, and space.
local function is_space(b)
  return b == 32 or (b ~= nil and b >= 9 and b <= 13)
end

-- Bytes of the character at i: its UTF-8 length by the lead byte; a stray byte is one.
local function clen(s, i, n)
  local b = byte(s, i)
  local k = 1
  if b >= 240 then k = 4 elseif b >= 224 then k = 3 elseif b >= 192 then k = 2 end
  if i + k - 1 > n then return 1 end
  return k
end

-- Whether the character (or text) c is at i.
local function at(s, i, c)
  return sub(s, i, i + #c - 1) == c
end

-- Bytes of the next repetition of variable v at i, or nil when none can start there. Each
-- shape's alternatives begin differently, so there is at most one.
local function step(v, s, i, n)
  if i > n then return nil end
  local kind = v[1]
  if kind == WORD then
    if is_space(byte(s, i)) then return nil end
    return clen(s, i, n)
  elseif kind == NOT then
    if at(s, i, v[2]) then return nil end
    return clen(s, i, n)
  elseif kind == NOT_BEFORE_SPACE then
    local c = v[2]
    if not at(s, i, c) then return clen(s, i, n) end
    local j = i + #c
    if j <= n and not is_space(byte(s, j)) then return #c + clen(s, j, n) end
    return nil
  elseif kind == NOT_PAIR then
    local c1, c2 = v[2], v[3]
    if not at(s, i, c1) then return clen(s, i, n) end
    local j = i + #c1
    if j <= n and not at(s, j, c2) then return #c1 + clen(s, j, n) end
    return nil
  end
  -- WORDS: a word character, or one white-space character and what may follow it.
  if not is_space(byte(s, i)) then return clen(s, i, n) end
  local j = i + 1
  if j > n then return nil end
  local c1, c2 = v[2], v[3]
  if at(s, j, c1) then
    if c2 == nil then return nil end
    local k = j + #c1
    if k <= n and not at(s, k, c2) and not is_space(byte(s, k)) then
      return 1 + #c1 + clen(s, k, n)
    end
    return nil
  end
  if is_space(byte(s, j)) then return nil end
  return 1 + clen(s, j, n)
end

-- Whether pieces k.. of rule r match s from i to its end; memo holds settled (k, i).
local function walk(r, s, k, i, n, memo)
  local key = k * (n + 2) + i
  local hit = memo[key]
  if hit ~= nil then return hit end
  local e = r[k]
  local kind = e[1]
  local ok = false
  if kind == CONST then
    local c = e[2]
    if at(s, i, c) then ok = walk(r, s, k + 1, i + #c, n, memo) end
  elseif kind == END then
    local j = i
    while j <= n and j - i < TRAIL_MAX and is_space(byte(s, j)) do j = j + 1 end
    ok = j > n
  elseif kind == GAP then
    local j = i
    while j <= n and j - i < GAP_MAX and is_space(byte(s, j)) do
      j = j + 1
      if walk(r, s, k + 1, j, n, memo) then ok = true break end
    end
  elseif kind == TAIL then
    if n - i + 1 <= TAIL_MAX then
      ok = true
    elseif n - i + 1 <= 4 * TAIL_MAX then
      local chars = 0
      for j = i, n do
        local b = byte(s, j)
        if b < 128 or b >= 192 then chars = chars + 1 end
      end
      ok = chars <= TAIL_MAX
    end
  else
    local j, reps = i, 0
    while true do
      if walk(r, s, k + 1, j, n, memo) then ok = true break end
      if reps == VAR_MAX then break end
      local w = step(e, s, j, n)
      if w == nil then break end
      j = j + w
      reps = reps + 1
    end
  end
  memo[key] = ok
  return ok
end

-- Whether rule r matches line s: every constant is in it, and the pieces match from its
-- start or after a header (up to HEADER_MAX characters of its first line, then a tab, space
-- or `|`).
local function matches(r, s)
  local lits = r.lits
  for q = 1, #lits do
    if not find(s, lits[q], 1, true) then return false end
  end
  local n = #s
  local memo = {}
  if walk(r, s, 1, 1, n, memo) then return true end
  local chars = 0
  for i = 1, n do
    local b = byte(s, i)
    if b == 10 then break end
    if (b == 9 or b == 32 or b == 124) and walk(r, s, 1, i + 1, n, memo) then return true end
    if b < 128 or b >= 192 then
      chars = chars + 1
      if chars > HEADER_MAX then break end
    end
  end
  return false
end

-- Whether rule r applies to the record: every group, or the record's group is one of its
-- groups (a prefix when the second field is true).
local function admits(r, record)
  local groups = r.groups
  if groups == nil or GROUP_KEY == nil then return true end
  local g = record[GROUP_KEY]
  if type(g) ~= "string" then return false end
  for q = 1, #groups do
    local name, prefix = groups[q][1], groups[q][2]
    if (prefix and sub(g, 1, #name) == name) or g == name then return true end
  end
  return false
end

-- A Fluent Bit callback over rules: the first rule matching the record counts it, and keeps
-- the 1st, (n+1)th, ... of its records; other records pass unchanged.
local function sampler(rules)
  local seen = {}
  for q = 1, #rules do seen[q] = 0 end
  return function(tag, timestamp, record)
    local line = record[MESSAGE_KEY]
    if type(line) ~= "string" then return 0, timestamp, record end
    for q = 1, #rules do
      local r = rules[q]
      if admits(r, record) and matches(r, line) then
        local c = seen[q]
        seen[q] = (c + 1) % r.n
        if c == 0 then return 0, timestamp, record end
        return -1, timestamp, record
      end
    end
    return 0, timestamp, record
  end
end
"#;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_ascii_with_decimal_escapes() {
        assert_eq!(lua_string("a\"b\\c"), r#""a\034b\092c""#);
        assert_eq!(lua_string("é1"), r#""\195\1691""#);
        assert_eq!(lua_string("\n"), r#""\010""#);
    }
}
