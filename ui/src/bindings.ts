// Generated from src-tauri/src/dto.rs and the commands in src-tauri/src/commands by
// `UPDATE_BINDINGS=1 cargo test -p lognoise-app bindings`. Do not edit by hand.

import type { Channel } from "@tauri-apps/api/core";

export type ApiError = { 
/**
 * What kind of problem.
 */
code: ErrorCode, 
/**
 * What happened and what to do, in one sentence.
 */
message: string, };

export type AppInfo = { 
/**
 * Version of the app.
 */
version: string, 
/**
 * Workspace to open at once (from `--workspace DIR`, `--demo` or `LOGNOISE_WORKSPACE`).
 */
initial_workspace: string | null, 
/**
 * Where the demo workspace lives.
 */
demo_workspace: string, };

export type AwsProfileView = { 
/**
 * Its name in `~/.aws/config` or `~/.aws/credentials`.
 */
name: string, 
/**
 * The region it sets, preselected when the profile is picked.
 */
region: string | null, };

export type AwsProfilesView = { 
/**
 * Every profile of the AWS config and credentials files, by name.
 */
profiles: Array<AwsProfileView>, 
/**
 * The profile the AWS CLI would use (`AWS_PROFILE`, else `default`), preselected.
 */
selected: string, 
/**
 * `AWS_REGION`, which wins over a profile's region.
 */
env_region: string | null, 
/**
 * Regions with CloudWatch Logs, for the region picker.
 */
regions: Array<string>, };

export type AwsTarget = { 
/**
 * Profile name.
 */
profile: string | null, 
/**
 * Region.
 */
region: string | null, };

export type CheckedRuleView = { 
/**
 * Rule id.
 */
rule_id: string, 
/**
 * The noise template.
 */
template: string, 
/**
 * Owner team.
 */
owner: string | null, 
/**
 * US dollars a month then, when priced.
 */
then_usd: number | null, 
/**
 * US dollars a month now, when priced.
 */
now_usd: number | null, 
/**
 * Share it should remove.
 */
expected_drop: number, 
/**
 * Share it did remove, when known.
 */
observed_drop: number | null, 
/**
 * Log groups where lines still match, with how many.
 */
leaks: Array<string>, };

export type DecisionView = { 
/**
 * Template id.
 */
template_id: string, 
/**
 * `None` while undecided.
 */
verdict: Verdict | null, 
/**
 * Owner team.
 */
owner: string | null, 
/**
 * Note.
 */
note: string | null, 
/**
 * Who decided.
 */
decided_by: string | null, 
/**
 * Labels saved with the decision (`environment`, `service`, `team`, `version`...).
 */
labels: { [key in string]?: string }, 
/**
 * For noise, one line kept in this many; `None` drops all.
 */
keep_one_in: number | null, };

export type DependentConflictView = { 
/**
 * The rule.
 */
rule_id: string, 
/**
 * What kind of dependent.
 */
kind: ReaderKindView, 
/**
 * The log group it reads.
 */
log_group: string, 
/**
 * Its name.
 */
dependent: string, 
/**
 * What breaks, in words: `feeds metric Web/Errors, alarm payments-failing`.
 */
breaks: string, 
/**
 * Lines the rule drops that it reads.
 */
lines: number, 
/**
 * A few of them.
 */
examples: Array<string>, };

export type DeployArtefactView = { 
/**
 * File name.
 */
file_name: string, 
/**
 * The producer that runs it.
 */
producer: ProducerKind, 
/**
 * Log groups it is for.
 */
log_groups: Array<string>, 
/**
 * Where it goes and how it is applied.
 */
where_it_goes: string, 
/**
 * The file's text.
 */
text: string, 
/**
 * Rules it carries.
 */
rules: Array<string>, 
/**
 * Sampled lines of the noise it drops.
 */
removed_lines: number, 
/**
 * Their bytes.
 */
removed_bytes: number, 
/**
 * US dollars a month saved, when the sample has a time window.
 */
removed_monthly_cost_usd: number | null, 
/**
 * Texts of the templates marked keep or signal in its groups.
 */
protects: Array<string>, 
/**
 * Texts of undecided templates it drops too.
 */
also_drops: Array<string>, 
/**
 * Anything else to know.
 */
notes: Array<string>, };

export type DeployView = { 
/**
 * The files, as `lognoise rules export --deploy` writes them.
 */
artefacts: Array<DeployArtefactView>, 
/**
 * Rules no file carries.
 */
not_deployed: Array<NotDeployedView>, 
/**
 * The DEPLOY.md text.
 */
readme: string, };

export type ErrorCode = "invalid_argument" | "no_workspace" | "not_a_workspace" | "newer_format" | "empty" | "busy" | "query_syntax" | "unknown_template" | "io" | "damaged" | "cancelled" | "internal" | "aws_credentials" | "aws_access_denied" | "aws_region" | "aws_throttled" | "aws_unavailable" | "aws_refused" | "missing_log_group";

export type ExportFormat = "native" | "fluent-bit" | "fluent-bit-yaml" | "vector" | "otel-collector" | "insights" | "subscription-filter";

export type ExportPreview = { 
/**
 * The format.
 */
format: ExportFormat, 
/**
 * Human name.
 */
label: string, 
/**
 * File name to suggest when saving.
 */
file_name: string, 
/**
 * The exported text.
 */
text: string, 
/**
 * Files the text names, saved beside it (the Fluent Bit lua filter's script).
 */
files: Array<string>, 
/**
 * Rules left out of this format.
 */
not_expressible: Array<NotExpressibleView>, };

export type GroupCountView = { 
/**
 * Log group.
 */
group: string, 
/**
 * Events.
 */
count: number, };

export type HistogramView = { 
/**
 * Start of the first bucket.
 */
start_ms: number, 
/**
 * Bucket width in ms.
 */
bucket_ms: number, 
/**
 * Events per bucket.
 */
counts: Array<number>, };

export type HitView = { 
/**
 * Sequence number in the workspace.
 */
seq: number, 
/**
 * Event time.
 */
timestamp_ms: number | null, 
/**
 * Log group.
 */
log_group: string | null, 
/**
 * Level.
 */
level: string | null, 
/**
 * The message cut into matched and unmatched parts.
 */
parts: Array<TextPart>, 
/**
 * Template id.
 */
template_id: string | null, 
/**
 * Template text.
 */
template: string | null, };

export type ImportProgress = { "event": "reading", "data": { 
/**
 * Bytes read so far.
 */
bytes_read: number, 
/**
 * Bytes in all inputs (0 when unknown).
 */
bytes_total: number, 
/**
 * Events imported so far.
 */
events: number, } } | { "event": "finished", "data": { 
/**
 * Events added.
 */
events: number, 
/**
 * Templates in the workspace after the import.
 */
templates: number, } };

export type ImportSummary = { 
/**
 * Events added.
 */
events: number, 
/**
 * Templates after the import.
 */
templates: number, 
/**
 * Lines that could not be read, one sentence each (the first few).
 */
problems: Array<string>, 
/**
 * Files that do not look like text, one sentence each (`path: does not look like text...`).
 */
not_text: Array<string>, 
/**
 * The workspace after the import.
 */
workspace: WorkspaceInfo, };

export type LastMeetingView = { 
/**
 * The earlier session whose rules were checked.
 */
previous: string, 
/**
 * Whether both samples have a time window (else no monthly figure).
 */
priced: boolean, 
/**
 * What the account stopped paying a month, all teams.
 */
realised_usd: number, 
/**
 * What the rules were expected to save a month.
 */
projected_usd: number, 
/**
 * Per owner team, most projected first.
 */
owners: Array<RealisedSavingView>, 
/**
 * Each rule of the earlier session, costliest then first.
 */
rules: Array<CheckedRuleView>, 
/**
 * Kept or signal templates that shrank below half.
 */
shrunk: Array<ShrunkView>, 
/**
 * The same as the section of the meeting notes.
 */
markdown: string, };

export type LevelCount = { 
/**
 * Level, lower case.
 */
level: string, 
/**
 * Events.
 */
count: number, };

export type LogGroupView = { 
/**
 * Its name.
 */
name: string, 
/**
 * Bytes stored, as CloudWatch last measured them.
 */
stored_bytes: number | null, 
/**
 * Days events are kept; `None` keeps them forever.
 */
retention_days: number | null, };

export type MergeView = { 
/**
 * The template that stands for the merge.
 */
into: string, 
/**
 * The templates merged into it, oldest merge first.
 */
members: Array<string>, };

export type NewSessionArgs = { 
/**
 * Its name (the file name is made from it).
 */
name: string, 
/**
 * Who is in the room.
 */
reviewers: Array<string>, 
/**
 * Price per GB ingested, US dollars; the engine's default when `None`.
 */
price_per_gb_usd: number | null, 
/**
 * Price per GB ingested into Infrequent Access log groups, US dollars; the engine's
 * default when `None` (as `lognoise session new --infrequent-access-price-per-gb`).
 */
infrequent_access_price_per_gb_usd: number | null, 
/**
 * Price per GB-month of archived storage, US dollars; the engine's default when absent
 * (as `lognoise session new --storage-price-per-gb-month`).
 */
storage_price_per_gb_month_usd: number | null, 
/**
 * Price per GB scanned by Logs Insights, US dollars; the engine's default when absent
 * (as `lognoise session new --insights-price-per-gb`).
 */
insights_price_per_gb_usd: number | null, 
/**
 * Price ingestion alone, leaving storage and Insights scans out (as `lognoise session
 * new --ingestion-only`); absent from older callers, which price everything billed.
 */
ingestion_only: boolean, 
/**
 * Start with no decisions instead of carrying over earlier sessions' decisions.
 */
fresh: boolean, };

export type NotDeployedView = { 
/**
 * The rule.
 */
rule_id: string, 
/**
 * Its template.
 */
template: string, 
/**
 * The decision's owner.
 */
owner: string | null, 
/**
 * The log group, when its lines name one.
 */
log_group: string | null, 
/**
 * The group's producer.
 */
producer: ProducerKind, 
/**
 * Sampled lines it would drop there.
 */
lines: number, 
/**
 * Why, and what to do instead.
 */
reason: string, };

export type NotExpressibleView = { 
/**
 * The rule.
 */
rule_id: string, 
/**
 * Why.
 */
reason: string, };

export type OwnerSavingView = { 
/**
 * The owner team; `None` for noise nobody owns yet.
 */
owner: string | null, 
/**
 * Noise templates.
 */
templates: number, 
/**
 * Bytes a month not ingested.
 */
monthly_bytes: number, 
/**
 * US dollars a month.
 */
monthly_cost_usd: number, };

export type ProducerKind = "lambda" | "ecs-awslogs" | "ecs-firelens" | "eks-fluent-bit" | "rds" | "vpc-flow-logs" | "api-gateway" | "cloudwatch-agent" | "unknown";

export type ProducerView = { 
/**
 * The log group.
 */
log_group: string, 
/**
 * Its producer.
 */
kind: ProducerKind, 
/**
 * Why it is believed, one clue each.
 */
evidence: Array<string>, 
/**
 * Whether it was set by hand rather than guessed.
 */
set_by_hand: boolean, };

export type PullArgs = { 
/**
 * Profile and region.
 */
target: AwsTarget, 
/**
 * Log groups to sample.
 */
groups: Array<string>, 
/**
 * Time window.
 */
window: PullWindow, 
/**
 * Events wanted, spread over the window.
 */
sample: number, 
/**
 * CloudWatch filter pattern (`ERROR`, `"payment declined"`); empty for every event.
 */
filter: string | null, };

export type PullProgressEvent = { "event": "pulling", "data": { 
/**
 * Events imported by the pull (an earlier, stopped run of it included).
 */
events: number, 
/**
 * Events wanted.
 */
target: number, 
/**
 * Bytes of their messages.
 */
bytes: number, 
/**
 * Requests CloudWatch throttled (the pull slows down and retries them).
 */
throttled: number, 
/**
 * Time since the pull started.
 */
elapsed_ms: number, 
/**
 * Estimated time left at the rate so far; `None` until events arrive.
 */
eta_ms: number | null, } } | { "event": "finished", "data": { 
/**
 * Events imported by the pull.
 */
events: number, 
/**
 * Whether the sample is full or the window read to its end.
 */
complete: boolean, } };

export type PullSummary = { 
/**
 * Events imported by this run.
 */
events: number, 
/**
 * Events imported by the pull over all its runs.
 */
pull_events: number, 
/**
 * Events wanted.
 */
target: number, 
/**
 * Whether this run resumed a stopped pull with the same settings.
 */
resumed: boolean, 
/**
 * Whether the pull is finished; false when cancelled (pulling again resumes it).
 */
complete: boolean, 
/**
 * The workspace after the pull.
 */
workspace: WorkspaceInfo, 
/**
 * What reads the pulled groups (metric filters, alarms, subscriptions, queries), read
 * after the events; `None` when the pull was stopped (the run that resumes it reads them).
 */
readers: ReaderCountsView | null, 
/**
 * What could not be read about those readers (one sentence each, a permission to grant);
 * the events are in regardless.
 */
warnings: Array<string>, };

export type PullWindow = { "kind": "last", 
/**
 * Minutes before now.
 */
minutes: number, } | { "kind": "range", 
/**
 * Start.
 */
start_ms: number, 
/**
 * End.
 */
end_ms: number, };

export type QueueRowKind = "template" | "merged" | "split_part" | "split_rest";

export type QueueRowView = { 
/**
 * The text reordered for reading where that helps (a JSON template: its message first,
 * then the fields that tell it apart); the row shows it, the detail the full text.
 */
headline: string | null, 
/**
 * What the row stands for.
 */
kind: QueueRowKind, 
/**
 * For a merge, the templates merged into this one.
 */
members: Array<string>, 
/**
 * For a split part or rest, the template split.
 */
split_of: string | null, 
/**
 * Whether the count is an upper bound (a part of a variable with many values).
 */
estimated: boolean, 
/**
 * What reads its lines (metric filters and their alarms, subscriptions, queries), those
 * that a drop would break first; empty when nothing does or nothing is known
 * ([`ReviewQueueView::readers_known`]).
 */
read_by: Array<ReadByView>, 
/**
 * What the evidence suggests deciding, with its reasons.
 */
suggestion: SuggestionView, 
/**
 * Template id (16 hex digits).
 */
id: string, 
/**
 * Template text, variables as `<*>`.
 */
text: string, 
/**
 * Events in the sample.
 */
count: number, 
/**
 * Bytes in the sample.
 */
bytes: number, 
/**
 * Share of the sample's events, 0 to 1.
 */
share: number, 
/**
 * Bytes a month, extrapolated from the sample's window; `None` without event times.
 */
monthly_bytes: number | null, 
/**
 * Ingestion cost a month in US dollars at the workspace's price.
 */
monthly_cost_usd: number | null, 
/**
 * Levels, most events first.
 */
levels: Array<LevelCount>, 
/**
 * Log groups, most events first (empty when not known yet).
 */
log_groups: Array<string>, 
/**
 * Events per time bucket over the workspace's window.
 */
series: Array<number>, };

export type ReadByView = { 
/**
 * Its kind.
 */
kind: ReaderKindView, 
/**
 * What it is and feeds: `feeds metric Web/Errors, alarm web-errors`.
 */
description: string, 
/**
 * The log group it reads.
 */
log_group: string, 
/**
 * The row's sampled lines it selects.
 */
lines_matched: number, 
/**
 * Whether dropping them breaks it (marking the row noise asks first).
 */
breaks_on_drop: boolean, };

export type ReaderCountsView = { 
/**
 * Metric filters.
 */
metric_filters: number, 
/**
 * Alarms on their metrics.
 */
alarms: number, 
/**
 * Subscription filters.
 */
subscription_filters: number, 
/**
 * Saved Logs Insights queries.
 */
saved_queries: number, 
/**
 * Logs Insights queries only run recently.
 */
recent_queries: number, 
/**
 * The account's subscription filter policies, once per group they select.
 */
account_policies: number, 
/**
 * Dashboard widgets querying the groups, once per group.
 */
dashboard_widgets: number, };

export type ReaderKindView = "metric_filter" | "subscription_filter" | "saved_query" | "recent_query" | "dashboard_widget";

export type RealisedSavingView = { 
/**
 * The team; `None` for rules without an owner.
 */
owner: string | null, 
/**
 * US dollars a month the rules were expected to save.
 */
projected_usd: number, 
/**
 * US dollars a month the account stopped paying.
 */
realised_usd: number, };

export type RecentWorkspace = { 
/**
 * Its folder.
 */
path: string, 
/**
 * When it was last opened (ms since the Unix epoch).
 */
opened_at_ms: number, };

export type ReviewQueueView = { 
/**
 * Events in the workspace.
 */
events: number, 
/**
 * Bytes in the workspace.
 */
bytes: number, 
/**
 * Price used for the costs, US dollars per GB ingested.
 */
price_per_gb_usd: number, 
/**
 * How the costs are priced, in one line (`priced: 2 groups Standard at $0.50/GB, ...`).
 */
priced: string, 
/**
 * Rows, most events first.
 */
rows: Array<QueueRowView>, 
/**
 * Whether the workspace records what reads its log groups (a pull reads it); without a
 * record, an empty `read_by` says nothing.
 */
readers_known: boolean, 
/**
 * Why the record could not be used, when it could not (the queue shows without it).
 */
readers_warning: string | null, };

export type RuleConflictView = { 
/**
 * The rule.
 */
rule_id: string, 
/**
 * The protected template.
 */
template_id: string, 
/**
 * Its text.
 */
template: string, 
/**
 * `keep` or `signal`; `None` when the rules file names no verdict this app knows.
 */
verdict: Verdict | null, 
/**
 * Lines of that template the rule matches.
 */
lines: number, 
/**
 * A few of them.
 */
examples: Array<string>, };

export type RuleView = { 
/**
 * Rule id (stable for a template and scope).
 */
id: string, 
/**
 * The noise template.
 */
template_id: string, 
/**
 * Its text.
 */
template: string, 
/**
 * The regex shippers run.
 */
pattern: string, 
/**
 * Log groups the rule is limited to (empty: everywhere).
 */
log_groups: Array<string>, 
/**
 * Owner team of the decision.
 */
owner: string | null, 
/**
 * Why the lines are noise.
 */
reason: string | null, 
/**
 * Lines of its own template in scope.
 */
own_lines: number, 
/**
 * Of those, matched.
 */
matched_own: number, 
/**
 * Lines of its own template it misses (they would still be shipped).
 */
missed: number, 
/**
 * A few missed lines.
 */
missed_examples: Array<string>, 
/**
 * Lines of other undecided or noise templates it matches too.
 */
matched_other: number, 
/**
 * Lines this rule drops.
 */
dropped_lines: number, 
/**
 * Their bytes.
 */
dropped_bytes: number, 
/**
 * Protected templates it reaches; saving is blocked while there are any.
 */
conflicts: Array<RuleConflictView>, };

export type RulesView = { 
/**
 * The session the rules come from.
 */
session: string, 
/**
 * Sampled lines they were checked against.
 */
lines: number, 
/**
 * Their bytes.
 */
bytes: number, 
/**
 * Lines the rules drop.
 */
removed_lines: number, 
/**
 * Their bytes.
 */
removed_bytes: number, 
/**
 * Share of the sampled bytes dropped, 0 to 1.
 */
removed_share: number, 
/**
 * Bytes a month not ingested, when the sample has a time window.
 */
removed_monthly_bytes: number | null, 
/**
 * US dollars a month saved, when the sample has a time window.
 */
removed_monthly_cost_usd: number | null, 
/**
 * Price used, US dollars per GB (the session's).
 */
price_per_gb_usd: number, 
/**
 * Templates marked keep or signal, which no rule may reach.
 */
protected: number, 
/**
 * The rules, in the order shippers try them.
 */
rules: Array<RuleView>, 
/**
 * Every conflict (also listed under its rule).
 */
conflicts: Array<RuleConflictView>, 
/**
 * Every rule dropping lines something reads, with what breaks.
 */
dependent_conflicts: Array<DependentConflictView>, 
/**
 * The set in every format (empty when there are no rules).
 */
exports: Array<ExportPreview>, };

export type SavedDeployView = { 
/**
 * The folder.
 */
dir: string, 
/**
 * Files written in it, DEPLOY.md last.
 */
files: Array<string>, 
/**
 * Files an earlier save wrote there that these rules need no more, removed.
 */
removed: Array<string>, 
/**
 * Whether conflicts were overridden ("export anyway").
 */
forced: boolean, };

export type SavedRules = { 
/**
 * Where.
 */
path: string, 
/**
 * In which format.
 */
format: ExportFormat, 
/**
 * Rules in the set.
 */
rules: number, 
/**
 * Bytes written.
 */
bytes: number, 
/**
 * Files written beside it, which the configuration names.
 */
files: Array<string>, 
/**
 * Whether conflicts were overridden ("export anyway").
 */
forced: boolean, };

export type SearchArgs = { 
/**
 * Query text (tantivy syntax; empty matches everything).
 */
query: string, 
/**
 * Events at or after this time.
 */
since_ms: number | null, 
/**
 * Events before this time.
 */
until_ms: number | null, 
/**
 * Only this log group.
 */
group: string | null, 
/**
 * Only this template (id).
 */
template: string | null, 
/**
 * Only this level.
 */
level: string | null, 
/**
 * Hits to return (1 to 1000).
 */
limit: number, };

export type SearchView = { 
/**
 * Matching events.
 */
total: number, 
/**
 * Newest matching events.
 */
hits: Array<HitView>, 
/**
 * Facet: templates.
 */
templates: Array<TemplateFacet>, 
/**
 * Facet: log groups.
 */
groups: Array<GroupCountView>, 
/**
 * Facet: levels.
 */
levels: Array<LevelCount>, 
/**
 * Histogram, when events have times.
 */
histogram: HistogramView | null, 
/**
 * Time the engine took, in ms (for the status line).
 */
took_ms: number, };

export type SessionListItem = { 
/**
 * Its name.
 */
name: string, 
/**
 * Its file.
 */
path: string, 
/**
 * When it was created (ms since the Unix epoch).
 */
created_at_ms: number, 
/**
 * Who was in the room.
 */
reviewers: Array<string>, 
/**
 * Price per GB ingested into a Standard log group, US dollars.
 */
price_per_gb_usd: number, 
/**
 * Price per GB ingested into an Infrequent Access log group, US dollars.
 */
infrequent_access_price_per_gb_usd: number, 
/**
 * Price per GB-month of archived storage, US dollars.
 */
storage_price_per_gb_month_usd: number, 
/**
 * Price per GB scanned by Logs Insights, US dollars.
 */
insights_price_per_gb_usd: number, 
/**
 * Whether its figures price ingestion alone (storage and Insights scans left out).
 */
ingestion_only: boolean, 
/**
 * How its costs are priced, in one line (`priced: ...`).
 */
priced: string, 
/**
 * Templates it covers.
 */
templates: number, 
/**
 * Templates with a verdict (carried over ones included).
 */
decided: number, 
/**
 * Of those, marked noise.
 */
noise: number, 
/**
 * Whether decisions are being recorded in it now.
 */
current: boolean, };

export type SessionView = { 
/**
 * Its name.
 */
name: string, 
/**
 * Its file (saved at every decision).
 */
path: string, 
/**
 * Every decision made or carried over.
 */
decisions: Array<DecisionView>, 
/**
 * Templates merged into others.
 */
merges: Array<MergeView>, 
/**
 * Templates split by the values of a variable.
 */
splits: Array<SplitView>, };

export type ShrunkView = { 
/**
 * `keep` or `signal`.
 */
verdict: string, 
/**
 * Its text.
 */
text: string, 
/**
 * Lines in the earlier sample.
 */
then_lines: number, 
/**
 * Lines now.
 */
now_lines: number, };

export type SplitPartView = { 
/**
 * The variable's value.
 */
value: string, 
/**
 * The part's id (the id of its text).
 */
id: string, 
/**
 * The template text with the value in place of the variable.
 */
text: string, };

export type SplitView = { 
/**
 * The template split.
 */
template: string, 
/**
 * Which `<*>` (from 0).
 */
variable: number, 
/**
 * One part per value.
 */
parts: Array<SplitPartView>, };

export type SuggestionView = { 
/**
 * `noise` or `keep`; `None` when the evidence settles nothing.
 */
verdict: Verdict | null, 
/**
 * The evidence in words, strongest first.
 */
reasons: Array<string>, };

export type SummaryRowView = { 
/**
 * Template id.
 */
id: string, 
/**
 * Template text.
 */
text: string, 
/**
 * The text reordered for reading where that helps (a JSON template: its message first);
 * the screen shows it, the Markdown notes keep the full text.
 */
headline: string | null, 
/**
 * `None` for an open question.
 */
verdict: Verdict | null, 
/**
 * Owner team.
 */
owner: string | null, 
/**
 * Note.
 */
note: string | null, 
/**
 * Who decided.
 */
decided_by: string | null, 
/**
 * The session the decision was carried over from.
 */
carried_from: string | null, 
/**
 * For noise, one line kept in this many; `None` drops all.
 */
keep_one_in: number | null, 
/**
 * Events in the sample.
 */
count: number, 
/**
 * Estimated US dollars a month.
 */
monthly_cost_usd: number, 
/**
 * What reads its lines and breaks if they are dropped, in words.
 */
read_by: Array<string>, };

export type SummaryView = { 
/**
 * Session name.
 */
session: string, 
/**
 * When it was created.
 */
created_at_ms: number, 
/**
 * Who was in the room.
 */
reviewers: Array<string>, 
/**
 * Price used, US dollars per GB.
 */
price_per_gb_usd: number, 
/**
 * How the costs are priced, in one line (`priced: 2 groups Standard at $0.50/GB, ...`),
 * shown under the saving.
 */
priced: string, 
/**
 * Templates in the session.
 */
templates: number, 
/**
 * Decided.
 */
decided: number, 
/**
 * Decided in an earlier session and carried over.
 */
carried_over: number, 
/**
 * Verdicts taken from a suggestion.
 */
accepted_suggestions: number, 
/**
 * Marked noise.
 */
noise: number, 
/**
 * Marked keep.
 */
keep: number, 
/**
 * Marked signal.
 */
signal: number, 
/**
 * Noise share of the sample's events, 0 to 1.
 */
noise_event_share: number, 
/**
 * Noise share of the sample's bytes, 0 to 1.
 */
noise_byte_share: number, 
/**
 * Bytes a month not ingested once the noise is dropped.
 */
monthly_bytes_saved: number, 
/**
 * US dollars a month saved.
 */
monthly_saving_usd: number, 
/**
 * Whether the sample has a time span (without one it is taken as a month).
 */
window_known: boolean, 
/**
 * Saving per owner team, largest first.
 */
saving_by_owner: Array<OwnerSavingView>, 
/**
 * Decisions: noise, then keep, then signal; costliest first.
 */
decisions: Array<SummaryRowView>, 
/**
 * The costliest undecided templates (at most 100).
 */
open_questions: Array<SummaryRowView>, 
/**
 * Undecided templates in all.
 */
open_total: number, 
/**
 * The summary as Markdown, for meeting notes.
 */
markdown: string, };

export type TemplateDetail = { 
/**
 * Template id.
 */
id: string, 
/**
 * Template text.
 */
text: string, 
/**
 * Events.
 */
count: number, 
/**
 * Bytes.
 */
bytes: number, 
/**
 * Example lines.
 */
examples: Array<string>, 
/**
 * One entry per `<*>`.
 */
variables: Array<VariableView>, 
/**
 * Levels, most events first.
 */
levels: Array<LevelCount>, 
/**
 * Log groups, most events first.
 */
groups: Array<GroupCountView>, 
/**
 * Earliest event time.
 */
first_seen: number | null, 
/**
 * Latest event time.
 */
last_seen: number | null, };

export type TemplateFacet = { 
/**
 * Template id.
 */
id: string, 
/**
 * Template text.
 */
text: string, 
/**
 * Matching events.
 */
count: number, };

export type TextPart = { 
/**
 * The text.
 */
text: string, 
/**
 * Whether it matched the query.
 */
matched: boolean, };

export type ValueView = { 
/**
 * The value.
 */
value: string, 
/**
 * Times seen (upper bound past 8 distinct values).
 */
count: number, };

export type VariableView = { 
/**
 * Position of the `<*>`, from 0.
 */
index: number, 
/**
 * Estimated distinct values.
 */
distinct_estimate: number, 
/**
 * Most frequent values.
 */
top_values: Array<ValueView>, };

export type Verdict = "noise" | "keep" | "signal";

export type WorkspaceInfo = { 
/**
 * Its folder.
 */
path: string, 
/**
 * Folder name, for titles.
 */
name: string, 
/**
 * Events stored.
 */
events: number, 
/**
 * Bytes of their messages.
 */
bytes: number, 
/**
 * Templates.
 */
templates: number, 
/**
 * Earliest event time.
 */
start_ms: number | null, 
/**
 * Latest event time.
 */
end_ms: number | null, 
/**
 * Levels seen in the workspace, most events first (search facets).
 */
levels: Array<string>, };

/**
 * Every command of the app: the arguments `invoke` sends (camelCase keys) and what it
 * resolves to.
 */
export type Commands = {
  aws_profiles: { args: Record<string, never>; returns: AwsProfilesView };
  log_groups: { args: { target: AwsTarget; prefix: string | null }; returns: Array<LogGroupView> };
  pull_cloudwatch: { args: { args: PullArgs; onProgress: Channel<PullProgressEvent> }; returns: PullSummary };
  cancel_pull: { args: Record<string, never>; returns: boolean };
  review_queue: { args: Record<string, never>; returns: ReviewQueueView };
  accept_suggestion: { args: { id: string }; returns: SessionView };
  merge_templates: { args: { into: string; members: Array<string> }; returns: SessionView };
  unmerge_template: { args: { into: string; member: string | null }; returns: SessionView };
  split_template: { args: { id: string; variable: number; values: Array<string> }; returns: SessionView };
  unsplit_template: { args: { id: string }; returns: SessionView };
  log_group_producers: { args: Record<string, never>; returns: Array<ProducerView> };
  set_log_group_producer: { args: { logGroup: string; kind: ProducerKind | null }; returns: Array<ProducerView> };
  session_deploy: { args: { agentConfig: string | null }; returns: DeployView };
  save_deploy: { args: { dir: string; agentConfig: string | null; force: boolean }; returns: SavedDeployView };
  template_detail: { args: { id: string }; returns: TemplateDetail };
  session_rules: { args: Record<string, never>; returns: RulesView };
  save_rules: { args: { format: string; path: string; force: boolean }; returns: SavedRules };
  search: { args: { args: SearchArgs }; returns: SearchView };
  open_session: { args: Record<string, never>; returns: SessionView };
  decide: { args: { id: string; verdict: Verdict | null; owner: string | null; note: string | null; labels: Record<string, string> | null; keepShare: string | null }; returns: SessionView };
  list_sessions: { args: Record<string, never>; returns: Array<SessionListItem> };
  switch_session: { args: { name: string }; returns: SessionView };
  create_session: { args: { args: NewSessionArgs }; returns: SessionView };
  update_session: { args: { reviewers: Array<string>; pricePerGbUsd: number; infrequentAccessPricePerGbUsd: number; storagePricePerGbMonthUsd: number; insightsPricePerGbUsd: number; ingestionOnly: boolean }; returns: SessionView };
  meeting_summary: { args: Record<string, never>; returns: SummaryView };
  last_meeting_rules: { args: { previousWorkspace: string }; returns: LastMeetingView };
  app_info: { args: Record<string, never>; returns: AppInfo };
  recent_workspaces: { args: Record<string, never>; returns: Array<RecentWorkspace> };
  open_workspace: { args: { path: string }; returns: WorkspaceInfo };
  create_workspace: { args: { path: string }; returns: WorkspaceInfo };
  open_demo: { args: { onProgress: Channel<ImportProgress> }; returns: WorkspaceInfo };
  import_files: { args: { paths: Array<string>; group: string | null; onProgress: Channel<ImportProgress> }; returns: ImportSummary };
};
