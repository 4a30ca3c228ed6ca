//! What commands take and return, shaped for the front end. The TypeScript declarations in
//! `ui/src/bindings.ts` are generated from these types (see `bindings.rs`), so the two sides
//! cannot drift apart unnoticed.
//!
//! Engine types are mapped here rather than sent as they are: the UI wants ids as strings,
//! highlights as text parts (byte offsets mean nothing to JavaScript strings), and costs already
//! extrapolated to a month.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// About the app, asked once at start.
#[derive(Clone, Debug, Serialize, TS)]
pub struct AppInfo {
    /// Version of the app.
    pub version: String,
    /// Workspace to open at once (from `--workspace DIR`, `--demo` or `LOGNOISE_WORKSPACE`).
    pub initial_workspace: Option<String>,
    /// Where the demo workspace lives.
    pub demo_workspace: String,
}

/// A workspace opened before.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct RecentWorkspace {
    /// Its folder.
    pub path: String,
    /// When it was last opened (ms since the Unix epoch).
    #[ts(type = "number")]
    pub opened_at_ms: i64,
}

/// The open workspace.
#[derive(Clone, Debug, Serialize, TS)]
pub struct WorkspaceInfo {
    /// Its folder.
    pub path: String,
    /// Folder name, for titles.
    pub name: String,
    /// Events stored.
    #[ts(type = "number")]
    pub events: u64,
    /// Bytes of their messages.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Templates.
    #[ts(type = "number")]
    pub templates: usize,
    /// Earliest event time.
    #[ts(type = "number | null")]
    pub start_ms: Option<i64>,
    /// Latest event time.
    #[ts(type = "number | null")]
    pub end_ms: Option<i64>,
    /// Levels seen in the workspace, most events first (search facets).
    pub levels: Vec<String>,
}

/// Progress of an import, streamed through a channel.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(tag = "event", content = "data", rename_all = "snake_case")]
pub enum ImportProgress {
    /// Reading the input.
    Reading {
        /// Bytes read so far.
        #[ts(type = "number")]
        bytes_read: u64,
        /// Bytes in all inputs (0 when unknown).
        #[ts(type = "number")]
        bytes_total: u64,
        /// Events imported so far.
        #[ts(type = "number")]
        events: u64,
    },
    /// Done.
    Finished {
        /// Events added.
        #[ts(type = "number")]
        events: u64,
        /// Templates in the workspace after the import.
        #[ts(type = "number")]
        templates: usize,
    },
}

/// What an import of local files did.
#[derive(Clone, Debug, Serialize, TS)]
pub struct ImportSummary {
    /// Events added.
    #[ts(type = "number")]
    pub events: u64,
    /// Templates after the import.
    #[ts(type = "number")]
    pub templates: usize,
    /// Lines that could not be read, one sentence each (the first few).
    pub problems: Vec<String>,
    /// Files that do not look like text, one sentence each (`path: does not look like text...`).
    pub not_text: Vec<String>,
    /// The workspace after the import.
    pub workspace: WorkspaceInfo,
}

/// A level with how many events had it.
#[derive(Clone, Debug, Serialize, TS)]
pub struct LevelCount {
    /// Level, lower case.
    pub level: String,
    /// Events.
    #[ts(type = "number")]
    pub count: u64,
}

/// One row of the template queue.
#[derive(Clone, Debug, Serialize, TS)]
pub struct TemplateRowView {
    /// Template id (16 hex digits).
    pub id: String,
    /// Template text, variables as `<*>`.
    pub text: String,
    /// Events in the sample.
    #[ts(type = "number")]
    pub count: u64,
    /// Bytes in the sample.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Share of the sample's events, 0 to 1.
    pub share: f64,
    /// Bytes a month, extrapolated from the sample's window; `None` without event times.
    pub monthly_bytes: Option<f64>,
    /// Ingestion cost a month in US dollars at the workspace's price.
    pub monthly_cost_usd: Option<f64>,
    /// Levels, most events first.
    pub levels: Vec<LevelCount>,
    /// Log groups, most events first (empty when not known yet).
    pub log_groups: Vec<String>,
    /// Events per time bucket over the workspace's window.
    #[ts(type = "Array<number>")]
    pub series: Vec<u64>,
}

/// The template queue.
#[derive(Clone, Debug, Serialize, TS)]
pub struct TemplatesView {
    /// Events in the workspace.
    #[ts(type = "number")]
    pub events: u64,
    /// Bytes in the workspace.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Start of the first series bucket.
    #[ts(type = "number | null")]
    pub series_start_ms: Option<i64>,
    /// Width of a series bucket in ms.
    #[ts(type = "number | null")]
    pub series_bucket_ms: Option<i64>,
    /// Price used for the costs, US dollars per GB ingested.
    pub price_per_gb_usd: f64,
    /// Rows, most events first.
    pub templates: Vec<TemplateRowView>,
}

/// A value of a variable with its count.
#[derive(Clone, Debug, Serialize, TS)]
pub struct ValueView {
    /// The value.
    pub value: String,
    /// Times seen (upper bound past 8 distinct values).
    #[ts(type = "number")]
    pub count: u64,
}

/// What one `<*>` of a template has seen.
#[derive(Clone, Debug, Serialize, TS)]
pub struct VariableView {
    /// Position of the `<*>`, from 0.
    #[ts(type = "number")]
    pub index: usize,
    /// Estimated distinct values.
    #[ts(type = "number")]
    pub distinct_estimate: u64,
    /// Most frequent values.
    pub top_values: Vec<ValueView>,
}

/// Events of one log group.
#[derive(Clone, Debug, Serialize, TS)]
pub struct GroupCountView {
    /// Log group.
    pub group: String,
    /// Events.
    #[ts(type = "number")]
    pub count: u64,
}

/// The detail pane of one template.
#[derive(Clone, Debug, Serialize, TS)]
pub struct TemplateDetail {
    /// Template id.
    pub id: String,
    /// Template text.
    pub text: String,
    /// Events.
    #[ts(type = "number")]
    pub count: u64,
    /// Bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Example lines.
    pub examples: Vec<String>,
    /// One entry per `<*>`.
    pub variables: Vec<VariableView>,
    /// Levels, most events first.
    pub levels: Vec<LevelCount>,
    /// Log groups, most events first.
    pub groups: Vec<GroupCountView>,
    /// Earliest event time.
    #[ts(type = "number | null")]
    pub first_seen: Option<i64>,
    /// Latest event time.
    #[ts(type = "number | null")]
    pub last_seen: Option<i64>,
}

/// A search as the UI asks it.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct SearchArgs {
    /// Query text (tantivy syntax; empty matches everything).
    pub query: String,
    /// Events at or after this time.
    #[ts(type = "number | null")]
    pub since_ms: Option<i64>,
    /// Events before this time.
    #[ts(type = "number | null")]
    pub until_ms: Option<i64>,
    /// Only this log group.
    pub group: Option<String>,
    /// Only this template (id).
    pub template: Option<String>,
    /// Only this level.
    pub level: Option<String>,
    /// Hits to return (1 to 1000).
    #[ts(type = "number")]
    pub limit: usize,
}

/// A piece of a hit's message, matched or not.
#[derive(Clone, Debug, Serialize, TS)]
pub struct TextPart {
    /// The text.
    pub text: String,
    /// Whether it matched the query.
    pub matched: bool,
}

/// One matching event.
#[derive(Clone, Debug, Serialize, TS)]
pub struct HitView {
    /// Sequence number in the workspace.
    #[ts(type = "number")]
    pub seq: u64,
    /// Event time.
    #[ts(type = "number | null")]
    pub timestamp_ms: Option<i64>,
    /// Log group.
    pub log_group: Option<String>,
    /// Level.
    pub level: Option<String>,
    /// The message cut into matched and unmatched parts.
    pub parts: Vec<TextPart>,
    /// Template id.
    pub template_id: Option<String>,
    /// Template text.
    pub template: Option<String>,
}

/// A template with its matching events.
#[derive(Clone, Debug, Serialize, TS)]
pub struct TemplateFacet {
    /// Template id.
    pub id: String,
    /// Template text.
    pub text: String,
    /// Matching events.
    #[ts(type = "number")]
    pub count: u64,
}

/// Matching events over time.
#[derive(Clone, Debug, Serialize, TS)]
pub struct HistogramView {
    /// Start of the first bucket.
    #[ts(type = "number")]
    pub start_ms: i64,
    /// Bucket width in ms.
    #[ts(type = "number")]
    pub bucket_ms: i64,
    /// Events per bucket.
    #[ts(type = "Array<number>")]
    pub counts: Vec<u64>,
}

/// The answer to a search.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SearchView {
    /// Matching events.
    #[ts(type = "number")]
    pub total: u64,
    /// Newest matching events.
    pub hits: Vec<HitView>,
    /// Facet: templates.
    pub templates: Vec<TemplateFacet>,
    /// Facet: log groups.
    pub groups: Vec<GroupCountView>,
    /// Facet: levels.
    pub levels: Vec<LevelCount>,
    /// Histogram, when events have times.
    pub histogram: Option<HistogramView>,
    /// Time the engine took, in ms (for the status line).
    pub took_ms: f64,
}

/// One decision of the review session.
#[derive(Clone, Debug, Serialize, TS)]
pub struct DecisionView {
    /// Template id.
    pub template_id: String,
    /// `noise`, `keep` or `signal`; `None` while undecided.
    pub verdict: Option<String>,
    /// Owner team.
    pub owner: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// Labels saved with the decision (`environment`, `service`, `team`, `version`...).
    pub labels: std::collections::BTreeMap<String, String>,
}

/// The review session decisions are recorded in.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SessionView {
    /// Its name.
    pub name: String,
    /// Its file (saved at every decision).
    pub path: String,
    /// Every decision made or carried over.
    pub decisions: Vec<DecisionView>,
    /// Templates merged into others.
    pub merges: Vec<MergeView>,
    /// Templates split by the values of a variable.
    pub splits: Vec<SplitView>,
}

/// Templates found to be one message, shown as the template `into`.
#[derive(Clone, Debug, Serialize, TS)]
pub struct MergeView {
    /// The template that stands for the merge.
    pub into: String,
    /// The templates merged into it, oldest merge first.
    pub members: Vec<String>,
}

/// A template split by the values of one of its variables.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SplitView {
    /// The template split.
    pub template: String,
    /// Which `<*>` (from 0).
    #[ts(type = "number")]
    pub variable: usize,
    /// One part per value.
    pub parts: Vec<SplitPartView>,
}

/// One value of a split, decided apart from the rest of its template.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SplitPartView {
    /// The variable's value.
    pub value: String,
    /// The part's id (the id of its text).
    pub id: String,
    /// The template text with the value in place of the variable.
    pub text: String,
}

/// One row of the review queue: a template, a merge shown as one row, or a split's part.
#[derive(Clone, Debug, Serialize, TS)]
pub struct QueueRowView {
    /// What the queue shows in its columns.
    #[serde(flatten)]
    #[ts(flatten)]
    pub row: TemplateRowView,
    /// The text reordered for reading where that helps (a JSON template: its message first,
    /// then the fields that tell it apart); the row shows it, the detail the full text.
    pub headline: Option<String>,
    /// `template`, `merged`, `split_part` or `split_rest`.
    pub kind: String,
    /// For a merge, the templates merged into this one.
    pub members: Vec<String>,
    /// For a split part or rest, the template split.
    pub split_of: Option<String>,
    /// Whether the count is an upper bound (a part of a variable with many values).
    pub estimated: bool,
}

/// The review queue as the open session shapes it (merges folded, splits expanded).
#[derive(Clone, Debug, Serialize, TS)]
pub struct ReviewQueueView {
    /// Events in the workspace.
    #[ts(type = "number")]
    pub events: u64,
    /// Bytes in the workspace.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Price used for the costs, US dollars per GB ingested.
    pub price_per_gb_usd: f64,
    /// Rows, most events first.
    pub rows: Vec<QueueRowView>,
}

/// An AWS profile the Sources screen offers (names and regions only: no key leaves Rust).
#[derive(Clone, Debug, Serialize, TS)]
pub struct AwsProfileView {
    /// Its name in `~/.aws/config` or `~/.aws/credentials`.
    pub name: String,
    /// The region it sets, preselected when the profile is picked.
    pub region: Option<String>,
}

/// The profiles and regions to pick from.
#[derive(Clone, Debug, Serialize, TS)]
pub struct AwsProfilesView {
    /// Every profile of the AWS config and credentials files, by name.
    pub profiles: Vec<AwsProfileView>,
    /// The profile the AWS CLI would use (`AWS_PROFILE`, else `default`), preselected.
    pub selected: String,
    /// `AWS_REGION`, which wins over a profile's region.
    pub env_region: Option<String>,
    /// Regions with CloudWatch Logs, for the region picker.
    pub regions: Vec<String>,
}

/// Where CloudWatch calls go: a profile and a region, each `None` for the AWS CLI's choice.
#[derive(Clone, Debug, Default, Deserialize, TS)]
pub struct AwsTarget {
    /// Profile name.
    pub profile: Option<String>,
    /// Region.
    pub region: Option<String>,
}

/// A log group in the Sources screen's list.
#[derive(Clone, Debug, Serialize, TS)]
pub struct LogGroupView {
    /// Its name.
    pub name: String,
    /// Bytes stored, as CloudWatch last measured them.
    #[ts(type = "number | null")]
    pub stored_bytes: Option<u64>,
    /// Days events are kept; `None` keeps them forever.
    pub retention_days: Option<u32>,
}

/// The time window of a pull.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PullWindow {
    /// The last `minutes` before the pull starts (a pull resumed later keeps its first window).
    Last {
        /// Minutes before now.
        minutes: u32,
    },
    /// From `start_ms` (inclusive) to `end_ms` (exclusive), ms since the Unix epoch.
    Range {
        /// Start.
        #[ts(type = "number")]
        start_ms: i64,
        /// End.
        #[ts(type = "number")]
        end_ms: i64,
    },
}

/// A pull asked for in the Sources screen.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct PullArgs {
    /// Profile and region.
    pub target: AwsTarget,
    /// Log groups to sample.
    pub groups: Vec<String>,
    /// Time window.
    pub window: PullWindow,
    /// Events wanted, spread over the window.
    #[ts(type = "number")]
    pub sample: u64,
    /// CloudWatch filter pattern (`ERROR`, `"payment declined"`); empty for every event.
    pub filter: Option<String>,
}

/// Progress of a pull, streamed through a channel.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(tag = "event", content = "data", rename_all = "snake_case")]
pub enum PullProgressEvent {
    /// Events arrived.
    Pulling {
        /// Events imported by the pull (an earlier, stopped run of it included).
        #[ts(type = "number")]
        events: u64,
        /// Events wanted.
        #[ts(type = "number")]
        target: u64,
        /// Bytes of their messages.
        #[ts(type = "number")]
        bytes: u64,
        /// Requests CloudWatch throttled (the pull slows down and retries them).
        #[ts(type = "number")]
        throttled: u64,
        /// Time since the pull started.
        #[ts(type = "number")]
        elapsed_ms: u64,
        /// Estimated time left at the rate so far; `None` until events arrive.
        #[ts(type = "number | null")]
        eta_ms: Option<u64>,
    },
    /// Done: complete, or stopped with what arrived committed.
    Finished {
        /// Events imported by the pull.
        #[ts(type = "number")]
        events: u64,
        /// Whether the sample is full or the window read to its end.
        complete: bool,
    },
}

/// What a pull did.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PullSummary {
    /// Events imported by this run.
    #[ts(type = "number")]
    pub events: u64,
    /// Events imported by the pull over all its runs.
    #[ts(type = "number")]
    pub pull_events: u64,
    /// Events wanted.
    #[ts(type = "number")]
    pub target: u64,
    /// Whether this run resumed a stopped pull with the same settings.
    pub resumed: bool,
    /// Whether the pull is finished; false when cancelled (pulling again resumes it).
    pub complete: bool,
    /// The workspace after the pull.
    pub workspace: WorkspaceInfo,
}

/// A session of the workspace, as the session picker lists it.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SessionListItem {
    /// Its name.
    pub name: String,
    /// Its file.
    pub path: String,
    /// When it was created (ms since the Unix epoch).
    #[ts(type = "number")]
    pub created_at_ms: i64,
    /// Who was in the room.
    pub reviewers: Vec<String>,
    /// Price per GB ingested, US dollars.
    pub price_per_gb_usd: f64,
    /// Templates it covers.
    #[ts(type = "number")]
    pub templates: usize,
    /// Templates with a verdict (carried over ones included).
    #[ts(type = "number")]
    pub decided: usize,
    /// Of those, marked noise.
    #[ts(type = "number")]
    pub noise: usize,
    /// Whether decisions are being recorded in it now.
    pub current: bool,
}

/// What a new session needs, from the session picker.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct NewSessionArgs {
    /// Its name (the file name is made from it).
    pub name: String,
    /// Who is in the room.
    pub reviewers: Vec<String>,
    /// Price per GB ingested, US dollars; the engine's default when `None`.
    pub price_per_gb_usd: Option<f64>,
    /// Start with no decisions instead of carrying over earlier sessions' decisions.
    pub fresh: bool,
}

/// A protected template (keep or signal) that a rule would reach.
#[derive(Clone, Debug, Serialize, TS)]
pub struct RuleConflictView {
    /// The rule.
    pub rule_id: String,
    /// The protected template.
    pub template_id: String,
    /// Its text.
    pub template: String,
    /// `keep` or `signal`.
    pub verdict: String,
    /// Lines of that template the rule matches.
    #[ts(type = "number")]
    pub lines: u64,
    /// A few of them.
    pub examples: Vec<String>,
}

/// One suppression rule with what it does to the workspace sample.
#[derive(Clone, Debug, Serialize, TS)]
pub struct RuleView {
    /// Rule id (stable for a template and scope).
    pub id: String,
    /// The noise template.
    pub template_id: String,
    /// Its text.
    pub template: String,
    /// The regex shippers run.
    pub pattern: String,
    /// Log groups the rule is limited to (empty: everywhere).
    pub log_groups: Vec<String>,
    /// Owner team of the decision.
    pub owner: Option<String>,
    /// Why the lines are noise.
    pub reason: Option<String>,
    /// Lines of its own template in scope.
    #[ts(type = "number")]
    pub own_lines: u64,
    /// Of those, matched.
    #[ts(type = "number")]
    pub matched_own: u64,
    /// Lines of its own template it misses (they would still be shipped).
    #[ts(type = "number")]
    pub missed: u64,
    /// A few missed lines.
    pub missed_examples: Vec<String>,
    /// Lines of other undecided or noise templates it matches too.
    #[ts(type = "number")]
    pub matched_other: u64,
    /// Lines this rule drops.
    #[ts(type = "number")]
    pub dropped_lines: u64,
    /// Their bytes.
    #[ts(type = "number")]
    pub dropped_bytes: u64,
    /// Protected templates it reaches; saving is blocked while there are any.
    pub conflicts: Vec<RuleConflictView>,
}

/// A rule an export format cannot carry.
#[derive(Clone, Debug, Serialize, TS)]
pub struct NotExpressibleView {
    /// The rule.
    pub rule_id: String,
    /// Why.
    pub reason: String,
}

/// The rule set written in one format, for the preview.
#[derive(Clone, Debug, Serialize, TS)]
pub struct ExportPreview {
    /// Format name, as `lognoise rules export --format` takes it.
    pub format: String,
    /// Human name.
    pub label: String,
    /// File name to suggest when saving.
    pub file_name: String,
    /// The exported text.
    pub text: String,
    /// Rules left out of this format.
    pub not_expressible: Vec<NotExpressibleView>,
}

/// The Rules screen: the rules the session's noise decisions give, validated against the
/// workspace, with every export.
#[derive(Clone, Debug, Serialize, TS)]
pub struct RulesView {
    /// The session the rules come from.
    pub session: String,
    /// Sampled lines they were checked against.
    #[ts(type = "number")]
    pub lines: u64,
    /// Their bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Lines the rules drop.
    #[ts(type = "number")]
    pub removed_lines: u64,
    /// Their bytes.
    #[ts(type = "number")]
    pub removed_bytes: u64,
    /// Share of the sampled bytes dropped, 0 to 1.
    pub removed_share: f64,
    /// Bytes a month not ingested, when the sample has a time window.
    pub removed_monthly_bytes: Option<f64>,
    /// US dollars a month saved, when the sample has a time window.
    pub removed_monthly_cost_usd: Option<f64>,
    /// Price used, US dollars per GB (the session's).
    pub price_per_gb_usd: f64,
    /// Templates marked keep or signal, which no rule may reach.
    #[ts(type = "number")]
    pub protected: usize,
    /// The rules, in the order shippers try them.
    pub rules: Vec<RuleView>,
    /// Every conflict (also listed under its rule).
    pub conflicts: Vec<RuleConflictView>,
    /// The set in every format (empty when there are no rules).
    pub exports: Vec<ExportPreview>,
}

/// A rules file written by the Rules screen.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SavedRules {
    /// Where.
    pub path: String,
    /// In which format.
    pub format: String,
    /// Rules in the set.
    #[ts(type = "number")]
    pub rules: usize,
    /// Bytes written.
    #[ts(type = "number")]
    pub bytes: usize,
    /// Whether conflicts were overridden ("export anyway").
    pub forced: bool,
}

/// A team's share of the saving.
#[derive(Clone, Debug, Serialize, TS)]
pub struct OwnerSavingView {
    /// The owner team; `None` for noise nobody owns yet.
    pub owner: Option<String>,
    /// Noise templates.
    #[ts(type = "number")]
    pub templates: usize,
    /// Bytes a month not ingested.
    pub monthly_bytes: f64,
    /// US dollars a month.
    pub monthly_cost_usd: f64,
}

/// A decided or open template in the summary.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SummaryRowView {
    /// Template id.
    pub id: String,
    /// Template text.
    pub text: String,
    /// `noise`, `keep`, `signal`, or `None` for an open question.
    pub verdict: Option<String>,
    /// Owner team.
    pub owner: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// The session the decision was carried over from.
    pub carried_from: Option<String>,
    /// Events in the sample.
    #[ts(type = "number")]
    pub count: u64,
    /// Estimated US dollars a month.
    pub monthly_cost_usd: f64,
}

/// The Summary screen: what the meeting decided and what it saves.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SummaryView {
    /// Session name.
    pub session: String,
    /// When it was created.
    #[ts(type = "number")]
    pub created_at_ms: i64,
    /// Who was in the room.
    pub reviewers: Vec<String>,
    /// Price used, US dollars per GB.
    pub price_per_gb_usd: f64,
    /// Templates in the session.
    #[ts(type = "number")]
    pub templates: usize,
    /// Decided.
    #[ts(type = "number")]
    pub decided: usize,
    /// Decided in an earlier session and carried over.
    #[ts(type = "number")]
    pub carried_over: usize,
    /// Marked noise.
    #[ts(type = "number")]
    pub noise: usize,
    /// Marked keep.
    #[ts(type = "number")]
    pub keep: usize,
    /// Marked signal.
    #[ts(type = "number")]
    pub signal: usize,
    /// Noise share of the sample's events, 0 to 1.
    pub noise_event_share: f64,
    /// Noise share of the sample's bytes, 0 to 1.
    pub noise_byte_share: f64,
    /// Bytes a month not ingested once the noise is dropped.
    pub monthly_bytes_saved: f64,
    /// US dollars a month saved.
    pub monthly_saving_usd: f64,
    /// Whether the sample has a time span (without one it is taken as a month).
    pub window_known: bool,
    /// Saving per owner team, largest first.
    pub saving_by_owner: Vec<OwnerSavingView>,
    /// Decisions: noise, then keep, then signal; costliest first.
    pub decisions: Vec<SummaryRowView>,
    /// The costliest undecided templates (at most 100).
    pub open_questions: Vec<SummaryRowView>,
    /// Undecided templates in all.
    #[ts(type = "number")]
    pub open_total: usize,
    /// The summary as Markdown, for meeting notes.
    pub markdown: String,
}
