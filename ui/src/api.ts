// Typed calls into the Rust commands. Payload types come from bindings.ts, generated from the
// Rust types, so a renamed field fails `tsc` here instead of showing `undefined` on screen.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  ApiError,
  AwsProfilesView,
  AwsTarget,
  LogGroupView,
  PullArgs,
  PullProgressEvent,
  PullSummary,
  AppInfo,
  ImportProgress,
  ImportSummary,
  NewSessionArgs,
  RecentWorkspace,
  ReviewQueueView,
  RulesView,
  SavedRules,
  SearchArgs,
  SearchView,
  SessionListItem,
  SessionView,
  SummaryView,
  TemplateDetail,
  TemplatesView,
  WorkspaceInfo,
} from "./bindings";

export type * from "./bindings";

/** What the room decides about a template. */
export type Verdict = "noise" | "keep" | "signal";

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

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  recentWorkspaces: () => invoke<RecentWorkspace[]>("recent_workspaces"),
  openWorkspace: (path: string) => invoke<WorkspaceInfo>("open_workspace", { path }),
  createWorkspace: (path: string) => invoke<WorkspaceInfo>("create_workspace", { path }),
  openDemo: (onProgress?: (p: ImportProgress) => void) =>
    invoke<WorkspaceInfo>("open_demo", { onProgress: progressChannel(onProgress) }),
  importFiles: (paths: string[], group: string | null, onProgress?: (p: ImportProgress) => void) =>
    invoke<ImportSummary>("import_files", { paths, group, onProgress: progressChannel(onProgress) }),
  listTemplates: () => invoke<TemplatesView>("list_templates"),
  templateDetail: (id: string) => invoke<TemplateDetail>("template_detail", { id }),
  search: (args: SearchArgs) => invoke<SearchView>("search", { args }),
  openSession: () => invoke<SessionView>("open_session"),
  decide: (
    id: string,
    verdict: Verdict | null,
    owner: string | null = null,
    note: string | null = null,
    labels: Record<string, string> | null = null,
  ) => invoke<SessionView>("decide", { id, verdict, owner, note, labels }),
  reviewQueue: () => invoke<ReviewQueueView>("review_queue"),
  mergeTemplates: (into: string, members: string[]) =>
    invoke<SessionView>("merge_templates", { into, members }),
  unmergeTemplate: (into: string, member: string | null = null) =>
    invoke<SessionView>("unmerge_template", { into, member }),
  splitTemplate: (id: string, variable: number, values: string[]) =>
    invoke<SessionView>("split_template", { id, variable, values }),
  unsplitTemplate: (id: string) => invoke<SessionView>("unsplit_template", { id }),
  awsProfiles: () => invoke<AwsProfilesView>("aws_profiles"),
  logGroups: (target: AwsTarget, prefix: string | null = null) =>
    invoke<LogGroupView[]>("log_groups", { target, prefix }),
  pullCloudwatch: (args: PullArgs, onProgress?: (p: PullProgressEvent) => void) =>
    invoke<PullSummary>("pull_cloudwatch", { args, onProgress: pullChannel(onProgress) }),
  cancelPull: () => invoke<boolean>("cancel_pull"),
  listSessions: () => invoke<SessionListItem[]>("list_sessions"),
  switchSession: (name: string) => invoke<SessionView>("switch_session", { name }),
  createSession: (args: NewSessionArgs) => invoke<SessionView>("create_session", { args }),
  updateSession: (reviewers: string[], pricePerGbUsd: number) =>
    invoke<SessionView>("update_session", { reviewers, pricePerGbUsd }),
  sessionRules: () => invoke<RulesView>("session_rules"),
  saveRules: (format: string, path: string, force: boolean) =>
    invoke<SavedRules>("save_rules", { format, path, force }),
  meetingSummary: () => invoke<SummaryView>("meeting_summary"),
};
