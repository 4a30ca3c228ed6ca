import { useEffect, useMemo, useState } from "react";
import {
  api,
  errorMessage,
  isApiError,
  type AwsProfilesView,
  type LogGroupView,
  type PullSummary,
  type ReaderCountsView,
  type PullWindow,
  type WorkspaceInfo,
} from "../api";
import { bytes, count } from "../format";

type Props = {
  /** Called with the workspace after a pull (complete or cancelled), so screens reload. */
  onPulled: (ws: WorkspaceInfo) => void;
  /** Opens the Review screen. */
  onReview?: () => void;
};

type Preset = "1h" | "24h" | "7d" | "30d" | "custom";
const PRESETS: { id: Preset; label: string; minutes: number }[] = [
  { id: "1h", label: "Last hour", minutes: 60 },
  { id: "24h", label: "Last 24 hours", minutes: 24 * 60 },
  { id: "7d", label: "Last 7 days", minutes: 7 * 24 * 60 },
  { id: "30d", label: "Last 30 days", minutes: 30 * 24 * 60 },
];

type Failure = { code: string; message: string };
type Progress = { events: number; target: number; bytes: number; throttled: number; etaMs: number | null };

function failure(e: unknown): Failure {
  return isApiError(e) ? { code: e.code, message: e.message } : { code: "internal", message: errorMessage(e) };
}

/** `1m 05s`, `45s`: an estimate, so seconds are enough. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** `datetime-local` values are local times; CloudWatch wants epoch milliseconds. */
function localToMs(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}

function ErrorBox({ error, testId }: { error: Failure | null; testId: string }) {
  if (!error) return null;
  return (
    <div className="error" role="alert" data-testid={testId} data-code={error.code}>
      {error.message}
    </div>
  );
}

/**
 * The CloudWatch Logs part of the Sources screen: pick a profile, a region and log groups,
 * a window and a sample size, then pull with live progress. AWS is called from Rust only; the
 * profile list holds names and regions, never keys.
 */
export function CloudWatchPull({ onPulled, onReview }: Props) {
  const [profiles, setProfiles] = useState<AwsProfilesView | null>(null);
  const [profile, setProfile] = useState("");
  const [region, setRegion] = useState("");
  const [setupError, setSetupError] = useState<Failure | null>(null);

  const [groups, setGroups] = useState<LogGroupView[] | null>(null);
  const [loadingGroups, setLoadingGroups] = useState(false);
  const [groupsError, setGroupsError] = useState<Failure | null>(null);
  const [search, setSearch] = useState("");
  const [picked, setPicked] = useState<string[]>([]);

  const [preset, setPreset] = useState<Preset>("24h");
  const [customStart, setCustomStart] = useState("");
  const [customEnd, setCustomEnd] = useState("");
  const [sample, setSample] = useState(10000);
  const [filter, setFilter] = useState("");

  const [progress, setProgress] = useState<Progress | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [result, setResult] = useState<PullSummary | null>(null);
  const [pullError, setPullError] = useState<Failure | null>(null);

  useEffect(() => {
    api
      .awsProfiles()
      .then((p) => {
        setProfiles(p);
        const selected = p.profiles.find((x) => x.name === p.selected);
        setProfile(selected ? selected.name : "");
        setRegion(p.env_region ?? selected?.region ?? "");
      })
      .catch((e) => setSetupError(failure(e)));
  }, []);

  const regionChoices = useMemo(() => {
    const list = [...(profiles?.regions ?? [])];
    for (const r of [region, ...(profiles?.profiles.map((p) => p.region) ?? [])]) {
      if (r && !list.includes(r)) list.unshift(r);
    }
    return list;
  }, [profiles, region]);

  const target = { profile: profile || null, region: region || null };

  const pickProfile = (name: string) => {
    setProfile(name);
    const p = profiles?.profiles.find((x) => x.name === name);
    if (p?.region) setRegion(p.region);
    setGroups(null);
    setPicked([]);
  };

  const loadGroups = async () => {
    setLoadingGroups(true);
    setGroupsError(null);
    try {
      const list = await api.logGroups(target);
      setGroups(list);
      setPicked((old) => old.filter((g) => list.some((x) => x.name === g)));
    } catch (e) {
      setGroups(null);
      setGroupsError(failure(e));
    } finally {
      setLoadingGroups(false);
    }
  };

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (groups ?? []).filter((g) => !q || g.name.toLowerCase().includes(q));
  }, [groups, search]);

  const toggle = (name: string) =>
    setPicked((old) => (old.includes(name) ? old.filter((g) => g !== name) : [...old, name]));

  const pullWindow = (): PullWindow | string => {
    if (preset !== "custom") {
      const minutes = PRESETS.find((p) => p.id === preset)?.minutes ?? 1440;
      return { kind: "last", minutes };
    }
    const start = localToMs(customStart);
    const end = localToMs(customEnd);
    if (start === null || end === null) return "Pick the start and end of the window.";
    if (end <= start) return "The window ends before it starts: pick the start first.";
    return { kind: "range", start_ms: start, end_ms: end };
  };

  const pull = async () => {
    const w = pullWindow();
    if (typeof w === "string") {
      setPullError({ code: "invalid_argument", message: w });
      return;
    }
    setPullError(null);
    setResult(null);
    setCancelling(false);
    setProgress({ events: 0, target: sample, bytes: 0, throttled: 0, etaMs: null });
    try {
      const summary = await api.pullCloudwatch(
        { target, groups: picked, window: w, sample, filter: filter.trim() || null },
        (p) => {
          if (p.event === "pulling")
            setProgress({
              events: p.data.events,
              target: p.data.target,
              bytes: p.data.bytes,
              throttled: p.data.throttled,
              etaMs: p.data.eta_ms,
            });
        },
      );
      setResult(summary);
      onPulled(summary.workspace);
    } catch (e) {
      setPullError(failure(e));
    } finally {
      setProgress(null);
      setCancelling(false);
    }
  };

  const cancel = async () => {
    setCancelling(true);
    try {
      await api.cancelPull();
    } catch (e) {
      setPullError(failure(e));
    }
  };

  const pulling = progress !== null;
  const share = progress && progress.target ? Math.min(1, progress.events / progress.target) : 0;

  return (
    <div className="card cloudwatch" data-testid="cloudwatch">
      <h2>CloudWatch Logs</h2>
      <p className="muted">
        A sample spread over the window, pulled with the credentials of an AWS profile (as the AWS CLI finds them;
        lognoise stores none). Pulling again with the same settings resumes a cancelled pull.
      </p>
      <ErrorBox error={setupError} testId="cloudwatch-setup-error" />
      <div className="row">
        <label>
          Profile{" "}
          <select data-testid="aws-profile" value={profile} onChange={(e) => pickProfile(e.target.value)} disabled={pulling}>
            <option value="">(AWS CLI default)</option>
            {profiles?.profiles.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
                {p.region ? ` (${p.region})` : ""}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          Region{" "}
          <select
            data-testid="aws-region"
            value={region}
            onChange={(e) => {
              setRegion(e.target.value);
              setGroups(null);
              setPicked([]);
            }}
            disabled={pulling}
          >
            <option value="">(the profile's)</option>
            {regionChoices.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>{" "}
        <button data-testid="load-groups" onClick={loadGroups} disabled={loadingGroups || pulling}>
          {loadingGroups ? "Listing…" : groups ? "Refresh log groups" : "List log groups"}
        </button>
      </div>
      <ErrorBox error={groupsError} testId="groups-error" />
      {groups && (
        <div className="log-groups">
          <input
            className="group-search"
            data-testid="group-search"
            placeholder={`Search ${count(groups.length)} log groups`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <ul className="group-list" data-testid="group-list">
            {shown.map((g) => (
              <li key={g.name} data-testid="log-group">
                <label>
                  <input
                    type="checkbox"
                    checked={picked.includes(g.name)}
                    onChange={() => toggle(g.name)}
                    disabled={pulling}
                  />{" "}
                  <span className="group-name">{g.name}</span>{" "}
                  <span className="muted">
                    {g.stored_bytes === null ? "size unknown" : bytes(g.stored_bytes)} ·{" "}
                    {g.retention_days === null ? "kept forever" : `kept ${g.retention_days} days`}
                  </span>
                </label>
              </li>
            ))}
            {shown.length === 0 && <li className="muted">No log group matches.</li>}
          </ul>
        </div>
      )}
      <div className="row">
        <label>
          Window{" "}
          <select data-testid="pull-window" value={preset} onChange={(e) => setPreset(e.target.value as Preset)} disabled={pulling}>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            <option value="custom">Custom…</option>
          </select>
        </label>
        {preset === "custom" && (
          <>
            <label>
              From <input type="datetime-local" data-testid="pull-start" value={customStart} onChange={(e) => setCustomStart(e.target.value)} />
            </label>
            <label>
              to <input type="datetime-local" data-testid="pull-end" value={customEnd} onChange={(e) => setCustomEnd(e.target.value)} />
            </label>
          </>
        )}
        <label>
          Sample{" "}
          <input
            type="number"
            data-testid="pull-sample"
            min={1}
            max={1000000}
            value={sample}
            onChange={(e) => setSample(Math.max(1, Math.floor(Number(e.target.value) || 1)))}
            disabled={pulling}
          />{" "}
          events
        </label>
        <label>
          Filter pattern (optional){" "}
          <input
            data-testid="pull-filter"
            placeholder='ERROR, "payment declined"'
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            disabled={pulling}
          />
        </label>
      </div>
      <div className="row">
        <button className="primary" data-testid="pull" onClick={pull} disabled={pulling || picked.length === 0}>
          Pull {picked.length ? `${picked.length} log group${picked.length > 1 ? "s" : ""}` : ""}
        </button>{" "}
        {pulling && (
          <button data-testid="cancel-pull" onClick={cancel} disabled={cancelling}>
            {cancelling ? "Stopping…" : "Cancel"}
          </button>
        )}
      </div>
      {progress && (
        <div className="progress" data-testid="pull-progress">
          <div className="progress-bar" style={{ width: `${Math.max(2, share * 100)}%` }} />
          <span>
            {count(progress.events)} of {count(progress.target)} events · {bytes(progress.bytes)}
            {progress.etaMs !== null ? ` · about ${duration(progress.etaMs)} left` : ""}
            {progress.throttled ? ` · ${count(progress.throttled)} throttled, slowing down` : ""}
          </span>
        </div>
      )}
      {result && (
        <div className="ok" data-testid="pull-message">
          {result.complete
            ? `Pulled ${count(result.events)} events${result.resumed ? " (resumed)" : ""}. `
            : `Stopped after ${count(result.pull_events)} events, which are kept; pull again with the same settings to resume. `}
          The workspace now has {count(result.workspace.events)} events in {count(result.workspace.templates)} templates.{" "}
          {onReview && (
            <button data-testid="open-review" onClick={onReview}>
              Review templates
            </button>
          )}
        </div>
      )}
      {result?.readers && <Readers readers={result.readers} />}
      {result && result.warnings.length > 0 && (
        <ul className="warnings" data-testid="pull-warnings">
          {result.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <ErrorBox error={pullError} testId="pull-error" />
    </div>
  );
}

/** `3 metric filters`, `1 alarm`. */
function some(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** What reads the pulled groups: rules that would drop what these read are refused. */
function Readers({ readers: r }: { readers: ReaderCountsView }) {
  return (
    <p className="hint" data-testid="pull-readers">
      Read by {some(r.metric_filters, "metric filter", "metric filters")} (
      {some(r.alarms, "alarm", "alarms")}), {some(r.subscription_filters, "subscription filter", "subscription filters")},{" "}
      {some(r.account_policies, "account subscription policy", "account subscription policies")},{" "}
      {some(r.saved_queries, "saved query", "saved queries")},{" "}
      {some(r.dashboard_widgets, "dashboard widget", "dashboard widgets")} and{" "}
      {some(r.recent_queries, "other query", "other queries")} run recently. Rules that would drop lines these read
      are refused.
    </p>
  );
}
