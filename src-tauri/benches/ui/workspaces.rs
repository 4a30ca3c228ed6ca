//! The workspaces the search and scroll suites open: generated from a fixed seed, so every
//! machine measures the same data, imported with the engine's own import, and kept under the
//! target folder (`<target>/ui-bench/`) so that later runs start at once.
//!
//! The generator is ChaCha8 (`rand_chacha`, as the corpus crate uses): it is specified by its
//! algorithm, so a seed gives the same stream on every platform and release of the crate.

use anyhow::{Context, Result};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Bumped when the generated workspaces change, so cached ones are rebuilt.
const CORPUS_VERSION: u32 = 2;
/// The demo workspace's events, the seed of the large corpus.
const DEMO_EVENTS: &str = include_str!("../../../demo/events.jsonl");
const DAY_MS: i64 = 24 * 3600 * 1000;

/// The workspace of the search suite: `lines` events of [`large_corpus`].
pub fn search(lines: usize) -> Result<PathBuf> {
    cached(&format!("search-{lines}"), |ws| {
        import_generated(ws, |out| large_corpus(out, lines))
    })
}

/// The workspace of the scroll suite: about `templates` templates of [`many_templates`].
pub fn templates(templates: usize) -> Result<PathBuf> {
    cached(&format!("templates-{templates}"), |ws| {
        import_generated(ws, |out| many_templates(out, templates))
    })
}

/// The target folder this bench was built in: `<target>/<profile>/deps/ui-<hash>` is the
/// running binary.
fn target_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe().context("finding the bench binary")?;
    Ok(exe
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir))
}

/// A workspace kept between runs: built by `build` when missing, half built (no `.complete`
/// marker, as after an interrupted run) or from an older corpus.
fn cached(name: &str, build: impl FnOnce(&Path) -> Result<()>) -> Result<PathBuf> {
    let root = target_dir()?.join("ui-bench");
    let ws = root.join(format!("{name}-v{CORPUS_VERSION}"));
    if ws.join("workspace.json").is_file() && ws.join(".complete").is_file() {
        return Ok(ws);
    }
    if ws.exists() {
        std::fs::remove_dir_all(&ws).with_context(|| format!("removing {}", ws.display()))?;
    }
    std::fs::create_dir_all(&root).with_context(|| format!("creating {}", root.display()))?;
    let started = Instant::now();
    build(&ws).with_context(|| format!("building {}", ws.display()))?;
    std::fs::write(ws.join(".complete"), b"")?;
    eprintln!(
        "ui bench: built {} in {:.1} s",
        ws.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ws)
}

/// Imports a JSON-lines file written by `write` into a new workspace at `ws`, through the
/// engine's import (as the app's import does), and removes the file.
fn import_generated(ws: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let source = ws.with_extension("jsonl");
    {
        let mut out = std::io::BufWriter::new(
            std::fs::File::create(&source)
                .with_context(|| format!("creating {}", source.display()))?,
        );
        write(&mut out)?;
        out.flush()?;
    }
    let mut workspace = lognoise_workspace::Workspace::open_or_create(ws)?;
    lognoise_index::import(
        &mut workspace,
        std::slice::from_ref(&source),
        &lognoise_index::ImportOptions::default(),
        &mut |_| {},
    )?;
    std::fs::remove_file(&source)?;
    Ok(())
}

/// A number below `n`, from `rng`. The remainder's bias is below `n / 2^64`, nothing next to
/// what a corpus needs.
fn below(rng: &mut impl RngCore, n: usize) -> usize {
    (rng.next_u64() % n as u64) as usize
}

/// Writes one event as a JSON line.
fn write_event(out: &mut dyn Write, record: &serde_json::Value) -> Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The demo's day replayed day after day until `lines` events: each copy moves one day on
/// and gets fresh digits and hex digits in its messages (ids, addresses, durations), so the
/// index sees as many distinct values as a real month would have.
fn large_corpus(out: &mut dyn Write, lines: usize) -> Result<()> {
    let demo = DEMO_EVENTS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str::<serde_json::Value>)
        .collect::<Result<Vec<_>, _>>()
        .context("reading the demo's events")?;
    let mut rng = ChaCha8Rng::seed_from_u64(0x5eed_1234_abcd_0001);
    let mut written = 0;
    let mut day = 0i64;
    while written < lines {
        for e in &demo {
            if written == lines {
                break;
            }
            let message = e["message"].as_str().unwrap_or_default();
            let fresh = if day == 0 {
                message.to_string()
            } else {
                fresh_digits(message, &mut rng)
            };
            let record = serde_json::json!({
                "timestamp": e["timestamp"].as_i64().unwrap_or(0) + day * DAY_MS,
                "logGroup": e["logGroup"],
                "logStream": e["logStream"],
                "message": fresh,
            });
            write_event(out, &record)?;
            written += 1;
        }
        day += 1;
    }
    Ok(())
}

/// `message` with its runs of digits rewritten with new random digits, keeping each run's
/// length and first digit, so status codes and years stay recognisable.
fn fresh_digits(message: &str, rng: &mut impl RngCore) -> String {
    let mut s = String::with_capacity(message.len());
    let mut in_run = false;
    for c in message.chars() {
        if c.is_ascii_digit() {
            if in_run {
                s.push(char::from(b'0' + below(rng, 10) as u8));
            } else {
                s.push(c);
            }
            in_run = true;
        } else {
            in_run = false;
            s.push(c);
        }
    }
    s
}

/// About `templates` distinct messages, four events each: sentences of 4 to 9 words from a
/// vocabulary of 400, with one to three variables (ids, numbers, durations).
fn many_templates(out: &mut dyn Write, templates: usize) -> Result<()> {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ne", "ru", "ta", "ve", "zo", "pi", "qua", "shi", "dra", "fen", "gor",
        "hal", "jin", "mor", "pax", "sel", "tun",
    ];
    const GROUPS: &[&str] = &[
        "/ecs/web",
        "/ecs/orders",
        "/aws/lambda/checkout",
        "/ecs/search",
    ];
    const START_MS: i64 = 1_772_409_600_000;
    let mut rng = ChaCha8Rng::seed_from_u64(0x7e3a_11c5_0042_9911);
    let vocab: Vec<String> = (0..400)
        .map(|i| {
            let a = SYLLABLES[i % SYLLABLES.len()];
            let b = SYLLABLES[(i / SYLLABLES.len()) % SYLLABLES.len()];
            let c = SYLLABLES[(i * 7 + 3) % SYLLABLES.len()];
            format!("{a}{b}{c}")
        })
        .collect();
    for t in 0..templates {
        let words = 4 + below(&mut rng, 6);
        // The template's shape: its words, and `None` where a variable goes.
        let mut shape: Vec<Option<&str>> = (0..words)
            .map(|_| Some(vocab[below(&mut rng, vocab.len())].as_str()))
            .collect();
        let vars = 1 + below(&mut rng, 3);
        for _ in 0..vars {
            let at = 1 + below(&mut rng, words);
            shape.insert(at.min(shape.len()), None);
        }
        let group = GROUPS[t % GROUPS.len()];
        for k in 0..4 {
            let message: Vec<String> = shape
                .iter()
                .map(|w| match w {
                    Some(w) => w.to_string(),
                    None => match below(&mut rng, 3) {
                        0 => format!("id={:x}", rng.next_u32()),
                        1 => format!("{}", below(&mut rng, 100_000)),
                        _ => format!("{}ms", below(&mut rng, 5000)),
                    },
                })
                .collect();
            let record = serde_json::json!({
                "timestamp": START_MS + (t as i64 * 4 + k) * 1000,
                "logGroup": group,
                "logStream": "bench",
                "message": message.join(" "),
            });
            write_event(out, &record)?;
        }
    }
    Ok(())
}
