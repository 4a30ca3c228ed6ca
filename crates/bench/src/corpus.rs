//! The benchmark corpus: about a million raw lines built at run time (never committed) by
//! repeating the Loghub-2k samples, interleaved in blocks so the miners see a mixed stream like a
//! shipper's, not ten files one after the other.

use crate::lines::for_each_line;
use anyhow::{bail, Context, Result};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::TempPath;

/// The raw lines of one dataset, line ends removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dataset {
    /// Dataset name, such as `HDFS`.
    pub name: String,
    /// Its lines, in file order.
    pub lines: Vec<Vec<u8>>,
}

impl Dataset {
    /// Reads a log file into a dataset; a file with no lines is an error, since it would
    /// silently drop out of the mix.
    pub fn read(name: &str, path: &Path) -> Result<Dataset> {
        let mut lines = Vec::new();
        for_each_line(path, |l| lines.push(l.to_vec()))?;
        if lines.is_empty() {
            bail!("{} has no lines", path.display());
        }
        Ok(Dataset {
            name: name.to_owned(),
            lines,
        })
    }
}

/// Every `<Name>/<Name>_2k.log` under `dir`, by name. Empty when `dir` does not exist.
pub fn loghub_datasets(dir: &Path) -> Result<Vec<Dataset>> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().join(format!("{name}_2k.log")).is_file() {
            names.push(name);
        }
    }
    names.sort();
    names
        .iter()
        .map(|n| Dataset::read(n, &dir.join(n).join(format!("{n}_2k.log"))))
        .collect()
}

/// A stamped corpus spreads its lines evenly over this day.
const STAMP_SPAN_MS: u64 = 86_400_000;

/// Writes `total` lines to `out`, taking `block` lines from each dataset in turn and starting
/// a dataset over when it runs out. With `stamped`, each line starts with an RFC 3339 time
/// (`2026-03-02T00:00:00.086Z `), the lines spread evenly over one day, as CloudWatch's S3
/// exports write them. Returns the bytes written.
pub fn write_interleaved(
    datasets: &[Dataset],
    total: u64,
    block: usize,
    stamped: bool,
    out: &mut impl Write,
) -> Result<u64> {
    if datasets.iter().all(|d| d.lines.is_empty()) {
        bail!("no lines to build the corpus from");
    }
    let block = block.max(1);
    let mut next = vec![0usize; datasets.len()];
    let mut written = 0u64;
    let mut bytes = 0u64;
    'rounds: loop {
        for (d, pos) in datasets.iter().zip(next.iter_mut()) {
            if d.lines.is_empty() {
                continue;
            }
            for _ in 0..block {
                if written == total {
                    break 'rounds;
                }
                let line = &d.lines[*pos];
                if stamped {
                    let stamp = stamp(written, total);
                    out.write_all(stamp.as_bytes())?;
                    bytes += stamp.len() as u64;
                }
                out.write_all(line)?;
                out.write_all(b"\n")?;
                bytes += line.len() as u64 + 1;
                written += 1;
                *pos = (*pos + 1) % d.lines.len();
            }
        }
    }
    out.flush()?;
    Ok(bytes)
}

/// The time prefix of line `i` of `total` in a stamped corpus.
fn stamp(i: u64, total: u64) -> String {
    let ms = (u128::from(i) * u128::from(STAMP_SPAN_MS) / u128::from(total.max(1))) as u64;
    let (s, ms) = (ms / 1000, ms % 1000);
    format!(
        "2026-03-02T{:02}:{:02}:{:02}.{ms:03}Z ",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// A corpus file ready to be measured.
#[derive(Debug)]
pub struct Corpus {
    /// The file.
    pub path: PathBuf,
    /// Lines in it.
    pub lines: u64,
    /// Bytes in it.
    pub bytes: u64,
    /// Where its lines come from, for the report.
    pub origin: String,
    /// Keeps a temporary corpus alive until the benchmark ends; dropping it deletes the file.
    _temp: Option<TempPath>,
}

/// How to get the corpus.
#[derive(Debug)]
pub struct Plan<'a> {
    /// The Loghub-2k folder.
    pub corpus_dir: &'a Path,
    /// Used, repeated, when the Loghub-2k folder is missing.
    pub fallback: &'a Path,
    /// A file to reuse if it exists, or to build and keep if not.
    pub keep_at: Option<&'a Path>,
    /// Lines to build.
    pub lines: u64,
    /// Lines taken from one dataset before moving to the next.
    pub block: usize,
    /// Each line starts with an event time (see [`write_interleaved`]).
    pub stamped: bool,
}

impl Plan<'_> {
    /// Reuses the kept file when there is one, otherwise builds the corpus (into a temporary
    /// file unless told where to keep it).
    pub fn prepare(&self) -> Result<Corpus> {
        if let Some(path) = self.keep_at.filter(|p| p.exists()) {
            let counts = for_each_line(path, |_| {})?;
            return Ok(Corpus {
                path: path.to_path_buf(),
                lines: counts.lines,
                bytes: counts.bytes,
                origin: format!("reused {}", path.display()),
                _temp: None,
            });
        }
        let mut datasets = loghub_datasets(self.corpus_dir)?;
        let origin = if datasets.is_empty() {
            eprintln!(
                "lognoise-bench: no Loghub-2k datasets in {}; using {} repeated instead",
                self.corpus_dir.display(),
                self.fallback.display()
            );
            datasets.push(Dataset::read("demo", self.fallback)?);
            format!("{} repeated (Loghub-2k not found)", self.fallback.display())
        } else {
            let names: Vec<&str> = datasets.iter().map(|d| d.name.as_str()).collect();
            format!(
                "Loghub-2k raw lines of {} datasets ({}), repeated in blocks of {} lines",
                datasets.len(),
                names.join(", "),
                self.block
            )
        };
        let (path, temp, file) = match self.keep_at {
            Some(p) => {
                let file =
                    fs::File::create(p).with_context(|| format!("creating {}", p.display()))?;
                (p.to_path_buf(), None, file)
            }
            None => {
                let named = tempfile::Builder::new()
                    .prefix("lognoise-bench-")
                    .suffix(".log")
                    .tempfile()
                    .context("creating the temporary corpus file")?;
                let (file, temp) = named.into_parts();
                (temp.to_path_buf(), Some(temp), file)
            }
        };
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let bytes = write_interleaved(&datasets, self.lines, self.block, self.stamped, &mut out)
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(Corpus {
            path,
            lines: self.lines,
            bytes,
            origin,
            _temp: temp,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn dataset(name: &str, n: usize) -> Dataset {
        Dataset {
            name: name.into(),
            lines: (0..n).map(|i| format!("{name}{i}").into_bytes()).collect(),
        }
    }

    #[test]
    fn interleaves_blocks_and_wraps_each_dataset() -> Result<()> {
        let sets = [dataset("a", 3), dataset("b", 1)];
        let mut out = Vec::new();
        let bytes = write_interleaved(&sets, 9, 2, false, &mut out)?;
        assert_eq!(out, b"a0\na1\nb0\nb0\na2\na0\nb0\nb0\na1\n");
        assert_eq!(bytes, out.len() as u64);
        Ok(())
    }

    #[test]
    fn stamped_lines_spread_over_one_day() -> Result<()> {
        let mut out = Vec::new();
        let bytes = write_interleaved(&[dataset("a", 2)], 4, 100, true, &mut out)?;
        let text = String::from_utf8(out)?;
        assert_eq!(
            text,
            "2026-03-02T00:00:00.000Z a0\n2026-03-02T06:00:00.000Z a1\n\
             2026-03-02T12:00:00.000Z a0\n2026-03-02T18:00:00.000Z a1\n"
        );
        assert_eq!(bytes, text.len() as u64);
        assert_eq!(
            lognoise_source::parse_rfc3339_ms("2026-03-02T00:00:00.000Z"),
            Some(1_772_409_600_000)
        );
        Ok(())
    }

    #[test]
    fn no_lines_is_an_error() {
        let mut out = Vec::new();
        assert!(write_interleaved(&[], 5, 2, false, &mut out).is_err());
        assert!(write_interleaved(&[dataset("a", 0)], 5, 2, false, &mut out).is_err());
    }

    #[test]
    fn falls_back_when_the_folder_is_missing() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let fallback = dir.path().join("demo.log");
        fs::write(&fallback, "one\ntwo\n")?;
        let plan = Plan {
            corpus_dir: &dir.path().join("missing"),
            fallback: &fallback,
            keep_at: None,
            lines: 5,
            block: 100,
            stamped: false,
        };
        let corpus = plan.prepare()?;
        assert_eq!((corpus.lines, corpus.bytes), (5, 20));
        assert_eq!(
            fs::read_to_string(&corpus.path)?,
            "one\ntwo\none\ntwo\none\n"
        );
        assert!(corpus.origin.contains("not found"));
        Ok(())
    }

    #[test]
    fn reads_loghub_layout_and_reuses_a_kept_file() -> Result<()> {
        let dir = tempfile::tempdir()?;
        for (name, text) in [("B", "b1\nb2\n"), ("A", "a1\n")] {
            fs::create_dir(dir.path().join(name))?;
            fs::write(dir.path().join(name).join(format!("{name}_2k.log")), text)?;
        }
        let kept = dir.path().join("corpus.log");
        let plan = Plan {
            corpus_dir: dir.path(),
            fallback: &dir.path().join("unused.log"),
            keep_at: Some(&kept),
            lines: 4,
            block: 1,
            stamped: false,
        };
        let built = plan.prepare()?;
        assert_eq!(fs::read_to_string(&kept)?, "a1\nb1\na1\nb2\n");
        assert!(built.origin.contains("2 datasets (A, B)"));
        let reused = Plan { lines: 99, ..plan }.prepare()?;
        assert_eq!((reused.lines, reused.bytes), (4, 12));
        assert!(reused.origin.starts_with("reused"));
        Ok(())
    }
}
