// Typed calls into the Rust commands. Payload types and the command table come from
// bindings.ts, generated from the Rust types and the commands' signatures, so a renamed field,
// command or argument fails `tsc` here instead of showing `undefined` on screen.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  ApiError,
  AwsTarget,
  Commands,
  ExportFormat,
  ImportProgress,
  NewSessionArgs,
  ProducerKind,
  PullArgs,
  PullProgressEvent,
  SearchArgs,
  Verdict,
} from "./bindings";

export type * from "./bindings";

/** A command's name. */
export type CommandName = keyof Commands;
/** The arguments `invoke` sends to a command. */
export type CommandArgs<K extends CommandName> = Commands[K]["args"];
/** What a command resolves to. */
export type CommandResult<K extends CommandName> = Commands[K]["returns"];

/** Calls a command with the arguments its Rust signature takes; those without any take none. */
function call<K extends CommandName>(
  cmd: K,
  ...args: CommandArgs<K> extends Record<string, never> ? [] : [CommandArgs<K>]
): Promise<CommandResult<K>> {
  return invoke<CommandResult<K>>(cmd, args[0]);
}

/** Whether a rejected invoke carries the app's `{code, message}` error. */
export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** The message to show for any failure, app error or not. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

function progressChannel(onProgress?: (p: ImportProgress) => void): Channel<ImportProgress> {
  const channel = new Channel<ImportProgress>();
  channel.onmessage = (p) => onProgress?.(p);
  return channel;
}

function pullChannel(onProgress?: (p: PullProgressEvent) => void): Channel<PullProgressEvent> {
  const channel = new Channel<PullProgressEvent>();
  channel.onmessage = (p) => onProgress?.(p);
  return channel;
}

/** A session's prices, as the session settings send them (`lognoise session set`). */
export type SessionPrices = {
  /** USD per GB ingested into a Standard (or unknown-class) log group. */
  perGb: number;
  /** USD per GB ingested into an Infrequent Access log group. */
  infrequentAccessPerGb: number;
  /** USD per GB-month of archived storage. */
  storagePerGbMonth: number;
  /** USD per GB scanned by Logs Insights. */
  insightsPerGb: number;
  /** Whether the figures price ingestion alone. */
  ingestionOnly: boolean;
};

export const api = {
  appInfo: () => call("app_info"),
  recentWorkspaces: () => call("recent_workspaces"),
  openWorkspace: (path: string) => call("open_workspace", { path }),
  createWorkspace: (path: string) => call("create_workspace", { path }),
  openDemo: (onProgress?: (p: ImportProgress) => void) =>
    call("open_demo", { onProgress: progressChannel(onProgress) }),
  importFiles: (paths: string[], group: string | null, onProgress?: (p: ImportProgress) => void) =>
    call("import_files", { paths, group, onProgress: progressChannel(onProgress) }),
  templateDetail: (id: string) => call("template_detail", { id }),
  search: (args: SearchArgs) => call("search", { args }),
  openSession: () => call("open_session"),
  decide: (
    id: string,
    verdict: Verdict | null,
    owner: string | null = null,
    note: string | null = null,
    labels: Record<string, string> | null = null,
    keepShare: string | null = null,
  ) => call("decide", { id, verdict, owner, note, labels, keepShare }),
  reviewQueue: () => call("review_queue"),
  lastMeetingRules: (previousWorkspace: string) => call("last_meeting_rules", { previousWorkspace }),
  acceptSuggestion: (id: string) => call("accept_suggestion", { id }),
  mergeTemplates: (into: string, members: string[]) =>
    call("merge_templates", { into, members }),
  unmergeTemplate: (into: string, member: string | null = null) =>
    call("unmerge_template", { into, member }),
  splitTemplate: (id: string, variable: number, values: string[]) =>
    call("split_template", { id, variable, values }),
  unsplitTemplate: (id: string) => call("unsplit_template", { id }),
  awsProfiles: () => call("aws_profiles"),
  logGroups: (target: AwsTarget, prefix: string | null = null) =>
    call("log_groups", { target, prefix }),
  pullCloudwatch: (args: PullArgs, onProgress?: (p: PullProgressEvent) => void) =>
    call("pull_cloudwatch", { args, onProgress: pullChannel(onProgress) }),
  cancelPull: () => call("cancel_pull"),
  listSessions: () => call("list_sessions"),
  switchSession: (name: string) => call("switch_session", { name }),
  createSession: (args: NewSessionArgs) => call("create_session", { args }),
  updateSession: (reviewers: string[], prices: SessionPrices) =>
    call("update_session", {
      reviewers,
      pricePerGbUsd: prices.perGb,
      infrequentAccessPricePerGbUsd: prices.infrequentAccessPerGb,
      storagePricePerGbMonthUsd: prices.storagePerGbMonth,
      insightsPricePerGbUsd: prices.insightsPerGb,
      ingestionOnly: prices.ingestionOnly,
    }),
  sessionRules: () => call("session_rules"),
  saveRules: (format: ExportFormat, path: string, force: boolean) =>
    call("save_rules", { format, path, force }),
  meetingSummary: () => call("meeting_summary"),
  logGroupProducers: () => call("log_group_producers"),
  setLogGroupProducer: (logGroup: string, kind: ProducerKind | null) =>
    call("set_log_group_producer", { logGroup, kind }),
  sessionDeploy: (agentConfig: string | null = null) => call("session_deploy", { agentConfig }),
  saveDeploy: (dir: string, agentConfig: string | null, force: boolean) =>
    call("save_deploy", { dir, agentConfig, force }),
};
