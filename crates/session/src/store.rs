//! Session files on disk: `<workspace>/sessions/<slug>.json`, private to the user, each
//! change saved at once.
//!
//! A save serialises the whole session and replaces the file atomically (a temporary file in
//! the same folder, written and synced, renamed over the old one, then the folder synced):
//! whenever the process dies, the file is the previous or the next version, never a mix, and a
//! decision is on disk when [`SessionFile::decide`] returns. Changes take an advisory lock on
//! `<slug>.json.lock` and re-read the file first if another process (the app and the command
//! line at once) saved it since, so neither overwrites the other's decisions.

use crate::carry::carry_over;
use crate::curate::{self, check_price};
use crate::format::SessionFormatter;
use crate::model::{
    DropRate, SeenTemplate, Session, SessionSample, Verdict, DEFAULT_PRICE_PER_GB_USD,
    SESSION_SCHEMA,
};
use crate::render::Rendered;
use crate::{Error, Result};
use fs4::fs_std::FileExt;
use lognoise_index::SearchIndex;
use lognoise_miner::TemplateId;
use lognoise_workspace::{create_private_dir, write_private_atomic, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// Folder of the session files inside a workspace.
pub const SESSIONS_DIR: &str = "sessions";

/// Name of the session [`SessionFile::open_or_create`] starts when a workspace has none.
pub const FIRST_SESSION: &str = "review";

/// What a new session needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewSession {
    /// Its name (the file name is made from it).
    pub name: String,
    /// Who is in the room.
    pub reviewers: Vec<String>,
    /// Price per GB ingested into a Standard log group [default: [`DEFAULT_PRICE_PER_GB_USD`]].
    pub price_per_gb_usd: Option<f64>,
    /// Price per GB ingested into an Infrequent Access log group [default:
    /// [`crate::DEFAULT_INFREQUENT_ACCESS_PRICE_PER_GB_USD`]].
    pub infrequent_access_price_per_gb_usd: Option<f64>,
    /// Price per GB-month of archived storage [default:
    /// [`crate::DEFAULT_STORAGE_PRICE_PER_GB_MONTH_USD`]].
    pub storage_price_per_gb_month_usd: Option<f64>,
    /// Price per GB scanned by Logs Insights [default:
    /// [`crate::DEFAULT_INSIGHTS_PRICE_PER_GB_USD`]].
    pub insights_price_per_gb_usd: Option<f64>,
    /// Price ingestion alone, leaving storage and Insights scans out of every figure.
    pub ingestion_only: bool,
    /// The session to compare with and carry decisions over from [default: the newest one].
    pub previous: Option<String>,
    /// Start with no decisions, comparing with no earlier session.
    pub fresh: bool,
    /// When it was created [default: now].
    pub created_at_ms: Option<i64>,
}

/// A change to one template's decision. Fields left `None` keep what the decision had.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    /// The verdict; `None` makes the template undecided.
    pub verdict: Option<Verdict>,
    /// Owner team; `Some("")` removes it.
    pub owner: Option<String>,
    /// Note; `Some("")` removes it.
    pub note: Option<String>,
    /// Labels to set; an empty value removes the label. `env` is read as `environment`.
    pub labels: BTreeMap<String, String>,
    /// How much of a noise template to drop; `None` keeps the rate the decision had while it
    /// stays noise. Any other verdict clears the rate.
    pub drop_rate: Option<DropRate>,
    /// Who decided [default: the file's actor, see [`SessionFile::set_actor`]].
    pub decided_by: Option<String>,
    /// When [default: now].
    pub decided_at_ms: Option<i64>,
}

/// One session, open for changes.
#[derive(Debug)]
pub struct SessionFile {
    path: PathBuf,
    session: Session,
    /// What the file looked like when last read or written, to notice other writers.
    stamp: Option<Stamp>,
    actor: Option<String>,
    /// The entries as the last save printed them, so that a decision prints one line again.
    rendered: Rendered,
}

/// Identity of a file version: a rename-based save always makes a new inode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
        })
    }
}

impl SessionFile {
    /// Creates a session on the workspace's current sample, carrying decisions over from
    /// earlier sessions (unless `fresh`), and saves it.
    pub fn create(ws: &Workspace, new: NewSession) -> Result<SessionFile> {
        let slug = slug(&new.name)?;
        let dir = sessions_dir(ws);
        create_private_dir(&dir)?;
        let path = dir.join(format!("{slug}.json"));
        if path.exists() {
            return Err(Error::SessionExists {
                name: new.name,
                path,
            });
        }
        let price = new.price_per_gb_usd.unwrap_or(DEFAULT_PRICE_PER_GB_USD);
        check_price(price)?;
        for price in [
            new.infrequent_access_price_per_gb_usd,
            new.storage_price_per_gb_month_usd,
            new.insights_price_per_gb_usd,
        ]
        .into_iter()
        .flatten()
        {
            check_price(price)?;
        }
        let templates = ws.templates().templates();
        if templates.is_empty() {
            return Err(Error::EmptyWorkspace {
                path: ws.root().to_path_buf(),
            });
        }
        let (sample, per_template) =
            SessionSample::of_workspace_index(ws, &SearchIndex::open(ws)?)?;
        let created_at_ms = new.created_at_ms.unwrap_or_else(now_ms);
        // Sessions made after this one (a back-dated session) are not its past.
        let earlier: Vec<SessionInfo> = list_sessions(ws)?
            .into_iter()
            .filter(|s| s.session.created_at_ms <= created_at_ms)
            .collect();
        let previous = if new.fresh {
            None
        } else {
            match &new.previous {
                Some(name) => Some(find(ws, &earlier, name)?.session),
                None => earlier.last().map(|s| s.session.clone()),
            }
        };
        // Decisions come from the previous session and those before it, newest first.
        let carry_from: Vec<&Session> = match &previous {
            Some(p) => earlier
                .iter()
                .rev()
                .map(|s| &s.session)
                .filter(|s| (s.created_at_ms, &s.name) <= (p.created_at_ms, &p.name))
                .collect(),
            None => Vec::new(),
        };
        let mut session = Session {
            schema: SESSION_SCHEMA.to_string(),
            name: new.name.trim().to_string(),
            created_at_ms,
            reviewers: new.reviewers,
            sample,
            price_per_gb_usd: price,
            infrequent_access_price_per_gb_usd: new.infrequent_access_price_per_gb_usd,
            storage_price_per_gb_month_usd: new.storage_price_per_gb_month_usd,
            insights_price_per_gb_usd: new.insights_price_per_gb_usd,
            ingestion_only: new.ingestion_only,
            previous: previous.as_ref().map(|p| p.name.clone()),
            templates: templates
                .iter()
                .map(|t| {
                    (
                        t.id,
                        SeenTemplate {
                            text: t.text.clone(),
                            count: t.count,
                            bytes: t.bytes,
                            by_group: per_template
                                .get(&t.id)
                                .map(|(_, by_group)| by_group.clone())
                                .unwrap_or_default(),
                        },
                    )
                })
                .collect(),
            decisions: BTreeMap::new(),
            merges: Vec::new(),
            splits: Vec::new(),
        };
        carry_over(&mut session, &carry_from);
        let mut file = SessionFile {
            path,
            session,
            stamp: None,
            actor: None,
            rendered: Rendered::default(),
        };
        let _lock = file.lock()?;
        file.save()?;
        Ok(file)
    }

    /// Opens a session file.
    pub fn open(path: &Path) -> Result<SessionFile> {
        let stamp = Stamp::of(path);
        let session = read_session(path)?;
        Ok(SessionFile {
            path: path.to_path_buf(),
            session,
            stamp,
            actor: None,
            rendered: Rendered::default(),
        })
    }

    /// Opens the workspace's session with this name (or file name).
    pub fn open_named(ws: &Workspace, name: &str) -> Result<SessionFile> {
        let all = list_sessions(ws)?;
        let info = find(ws, &all, name)?;
        SessionFile::open(&info.path)
    }

    /// Opens the workspace's newest session; `None` when it has none.
    pub fn open_newest(ws: &Workspace) -> Result<Option<SessionFile>> {
        match list_sessions(ws)?.pop() {
            Some(info) => SessionFile::open(&info.path).map(Some),
            None => Ok(None),
        }
    }

    /// Opens the workspace's newest session, or creates the first one ([`FIRST_SESSION`])
    /// when it has none.
    pub fn open_or_create(ws: &Workspace) -> Result<SessionFile> {
        match SessionFile::open_newest(ws)? {
            Some(file) => Ok(file),
            None => SessionFile::create(
                ws,
                NewSession {
                    name: FIRST_SESSION.into(),
                    ..NewSession::default()
                },
            ),
        }
    }

    /// The session as last read or saved.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Names who makes the changes that do not say (merges, splits, decisions without
    /// `decided_by`) [default: [`default_user`]].
    pub fn set_actor(&mut self, who: impl Into<String>) {
        self.actor = Some(who.into());
    }

    fn actor(&mut self) -> Option<String> {
        if self.actor.is_none() {
            self.actor = default_user();
        }
        self.actor.clone()
    }

    /// Records a decision about a template and saves at once.
    ///
    /// This is the change a meeting makes most, so it edits the one decision in place (and
    /// puts it back if the save fails) rather than copying the session like other changes.
    /// The input is checked first ([`curate::check_decision`]): labels that are not label
    /// names or values longer than a line are refused, whoever asks.
    pub fn decide(&mut self, id: TemplateId, input: DecisionInput) -> Result<()> {
        let input = curate::check_decision(input)?;
        let by = input.decided_by.clone().or_else(|| self.actor());
        let _lock = self.lock()?;
        self.reload_if_changed()?;
        let s = &mut self.session;
        if let Some(into) = s.merged_into(id) {
            return Err(Error::MergedMember { member: id, into });
        }
        if s.text_of(id).is_none() {
            return Err(Error::UnknownTemplate(id));
        }
        let before = s.decisions.get(&id).cloned();
        curate::apply(s.decisions.entry(id).or_default(), input, by);
        self.rendered.decision_changed(id);
        if let Err(e) = self.save() {
            match before {
                Some(d) => self.session.decisions.insert(id, d),
                None => self.session.decisions.remove(&id),
            };
            self.rendered.decision_changed(id);
            return Err(e);
        }
        Ok(())
    }

    /// Records the verdict a suggestion proposes ([`crate::Suggestion::acceptance`]) and saves.
    /// The command line's `suggest --accept` and the app's accept key both come here.
    pub fn accept_suggestion(&mut self, suggestion: &crate::Suggestion) -> Result<()> {
        self.decide(suggestion.id, suggestion.acceptance()?)
    }

    /// Adds the workspace's templates the session has not seen (imported after it was created)
    /// to its templates, so they can be decided, and saves; returns how many were added.
    /// Templates it has seen keep the figures it saw.
    pub fn add_templates(&mut self, ws: &Workspace) -> Result<usize> {
        let mut added = 0;
        self.update(|s| {
            added = curate::adopt_templates(s, ws);
            Ok(())
        })?;
        Ok(added)
    }

    /// Adds the workspace's new templates ([`SessionFile::add_templates`]) when one of `ids` is
    /// unseen ([`curate::is_unseen`]), so that a change can name a template imported after the
    /// session was created; saves only then. Returns how many were added.
    pub fn adopt_unseen(&mut self, ws: &Workspace, ids: &[TemplateId]) -> Result<usize> {
        if ids
            .iter()
            .any(|&id| curate::is_unseen(&self.session, ws, id))
        {
            self.add_templates(ws)
        } else {
            Ok(0)
        }
    }

    /// Replaces the reviewers and saves.
    pub fn set_reviewers(&mut self, reviewers: Vec<String>) -> Result<()> {
        self.update(|s| {
            s.reviewers = reviewers;
            Ok(())
        })
    }

    /// Changes the price per GB and saves.
    pub fn set_price(&mut self, price_per_gb_usd: f64) -> Result<()> {
        check_price(price_per_gb_usd)?;
        self.update(|s| {
            s.price_per_gb_usd = price_per_gb_usd;
            Ok(())
        })
    }

    /// Changes the price per GB of Infrequent Access log groups and saves.
    pub fn set_infrequent_access_price(&mut self, price_per_gb_usd: f64) -> Result<()> {
        self.set_prices(None, Some(price_per_gb_usd))
    }

    /// Changes the prices given (Standard, Infrequent Access) in one save, or neither when one
    /// is not a price.
    pub fn set_prices(
        &mut self,
        standard_per_gb_usd: Option<f64>,
        infrequent_access_per_gb_usd: Option<f64>,
    ) -> Result<()> {
        for price in [standard_per_gb_usd, infrequent_access_per_gb_usd]
            .into_iter()
            .flatten()
        {
            check_price(price)?;
        }
        self.update(|s| {
            if let Some(price) = standard_per_gb_usd {
                s.price_per_gb_usd = price;
            }
            if infrequent_access_per_gb_usd.is_some() {
                s.infrequent_access_price_per_gb_usd = infrequent_access_per_gb_usd;
            }
            Ok(())
        })
    }

    /// Sets the storage and Insights scan prices (each when given) and whether figures price
    /// ingestion only (when given), and saves; a bad price changes nothing.
    pub fn set_billed(
        &mut self,
        storage_per_gb_month_usd: Option<f64>,
        insights_per_gb_usd: Option<f64>,
        ingestion_only: Option<bool>,
    ) -> Result<()> {
        for price in [storage_per_gb_month_usd, insights_per_gb_usd]
            .into_iter()
            .flatten()
        {
            check_price(price)?;
        }
        self.update(|s| {
            if storage_per_gb_month_usd.is_some() {
                s.storage_price_per_gb_month_usd = storage_per_gb_month_usd;
            }
            if insights_per_gb_usd.is_some() {
                s.insights_price_per_gb_usd = insights_per_gb_usd;
            }
            if let Some(only) = ingestion_only {
                s.ingestion_only = only;
            }
            Ok(())
        })
    }

    /// Records that `member` is the same message as `into` and saves. The decision about
    /// `into` then applies to both; if only `member` was decided, its decision moves to `into`.
    pub fn merge(&mut self, into: TemplateId, member: TemplateId) -> Result<()> {
        self.merge_all(into, &[member])
    }

    /// Merges each of `members` into `into` ([`SessionFile::merge`]) as one change, saved once:
    /// all of them are merged or, when one cannot be, none. Members are checked by
    /// [`curate::merge_members`].
    pub fn merge_all(&mut self, into: TemplateId, members: &[TemplateId]) -> Result<()> {
        let members = curate::merge_members(into, members)?;
        let by = self.actor();
        self.update(|s| {
            for member in members {
                curate::merge(s, into, member, by.clone())?;
            }
            Ok(())
        })
    }

    /// Splits a template by the values of its `variable`-th `<*>` (from 0) and saves: each
    /// value becomes a part of its own (see [`crate::SplitPart`]) that can be decided apart.
    /// Splitting again by the same variable adds values; by another variable, replaces the
    /// split. Values are checked by [`curate::split_values`].
    pub fn split(&mut self, id: TemplateId, variable: usize, values: &[String]) -> Result<()> {
        let by = self.actor();
        self.update(|s| curate::split(s, id, variable, values, by))
    }

    /// Undoes the merge whose `into` is `into` (decisions stay where they are) and saves.
    pub fn unmerge(&mut self, into: TemplateId) -> Result<()> {
        self.update(|s| curate::unmerge(s, into, None))
    }

    /// Takes one `member` out of the merge into `into`, the others staying merged, and saves
    /// once (the merge goes when it was its last member). Decisions stay where they are.
    pub fn unmerge_member(&mut self, into: TemplateId, member: TemplateId) -> Result<()> {
        self.update(|s| curate::unmerge(s, into, Some(member)))
    }

    /// Undoes the split of `id` (its parts' decisions are dropped) and saves.
    pub fn unsplit(&mut self, id: TemplateId) -> Result<()> {
        self.update(|s| curate::unsplit(s, id))
    }

    /// Saves the session as it is (atomically); changes through this type already do.
    pub fn save(&mut self) -> Result<()> {
        let size = self.stamp.map_or(0, |s| s.len as usize);
        let bytes = self.rendered.print(&self.session, size)?;
        write_private_atomic(&self.path, &bytes)?;
        self.stamp = Stamp::of(&self.path);
        Ok(())
    }

    /// Applies a change under the lock, to the newest version of the file, and saves it.
    /// On error nothing is saved and the session is left as the file has it.
    fn update(&mut self, change: impl FnOnce(&mut Session) -> Result<()>) -> Result<()> {
        let _lock = self.lock()?;
        self.reload_if_changed()?;
        let mut next = self.session.clone();
        change(&mut next)?;
        let previous = std::mem::replace(&mut self.session, next);
        self.rendered.clear();
        if let Err(e) = self.save() {
            self.session = previous;
            self.rendered.clear();
            return Err(e);
        }
        Ok(())
    }

    /// Reads the file again if another process saved it since this one read or wrote it.
    fn reload_if_changed(&mut self) -> Result<()> {
        let now = Stamp::of(&self.path);
        if now.is_some() && now != self.stamp {
            self.session = read_session(&self.path)?;
            self.rendered.clear();
            self.stamp = now;
        }
        Ok(())
    }

    fn lock(&self) -> Result<File> {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        let path = self.path.with_file_name(name);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let f = options.open(&path).map_err(|e| Error::io(&path, e))?;
        f.lock_exclusive().map_err(|e| Error::io(&path, e))?;
        Ok(f)
    }
}

/// The session as the file stores it: JSON, pretty down to one line per template, decision,
/// merge and split (see the `format` module), with a final newline.
pub fn to_json(session: &Session) -> Result<Vec<u8>> {
    to_json_sized(session, 0)
}

/// [`to_json`] into a buffer made for about `size` bytes (the file's last size), so that a
/// save of a large session does not grow its buffer again and again.
fn to_json_sized(session: &Session, size: usize) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(size + size / 8 + 4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut bytes, SessionFormatter::default());
    session
        .serialize(&mut ser)
        .map_err(|e| Error::damaged(Path::new(&session.name), e))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Reads a session from JSON, refusing schemas newer than this build's.
pub fn from_json(path: &Path, bytes: &[u8]) -> Result<Session> {
    #[derive(Deserialize)]
    struct Schema {
        schema: String,
    }
    let schema: Schema = serde_json::from_slice(bytes)
        .map_err(|e| Error::damaged(path, format!("no schema field: {e}")))?;
    if schema.schema != SESSION_SCHEMA {
        let newer = schema
            .schema
            .strip_prefix("lognoise.session/v")
            .and_then(|v| v.parse::<u32>().ok())
            .is_some_and(|v| v > 1);
        if newer {
            return Err(Error::NewerSchema {
                path: path.to_path_buf(),
                found: schema.schema,
                supported: SESSION_SCHEMA,
            });
        }
        return Err(Error::damaged(
            path,
            format!("schema {} is not {SESSION_SCHEMA}", schema.schema),
        ));
    }
    serde_json::from_slice(bytes).map_err(|e| Error::damaged(path, e))
}

fn read_session(path: &Path) -> Result<Session> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    from_json(path, &bytes)
}

/// A session file found in a workspace.
#[derive(Clone, Debug)]
pub struct SessionInfo {
    /// Its file.
    pub path: PathBuf,
    /// The session.
    pub session: Session,
}

/// The workspace's sessions, oldest first (by creation time, then name). Files that cannot be
/// read are errors: a damaged session must be noticed, not skipped.
pub fn list_sessions(ws: &Workspace) -> Result<Vec<SessionInfo>> {
    let dir = sessions_dir(ws);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "json") {
            let session = read_session(&path)?;
            out.push(SessionInfo { path, session });
        }
    }
    out.sort_by(|a, b| {
        (a.session.created_at_ms, &a.session.name).cmp(&(b.session.created_at_ms, &b.session.name))
    });
    Ok(out)
}

fn find(ws: &Workspace, all: &[SessionInfo], name: &str) -> Result<SessionInfo> {
    let wanted = slug(name).ok();
    all.iter()
        .find(|s| {
            s.session.name == name
                || wanted.as_deref().is_some_and(|w| {
                    s.path.file_stem().is_some_and(|stem| stem == w)
                        || slug(&s.session.name).ok().as_deref() == Some(w)
                })
        })
        .cloned()
        .ok_or_else(|| Error::NoSuchSession {
            name: name.to_string(),
            workspace: ws.root().to_path_buf(),
        })
}

/// Folder of a workspace's sessions.
pub fn sessions_dir(ws: &Workspace) -> PathBuf {
    ws.root().join(SESSIONS_DIR)
}

/// File name (without `.json`) made from a session name: lower case letters and digits, other
/// characters as single dashes (`2026-03 Graph club` is `2026-03-graph-club`).
pub fn slug(name: &str) -> Result<String> {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() || out.len() > 120 {
        return Err(Error::BadName(name.to_string()));
    }
    Ok(out)
}

/// Who is deciding when nobody says: `git config user.name`, else `$USER` (`$USERNAME` on
/// Windows).
pub fn default_user() -> Option<String> {
    let git = std::process::Command::new("git")
        .args(["config", "user.name"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    git.or_else(|| {
        ["USER", "USERNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    })
}

pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(slug("2026-03 Graph club").unwrap(), "2026-03-graph-club");
        assert_eq!(slug("  payments / weekly  ").unwrap(), "payments-weekly");
        assert!(slug("../..").is_err());
        assert!(slug("").is_err());
    }

    #[test]
    fn newer_schemas_are_named_and_garbage_is_damaged() {
        let p = Path::new("s.json");
        let newer = from_json(p, br#"{"schema":"lognoise.session/v2"}"#).unwrap_err();
        assert!(matches!(newer, Error::NewerSchema { .. }), "{newer}");
        let other = from_json(p, br#"{"schema":"something"}"#).unwrap_err();
        assert!(matches!(other, Error::Damaged { .. }), "{other}");
        let half = from_json(p, br#"{"schema":"lognoise.session/v1","na"#).unwrap_err();
        assert!(matches!(half, Error::Damaged { .. }), "{half}");
    }
}
