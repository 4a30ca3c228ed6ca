//! What commands take and return, shaped for the front end. The TypeScript declarations in
//! `ui/src/bindings.ts` are generated from these types (see `bindings.rs`), so the two sides
//! cannot drift apart unnoticed.
//!
//! Engine types are mapped here rather than sent as they are: the UI wants ids as strings,
//! highlights as text parts (byte offsets mean nothing to JavaScript strings), and costs already
//! extrapolated to a month.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the room decided about a template; the words of the session file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Suppress these lines at the shipper.
    Noise,
    /// Keep shipping them; not worth a rule.
    Keep,
    /// They carry signal: never suppress.
    Signal,
}

impl From<lognoise_session::Verdict> for Verdict {
    fn from(v: lognoise_session::Verdict) -> Self {
        match v {
            lognoise_session::Verdict::Noise => Verdict::Noise,
            lognoise_session::Verdict::Keep => Verdict::Keep,
            lognoise_session::Verdict::Signal => Verdict::Signal,
        }
    }
}

impl From<Verdict> for lognoise_session::Verdict {
    fn from(v: Verdict) -> Self {
        match v {
            Verdict::Noise => lognoise_session::Verdict::Noise,
            Verdict::Keep => lognoise_session::Verdict::Keep,
            Verdict::Signal => lognoise_session::Verdict::Signal,
        }
    }
}

/// What a row of the review queue stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QueueRowKind {
    /// A template of the workspace.
    Template,
    /// A template with others merged into it.
    Merged,
    /// One value of a split template.
    SplitPart,
    /// A split template's lines with none of the split values.
    SplitRest,
}

impl From<lognoise_session::RowKind> for QueueRowKind {
    fn from(k: lognoise_session::RowKind) -> Self {
        match k {
            lognoise_session::RowKind::Template => QueueRowKind::Template,
            lognoise_session::RowKind::Merged => QueueRowKind::Merged,
            lognoise_session::RowKind::SplitPart => QueueRowKind::SplitPart,
            lognoise_session::RowKind::SplitRest => QueueRowKind::SplitRest,
        }
    }
}

/// A format rules can be exported in, named as `lognoise rules export --format` takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// The native rules file.
    Native,
    /// Fluent Bit `grep` filters, classic syntax.
    FluentBit,
    /// Fluent Bit `grep` filters, YAML.
    FluentBitYaml,
    /// A Vector `filter` transform.
    Vector,
    /// An OpenTelemetry Collector `filter` processor.
    OtelCollector,
    /// CloudWatch Logs Insights queries.
    #[serde(rename = "insights")]
    InsightsQueries,
    /// CloudWatch Logs subscription-filter patterns.
    SubscriptionFilter,
}

impl From<lognoise_rules::ExportFormat> for ExportFormat {
    fn from(f: lognoise_rules::ExportFormat) -> Self {
        use lognoise_rules::ExportFormat as Engine;
        match f {
            Engine::Native => ExportFormat::Native,
            Engine::FluentBit => ExportFormat::FluentBit,
            Engine::FluentBitYaml => ExportFormat::FluentBitYaml,
            Engine::Vector => ExportFormat::Vector,
            Engine::OtelCollector => ExportFormat::OtelCollector,
            Engine::InsightsQueries => ExportFormat::InsightsQueries,
            Engine::SubscriptionFilter => ExportFormat::SubscriptionFilter,
        }
    }
}

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
    pub events: u64,
    /// Bytes of their messages.
    pub bytes: u64,
    /// Templates.
    pub templates: usize,
    /// Earliest event time.
    pub start_ms: Option<i64>,
    /// Latest event time.
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
        bytes_read: u64,
        /// Bytes in all inputs (0 when unknown).
        bytes_total: u64,
        /// Events imported so far.
        events: u64,
    },
    /// Done.
    Finished {
        /// Events added.
        events: u64,
        /// Templates in the workspace after the import.
        templates: usize,
    },
}

/// What an import of local files did.
#[derive(Clone, Debug, Serialize, TS)]
pub struct ImportSummary {
    /// Events added.
    pub events: u64,
    /// Templates after the import.
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
    pub count: u64,
    /// Bytes in the sample.
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
    pub series: Vec<u64>,
}

/// A value of a variable with its count.
#[derive(Clone, Debug, Serialize, TS)]
pub struct ValueView {
    /// The value.
    pub value: String,
    /// Times seen (upper bound past 8 distinct values).
    pub count: u64,
}

/// What one `<*>` of a template has seen.
#[derive(Clone, Debug, Serialize, TS)]
pub struct VariableView {
    /// Position of the `<*>`, from 0.
    pub index: usize,
    /// Estimated distinct values.
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
    pub count: u64,
    /// Bytes.
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
    pub first_seen: Option<i64>,
    /// Latest event time.
    pub last_seen: Option<i64>,
}

/// A search as the UI asks it.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct SearchArgs {
    /// Query text (tantivy syntax; empty matches everything).
    pub query: String,
    /// Events at or after this time.
    pub since_ms: Option<i64>,
    /// Events before this time.
    pub until_ms: Option<i64>,
    /// Only this log group.
    pub group: Option<String>,
    /// Only this template (id).
    pub template: Option<String>,
    /// Only this level.
    pub level: Option<String>,
    /// Hits to return (1 to 1000).
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
    pub seq: u64,
    /// Event time.
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
    pub count: u64,
}

/// Matching events over time.
#[derive(Clone, Debug, Serialize, TS)]
pub struct HistogramView {
    /// Start of the first bucket.
    pub start_ms: i64,
    /// Bucket width in ms.
    pub bucket_ms: i64,
    /// Events per bucket.
    pub counts: Vec<u64>,
}

/// The answer to a search.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SearchView {
    /// Matching events.
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
    /// `None` while undecided.
    pub verdict: Option<Verdict>,
    /// Owner team.
    pub owner: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// Labels saved with the decision (`environment`, `service`, `team`, `version`...).
    pub labels: std::collections::BTreeMap<String, String>,
    /// For noise, one line kept in this many; `None` drops all.
    pub keep_one_in: Option<u32>,
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
    /// What the row stands for.
    pub kind: QueueRowKind,
    /// For a merge, the templates merged into this one.
    pub members: Vec<String>,
    /// For a split part or rest, the template split.
    pub split_of: Option<String>,
    /// Whether the count is an upper bound (a part of a variable with many values).
    pub estimated: bool,
    /// What reads its lines (metric filters and their alarms, subscriptions, queries), those
    /// that a drop would break first; empty when nothing does or nothing is known
    /// ([`ReviewQueueView::readers_known`]).
    pub read_by: Vec<ReadByView>,
    /// What the evidence suggests deciding, with its reasons.
    pub suggestion: SuggestionView,
}

/// A suggested verdict and why, from the row's level, shape, rate, volume and readers.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SuggestionView {
    /// `noise` or `keep`; `None` when the evidence settles nothing.
    pub verdict: Option<Verdict>,
    /// The evidence in words, strongest first.
    pub reasons: Vec<String>,
}

/// What kind of dependent reads a template's lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReaderKindView {
    /// A metric filter (and the alarms on its metrics).
    MetricFilter,
    /// A subscription filter.
    SubscriptionFilter,
    /// A saved Logs Insights query.
    SavedQuery,
    /// A query run recently, not saved.
    RecentQuery,
    /// A dashboard widget showing a Logs Insights query.
    DashboardWidget,
}

impl From<lognoise_session::ReaderKind> for ReaderKindView {
    fn from(k: lognoise_session::ReaderKind) -> Self {
        use lognoise_session::ReaderKind as K;
        match k {
            K::MetricFilter => ReaderKindView::MetricFilter,
            K::SubscriptionFilter => ReaderKindView::SubscriptionFilter,
            K::SavedQuery => ReaderKindView::SavedQuery,
            K::RecentQuery => ReaderKindView::RecentQuery,
            K::DashboardWidget => ReaderKindView::DashboardWidget,
        }
    }
}

/// One dependent reading some of a row's lines.
#[derive(Clone, Debug, Serialize, TS)]
pub struct ReadByView {
    /// Its kind.
    pub kind: ReaderKindView,
    /// What it is and feeds: `feeds metric Web/Errors, alarm web-errors`.
    pub description: String,
    /// The log group it reads.
    pub log_group: String,
    /// The row's sampled lines it selects.
    pub lines_matched: u64,
    /// Whether dropping them breaks it (marking the row noise asks first).
    pub breaks_on_drop: bool,
}

/// The review queue as the open session shapes it (merges folded, splits expanded).
#[derive(Clone, Debug, Serialize, TS)]
pub struct ReviewQueueView {
    /// Events in the workspace.
    pub events: u64,
    /// Bytes in the workspace.
    pub bytes: u64,
    /// Price used for the costs, US dollars per GB ingested.
    pub price_per_gb_usd: f64,
    /// How the costs are priced, in one line (`priced: 2 groups Standard at $0.50/GB, ...`).
    pub priced: String,
    /// Rows, most events first.
    pub rows: Vec<QueueRowView>,
    /// Whether the workspace records what reads its log groups (a pull reads it); without a
    /// record, an empty `read_by` says nothing.
    pub readers_known: bool,
    /// Why the record could not be used, when it could not (the queue shows without it).
    pub readers_warning: Option<String>,
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
        start_ms: i64,
        /// End.
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
        events: u64,
        /// Events wanted.
        target: u64,
        /// Bytes of their messages.
        bytes: u64,
        /// Requests CloudWatch throttled (the pull slows down and retries them).
        throttled: u64,
        /// Time since the pull started.
        elapsed_ms: u64,
        /// Estimated time left at the rate so far; `None` until events arrive.
        eta_ms: Option<u64>,
    },
    /// Done: complete, or stopped with what arrived committed.
    Finished {
        /// Events imported by the pull.
        events: u64,
        /// Whether the sample is full or the window read to its end.
        complete: bool,
    },
}

/// What a pull did.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PullSummary {
    /// Events imported by this run.
    pub events: u64,
    /// Events imported by the pull over all its runs.
    pub pull_events: u64,
    /// Events wanted.
    pub target: u64,
    /// Whether this run resumed a stopped pull with the same settings.
    pub resumed: bool,
    /// Whether the pull is finished; false when cancelled (pulling again resumes it).
    pub complete: bool,
    /// The workspace after the pull.
    pub workspace: WorkspaceInfo,
    /// What reads the pulled groups (metric filters, alarms, subscriptions, queries), read
    /// after the events; `None` when the pull was stopped (the run that resumes it reads them).
    pub readers: Option<ReaderCountsView>,
    /// What could not be read about those readers (one sentence each, a permission to grant);
    /// the events are in regardless.
    pub warnings: Vec<String>,
}

/// How many readers of each kind the pulled groups have.
#[derive(Clone, Copy, Debug, Serialize, TS)]
pub struct ReaderCountsView {
    /// Metric filters.
    pub metric_filters: usize,
    /// Alarms on their metrics.
    pub alarms: usize,
    /// Subscription filters.
    pub subscription_filters: usize,
    /// Saved Logs Insights queries.
    pub saved_queries: usize,
    /// Logs Insights queries only run recently.
    pub recent_queries: usize,
    /// The account's subscription filter policies, once per group they select.
    pub account_policies: usize,
    /// Dashboard widgets querying the groups, once per group.
    pub dashboard_widgets: usize,
}

/// A session of the workspace, as the session picker lists it.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SessionListItem {
    /// Its name.
    pub name: String,
    /// Its file.
    pub path: String,
    /// When it was created (ms since the Unix epoch).
    pub created_at_ms: i64,
    /// Who was in the room.
    pub reviewers: Vec<String>,
    /// Price per GB ingested into a Standard log group, US dollars.
    pub price_per_gb_usd: f64,
    /// Price per GB ingested into an Infrequent Access log group, US dollars.
    pub infrequent_access_price_per_gb_usd: f64,
    /// Price per GB-month of archived storage, US dollars.
    pub storage_price_per_gb_month_usd: f64,
    /// Price per GB scanned by Logs Insights, US dollars.
    pub insights_price_per_gb_usd: f64,
    /// Whether its figures price ingestion alone (storage and Insights scans left out).
    pub ingestion_only: bool,
    /// How its costs are priced, in one line (`priced: ...`).
    pub priced: String,
    /// Templates it covers.
    pub templates: usize,
    /// Templates with a verdict (carried over ones included).
    pub decided: usize,
    /// Of those, marked noise.
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
    /// Price per GB ingested into Infrequent Access log groups, US dollars; the engine's
    /// default when `None` (as `lognoise session new --infrequent-access-price-per-gb`).
    pub infrequent_access_price_per_gb_usd: Option<f64>,
    /// Price per GB-month of archived storage, US dollars; the engine's default when absent
    /// (as `lognoise session new --storage-price-per-gb-month`).
    #[serde(default)]
    pub storage_price_per_gb_month_usd: Option<f64>,
    /// Price per GB scanned by Logs Insights, US dollars; the engine's default when absent
    /// (as `lognoise session new --insights-price-per-gb`).
    #[serde(default)]
    pub insights_price_per_gb_usd: Option<f64>,
    /// Price ingestion alone, leaving storage and Insights scans out (as `lognoise session
    /// new --ingestion-only`); absent from older callers, which price everything billed.
    #[serde(default)]
    pub ingestion_only: bool,
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
    /// `keep` or `signal`; `None` when the rules file names no verdict this app knows.
    pub verdict: Option<Verdict>,
    /// Lines of that template the rule matches.
    pub lines: u64,
    /// A few of them.
    pub examples: Vec<String>,
}

/// Lines a rule drops that something in CloudWatch reads (a metric filter and the alarms on
/// its metric, a subscription, a query): exporting breaks it, so saving waits for "export
/// anyway", as for a protected template.
#[derive(Clone, Debug, Serialize, TS)]
pub struct DependentConflictView {
    /// The rule.
    pub rule_id: String,
    /// What kind of dependent.
    pub kind: ReaderKindView,
    /// The log group it reads.
    pub log_group: String,
    /// Its name.
    pub dependent: String,
    /// What breaks, in words: `feeds metric Web/Errors, alarm payments-failing`.
    pub breaks: String,
    /// Lines the rule drops that it reads.
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
    pub own_lines: u64,
    /// Of those, matched.
    pub matched_own: u64,
    /// Lines of its own template it misses (they would still be shipped).
    pub missed: u64,
    /// A few missed lines.
    pub missed_examples: Vec<String>,
    /// Lines of other undecided or noise templates it matches too.
    pub matched_other: u64,
    /// Lines this rule drops.
    pub dropped_lines: u64,
    /// Their bytes.
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
    /// The format.
    pub format: ExportFormat,
    /// Human name.
    pub label: String,
    /// File name to suggest when saving.
    pub file_name: String,
    /// The exported text.
    pub text: String,
    /// Files the text names, saved beside it (the Fluent Bit lua filter's script).
    pub files: Vec<String>,
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
    pub lines: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Lines the rules drop.
    pub removed_lines: u64,
    /// Their bytes.
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
    pub protected: usize,
    /// The rules, in the order shippers try them.
    pub rules: Vec<RuleView>,
    /// Every conflict (also listed under its rule).
    pub conflicts: Vec<RuleConflictView>,
    /// Every rule dropping lines something reads, with what breaks.
    pub dependent_conflicts: Vec<DependentConflictView>,
    /// The set in every format (empty when there are no rules).
    pub exports: Vec<ExportPreview>,
}

/// A rules file written by the Rules screen.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SavedRules {
    /// Where.
    pub path: String,
    /// In which format.
    pub format: ExportFormat,
    /// Rules in the set.
    pub rules: usize,
    /// Bytes written.
    pub bytes: usize,
    /// Files written beside it, which the configuration names.
    pub files: Vec<String>,
    /// Whether conflicts were overridden ("export anyway").
    pub forced: bool,
}

/// A deploy folder written by the Rules screen's "Save all to folder...".
#[derive(Clone, Debug, Serialize, TS)]
pub struct SavedDeployView {
    /// The folder.
    pub dir: String,
    /// Files written in it, DEPLOY.md last.
    pub files: Vec<String>,
    /// Files an earlier save wrote there that these rules need no more, removed.
    pub removed: Vec<String>,
    /// Whether conflicts were overridden ("export anyway").
    pub forced: bool,
}

/// Did last meeting's rules work: the verification of an earlier workspace's rules on the
/// open one's sample.
#[derive(Clone, Debug, Serialize, TS)]
pub struct LastMeetingView {
    /// The earlier session whose rules were checked.
    pub previous: String,
    /// Whether both samples have a time window (else no monthly figure).
    pub priced: bool,
    /// What the account stopped paying a month, all teams.
    pub realised_usd: f64,
    /// What the rules were expected to save a month.
    pub projected_usd: f64,
    /// Per owner team, most projected first.
    pub owners: Vec<RealisedSavingView>,
    /// Each rule of the earlier session, costliest then first.
    pub rules: Vec<CheckedRuleView>,
    /// Kept or signal templates that shrank below half.
    pub shrunk: Vec<ShrunkView>,
    /// The same as the section of the meeting notes.
    pub markdown: String,
}

/// A team's realised saving against its projected one.
#[derive(Clone, Debug, Serialize, TS)]
pub struct RealisedSavingView {
    /// The team; `None` for rules without an owner.
    pub owner: Option<String>,
    /// US dollars a month the rules were expected to save.
    pub projected_usd: f64,
    /// US dollars a month the account stopped paying.
    pub realised_usd: f64,
}

/// One rule of the earlier session, checked on the newer sample.
#[derive(Clone, Debug, Serialize, TS)]
pub struct CheckedRuleView {
    /// Rule id.
    pub rule_id: String,
    /// The noise template.
    pub template: String,
    /// Owner team.
    pub owner: Option<String>,
    /// US dollars a month then, when priced.
    pub then_usd: Option<f64>,
    /// US dollars a month now, when priced.
    pub now_usd: Option<f64>,
    /// Share it should remove.
    pub expected_drop: f64,
    /// Share it did remove, when known.
    pub observed_drop: Option<f64>,
    /// Log groups where lines still match, with how many.
    pub leaks: Vec<String>,
}

/// A kept or signal template that shrank.
#[derive(Clone, Debug, Serialize, TS)]
pub struct ShrunkView {
    /// `keep` or `signal`.
    pub verdict: String,
    /// Its text.
    pub text: String,
    /// Lines in the earlier sample.
    pub then_lines: u64,
    /// Lines now.
    pub now_lines: u64,
}

/// A team's share of the saving.
#[derive(Clone, Debug, Serialize, TS)]
pub struct OwnerSavingView {
    /// The owner team; `None` for noise nobody owns yet.
    pub owner: Option<String>,
    /// Noise templates.
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
    /// The text reordered for reading where that helps (a JSON template: its message first);
    /// the screen shows it, the Markdown notes keep the full text.
    pub headline: Option<String>,
    /// `None` for an open question.
    pub verdict: Option<Verdict>,
    /// Owner team.
    pub owner: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// The session the decision was carried over from.
    pub carried_from: Option<String>,
    /// For noise, one line kept in this many; `None` drops all.
    pub keep_one_in: Option<u32>,
    /// Events in the sample.
    pub count: u64,
    /// Estimated US dollars a month.
    pub monthly_cost_usd: f64,
    /// What reads its lines and breaks if they are dropped, in words.
    pub read_by: Vec<String>,
}

/// The Summary screen: what the meeting decided and what it saves.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SummaryView {
    /// Session name.
    pub session: String,
    /// When it was created.
    pub created_at_ms: i64,
    /// Who was in the room.
    pub reviewers: Vec<String>,
    /// Price used, US dollars per GB.
    pub price_per_gb_usd: f64,
    /// How the costs are priced, in one line (`priced: 2 groups Standard at $0.50/GB, ...`),
    /// shown under the saving.
    pub priced: String,
    /// Templates in the session.
    pub templates: usize,
    /// Decided.
    pub decided: usize,
    /// Decided in an earlier session and carried over.
    pub carried_over: usize,
    /// Verdicts taken from a suggestion.
    pub accepted_suggestions: usize,
    /// Marked noise.
    pub noise: usize,
    /// Marked keep.
    pub keep: usize,
    /// Marked signal.
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
    pub open_total: usize,
    /// The summary as Markdown, for meeting notes.
    pub markdown: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(v: impl Serialize) -> String {
        serde_json::to_string(&v).unwrap()
    }

    /// The enums reach the front end as the words the engine uses in files and flags.
    #[test]
    fn enums_serialise_as_the_engines_words() {
        for v in [
            lognoise_session::Verdict::Noise,
            lognoise_session::Verdict::Keep,
            lognoise_session::Verdict::Signal,
        ] {
            assert_eq!(json(Verdict::from(v)), format!("\"{}\"", v.as_str()));
        }
        for f in lognoise_rules::ExportFormat::ALL {
            assert_eq!(json(ExportFormat::from(f)), format!("\"{}\"", f.name()));
        }
        for k in [
            lognoise_session::RowKind::Template,
            lognoise_session::RowKind::Merged,
            lognoise_session::RowKind::SplitPart,
            lognoise_session::RowKind::SplitRest,
        ] {
            assert_eq!(json(QueueRowKind::from(k)), json(k));
        }
    }
}

/// Who writes a log group's lines, as `lognoise producers` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum ProducerKind {
    /// A Lambda function.
    #[serde(rename = "lambda")]
    Lambda,
    /// An ECS task through the awslogs driver.
    #[serde(rename = "ecs-awslogs")]
    EcsAwslogs,
    /// An ECS task through FireLens (Fluent Bit).
    #[serde(rename = "ecs-firelens")]
    EcsFirelens,
    /// EKS through a Fluent Bit daemon set.
    #[serde(rename = "eks-fluent-bit")]
    EksFluentBit,
    /// An RDS instance's exported log.
    #[serde(rename = "rds")]
    Rds,
    /// VPC flow logs.
    #[serde(rename = "vpc-flow-logs")]
    VpcFlowLogs,
    /// API Gateway execution or access logs.
    #[serde(rename = "api-gateway")]
    ApiGateway,
    /// The CloudWatch agent tailing files.
    #[serde(rename = "cloudwatch-agent")]
    CloudwatchAgent,
    /// Nothing says who.
    #[serde(rename = "unknown")]
    Unknown,
}

impl ProducerKind {
    /// The engine's name of the kind (`Producer::kind`).
    pub fn name(self) -> &'static str {
        match self {
            ProducerKind::Lambda => "lambda",
            ProducerKind::EcsAwslogs => "ecs-awslogs",
            ProducerKind::EcsFirelens => "ecs-firelens",
            ProducerKind::EksFluentBit => "eks-fluent-bit",
            ProducerKind::Rds => "rds",
            ProducerKind::VpcFlowLogs => "vpc-flow-logs",
            ProducerKind::ApiGateway => "api-gateway",
            ProducerKind::CloudwatchAgent => "cloudwatch-agent",
            ProducerKind::Unknown => "unknown",
        }
    }

    /// The kind of an engine name; unknown names are `Unknown`.
    pub fn of_name(name: &str) -> ProducerKind {
        [
            ProducerKind::Lambda,
            ProducerKind::EcsAwslogs,
            ProducerKind::EcsFirelens,
            ProducerKind::EksFluentBit,
            ProducerKind::Rds,
            ProducerKind::VpcFlowLogs,
            ProducerKind::ApiGateway,
            ProducerKind::CloudwatchAgent,
        ]
        .into_iter()
        .find(|k| k.name() == name)
        .unwrap_or(ProducerKind::Unknown)
    }
}

/// One log group of the workspace and who writes it.
#[derive(Clone, Debug, Serialize, TS)]
pub struct ProducerView {
    /// The log group.
    pub log_group: String,
    /// Its producer.
    pub kind: ProducerKind,
    /// Why it is believed, one clue each.
    pub evidence: Vec<String>,
    /// Whether it was set by hand rather than guessed.
    pub set_by_hand: bool,
}

/// One file of the deploy folder: where it goes, what it removes and protects.
#[derive(Clone, Debug, Serialize, TS)]
pub struct DeployArtefactView {
    /// File name.
    pub file_name: String,
    /// The producer that runs it.
    pub producer: ProducerKind,
    /// Log groups it is for.
    pub log_groups: Vec<String>,
    /// Where it goes and how it is applied.
    pub where_it_goes: String,
    /// The file's text.
    pub text: String,
    /// Rules it carries.
    pub rules: Vec<String>,
    /// Sampled lines of the noise it drops.
    pub removed_lines: u64,
    /// Their bytes.
    pub removed_bytes: u64,
    /// US dollars a month saved, when the sample has a time window.
    pub removed_monthly_cost_usd: Option<f64>,
    /// Texts of the templates marked keep or signal in its groups.
    pub protects: Vec<String>,
    /// Texts of undecided templates it drops too.
    pub also_drops: Vec<String>,
    /// Anything else to know.
    pub notes: Vec<String>,
}

/// A rule no deploy file carries, and why.
#[derive(Clone, Debug, Serialize, TS)]
pub struct NotDeployedView {
    /// The rule.
    pub rule_id: String,
    /// Its template.
    pub template: String,
    /// The decision's owner.
    pub owner: Option<String>,
    /// The log group, when its lines name one.
    pub log_group: Option<String>,
    /// The group's producer.
    pub producer: ProducerKind,
    /// Sampled lines it would drop there.
    pub lines: u64,
    /// Why, and what to do instead.
    pub reason: String,
}

/// The open session's rules placed where each log group's lines are produced.
#[derive(Clone, Debug, Serialize, TS)]
pub struct DeployView {
    /// The files, as `lognoise rules export --deploy` writes them.
    pub artefacts: Vec<DeployArtefactView>,
    /// Rules no file carries.
    pub not_deployed: Vec<NotDeployedView>,
    /// The DEPLOY.md text.
    pub readme: String,
}
