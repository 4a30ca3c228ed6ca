import { useEffect, useState } from "react";
import { api, errorMessage, type SessionListItem, type SessionPrices, type SessionView } from "../api";
import { time } from "../format";

type Props = {
  /** Reloads the current session's name when the workspace changes. */
  workspacePath: string;
  /** Called after another session was opened or a new one created. */
  onChanged: (session: SessionView) => void;
};

/** Price the new-session form starts with: CloudWatch Logs standard ingestion, USD per GB. */
const DEFAULT_PRICE = "0.50";
const DEFAULT_IA_PRICE = "0.25";
/** Archived storage, USD per GB-month, and Logs Insights, USD per GB scanned (us-east-1). */
const DEFAULT_STORAGE_PRICE = "0.03";
const DEFAULT_INSIGHTS_PRICE = "0.005";

/** What the price fields hold, as typed. */
type PriceInputs = { price: string; ia: string; storage: string; insights: string; ingestionOnly: boolean };

/**
 * The session decisions go to, in the top bar: lists the workspace's sessions (date, decided
 * count), opens one, or starts a new one with its name, reviewers and price per GB. A new
 * session carries decisions over from earlier ones unless "start fresh" is ticked.
 */
export function SessionPicker({ workspacePath, onChanged }: Props) {
  const [current, setCurrent] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [sessions, setSessions] = useState<SessionListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [reviewers, setReviewers] = useState("");
  const [prices, setPrices] = useState<PriceInputs>({
    price: DEFAULT_PRICE,
    ia: DEFAULT_IA_PRICE,
    storage: DEFAULT_STORAGE_PRICE,
    insights: DEFAULT_INSIGHTS_PRICE,
    ingestionOnly: false,
  });
  const [fresh, setFresh] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .openSession()
      .then((s) => live && setCurrent(s.name))
      .catch(() => live && setCurrent(null));
    return () => {
      live = false;
    };
  }, [workspacePath]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    setError(null);
    // A list from an earlier opening may name another session as current.
    setSessions(null);
    api
      .listSessions()
      .then((s) => live && setSessions(s))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [open]);

  const changed = (s: SessionView) => {
    setCurrent(s.name);
    setOpen(false);
    setName("");
    setReviewers("");
    onChanged(s);
  };

  const choose = async (item: SessionListItem) => {
    if (busy) return;
    setBusy(true);
    try {
      changed(await api.switchSession(item.name));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const update = async (reviewerList: string[], chosen: SessionPrices) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      changed(await api.updateSession(reviewerList, chosen));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const create = async () => {
    if (busy) return;
    // A blank field takes the engine's default; anything else must be a price.
    const typed = [prices.price, prices.ia, prices.storage, prices.insights];
    const parsed = typed.map((t) => (t.trim() === "" ? null : parsePrice(t)));
    const bad = parsed.findIndex((p) => p === undefined);
    if (bad >= 0) {
      setError(priceError(typed[bad]));
      return;
    }
    const [perGb, iaPerGb, storagePerGbMonth, insightsPerGb] = parsed as (number | null)[];
    setBusy(true);
    setError(null);
    try {
      changed(
        await api.createSession({
          name,
          reviewers: splitNames(reviewers),
          price_per_gb_usd: perGb,
          infrequent_access_price_per_gb_usd: iaPerGb,
          storage_price_per_gb_month_usd: storagePerGbMonth,
          insights_price_per_gb_usd: insightsPerGb,
          ingestion_only: prices.ingestionOnly,
          fresh,
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const currentItem = sessions?.find((s) => s.current) ?? null;
  return (
    <div className="session-picker">
      <button data-testid="session-picker" title="Choose the review session" onClick={() => setOpen((o) => !o)}>
        session <strong data-testid="current-session">{current ?? "…"}</strong> ▾
      </button>
      {open && (
        <div
          className="session-panel"
          data-testid="session-panel"
          onKeyDown={(e) => {
            if (e.key === "Escape") setOpen(false);
          }}
        >
          <h3>Sessions of this workspace</h3>
          {!sessions && !error && <p className="muted small">Loading…</p>}
          {sessions && sessions.length === 0 && <p className="muted small">None yet.</p>}
          {sessions && sessions.length > 0 && (
            <ul className="session-list">
              {sessions.map((s) => (
                <li key={s.path}>
                  <button
                    className={`session-item ${s.current ? "current" : ""}`}
                    data-testid="session-item"
                    data-name={s.name}
                    disabled={busy}
                    onClick={() => void choose(s)}
                  >
                    <span className="session-name">{s.name}</span>
                    <span className="muted small">
                      {time(s.created_at_ms).slice(0, 16)} · {s.decided}/{s.templates} decided · {s.noise} noise
                      {s.reviewers.length > 0 && ` · ${s.reviewers.join(", ")}`}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {currentItem && (
            <CurrentSettings
              key={currentItem.path}
              item={currentItem}
              busy={busy}
              onSave={(reviewerList, chosen) => void update(reviewerList, chosen)}
              onError={setError}
            />
          )}
          <h3>New session</h3>
          <form
            className="new-session"
            onSubmit={(e) => {
              e.preventDefault();
              void create();
            }}
          >
            <label>
              Name
              <input
                data-testid="new-session-name"
                value={name}
                placeholder="2026-03 graph club"
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            <label>
              Reviewers
              <input
                data-testid="new-session-reviewers"
                value={reviewers}
                placeholder="ana, bo (comma between names)"
                onChange={(e) => setReviewers(e.target.value)}
              />
            </label>
            <PriceFields testIdPrefix="new-session" value={prices} onChange={setPrices} />
            <label className="inline">
              <input type="checkbox" data-testid="new-session-fresh" checked={fresh} onChange={(e) => setFresh(e.target.checked)} />{" "}
              start fresh (carry no earlier decisions over)
            </label>
            <button className="primary" type="submit" data-testid="create-session" disabled={busy || !name.trim()}>
              Create and open
            </button>
          </form>
          {error && (
            <div className="error" role="alert" data-testid="session-error">
              {error}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/** A price per GB typed by the user; `undefined` when it is not one. */
function parsePrice(raw: string): number | undefined {
  const v = Number(raw.trim());
  return raw.trim() !== "" && Number.isFinite(v) && v >= 0 ? v : undefined;
}

function priceError(raw: string): string {
  return `${raw} is not a price per GB: give a number of dollars of 0 or more, such as 0.50`;
}

function splitNames(raw: string): string[] {
  return raw
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
}

/**
 * The two prices per GB ingested, of Standard (and unknown-class) log groups and of Infrequent
 * Access ones, side by side: stacked, they pushed the new-session form's button out of the
 * panel at 1280x800; the storage and Logs Insights prices folded under them, for the same
 * reason (most teams keep the list prices); then the box that prices ingestion alone, so the
 * basis (storage and scans, as CloudWatch bills them, or not) is one click away. Test ids are
 * `<prefix>-price`, `<prefix>-ia-price`, `<prefix>-storage-price`, `<prefix>-insights-price`
 * and `<prefix>-ingestion-only`.
 */
function PriceFields({
  testIdPrefix,
  value,
  onChange,
}: {
  testIdPrefix: string;
  value: PriceInputs;
  onChange: (value: PriceInputs) => void;
}) {
  const field = (key: "price" | "ia" | "storage" | "insights", label: string, title: string, testId: string) => (
    <label title={title}>
      {label}
      <input
        data-testid={`${testIdPrefix}-${testId}`}
        value={value[key]}
        inputMode="decimal"
        onChange={(e) => onChange({ ...value, [key]: e.target.value })}
      />
    </label>
  );
  return (
    <>
      <div className="prices">
        {field("price", "Price per GB ingested ($)", "log groups of the Standard class, and groups of unknown class", "price")}
        {field("ia", "Infrequent Access ($/GB)", "log groups of the Infrequent Access class", "ia-price")}
      </div>
      <details className="more-prices">
        <summary className="small">Storage and scan prices</summary>
        <div className="prices">
          {field(
            "storage",
            "Storage ($/GB-month)",
            "archived bytes (compressed, as CloudWatch stores them) kept for each group's retention",
            "storage-price",
          )}
          {field("insights", "Insights scans ($/GB)", "bytes scanned by Logs Insights queries", "insights-price")}
        </div>
      </details>
      <label
        className="inline"
        title="unticked, each log group's bytes also cost their storage for the group's retention and the Logs Insights scans over them, as CloudWatch bills"
      >
        <input
          type="checkbox"
          data-testid={`${testIdPrefix}-ingestion-only`}
          checked={value.ingestionOnly}
          onChange={(e) => onChange({ ...value, ingestionOnly: e.target.checked })}
        />{" "}
        price ingestion only (leave storage and Insights scans out)
      </label>
    </>
  );
}

/** The open session's reviewers and prices, changed after the fact (`lognoise session set`). */
function CurrentSettings({
  item,
  busy,
  onSave,
  onError,
}: {
  item: SessionListItem;
  busy: boolean;
  onSave: (reviewers: string[], prices: SessionPrices) => void;
  onError: (message: string) => void;
}) {
  const [reviewers, setReviewers] = useState(item.reviewers.join(", "));
  const [prices, setPrices] = useState<PriceInputs>({
    price: item.price_per_gb_usd.toFixed(2),
    ia: item.infrequent_access_price_per_gb_usd.toFixed(2),
    storage: String(item.storage_price_per_gb_month_usd),
    insights: String(item.insights_price_per_gb_usd),
    ingestionOnly: item.ingestion_only,
  });
  return (
    <form
      className="new-session"
      data-testid="session-settings"
      onSubmit={(e) => {
        e.preventDefault();
        const typed = [prices.price, prices.ia, prices.storage, prices.insights];
        const parsed = typed.map(parsePrice);
        const bad = parsed.findIndex((p) => p === undefined);
        if (bad >= 0) onError(priceError(typed[bad]));
        else {
          const [perGb, infrequentAccessPerGb, storagePerGbMonth, insightsPerGb] = parsed as number[];
          onSave(splitNames(reviewers), {
            perGb,
            infrequentAccessPerGb,
            storagePerGbMonth,
            insightsPerGb,
            ingestionOnly: prices.ingestionOnly,
          });
        }
      }}
    >
      <h3>This session: {item.name}</h3>
      <label>
        Reviewers
        <input data-testid="session-reviewers" value={reviewers} onChange={(e) => setReviewers(e.target.value)} />
      </label>
      <PriceFields testIdPrefix="session" value={prices} onChange={setPrices} />
      <p className="muted small" data-testid="session-priced">
        {item.priced}
      </p>
      <button type="submit" data-testid="save-session" disabled={busy}>
        Save changes
      </button>
    </form>
  );
}
