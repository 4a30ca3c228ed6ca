import { useEffect, useState } from "react";
import { api, errorMessage, type SessionListItem, type SessionView } from "../api";
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
  const [price, setPrice] = useState(DEFAULT_PRICE);
  const [iaPrice, setIaPrice] = useState(DEFAULT_IA_PRICE);
  const [ingestionOnly, setIngestionOnly] = useState(false);
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

  const update = async (reviewerList: string[], perGb: number, iaPerGb: number, onlyIngestion: boolean) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      changed(await api.updateSession(reviewerList, perGb, iaPerGb, onlyIngestion));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const create = async () => {
    if (busy) return;
    const perGb = price.trim() === "" ? null : parsePrice(price);
    if (perGb === undefined) {
      setError(priceError(price));
      return;
    }
    const iaPerGb = iaPrice.trim() === "" ? null : parsePrice(iaPrice);
    if (iaPerGb === undefined) {
      setError(priceError(iaPrice));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      changed(
        await api.createSession({
          name,
          reviewers: splitNames(reviewers),
          price_per_gb_usd: perGb,
          infrequent_access_price_per_gb_usd: iaPerGb,
          ingestion_only: ingestionOnly,
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
              onSave={(reviewerList, perGb, iaPerGb, onlyIngestion) =>
                void update(reviewerList, perGb, iaPerGb, onlyIngestion)
              }
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
            <PriceFields
              testIdPrefix="new-session"
              price={price}
              iaPrice={iaPrice}
              onPrice={setPrice}
              onIaPrice={setIaPrice}
              ingestionOnly={ingestionOnly}
              onIngestionOnly={setIngestionOnly}
            />
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
 * panel at 1280x800; under them, the box that prices ingestion alone, so the basis (storage
 * and Logs Insights scans, as CloudWatch bills them, or not) is one click away. Test ids are
 * `<prefix>-price`, `<prefix>-ia-price` and `<prefix>-ingestion-only`.
 */
function PriceFields({
  testIdPrefix,
  price,
  iaPrice,
  onPrice,
  onIaPrice,
  ingestionOnly,
  onIngestionOnly,
}: {
  testIdPrefix: string;
  price: string;
  iaPrice: string;
  onPrice: (value: string) => void;
  onIaPrice: (value: string) => void;
  ingestionOnly: boolean;
  onIngestionOnly: (value: boolean) => void;
}) {
  return (
    <>
    <div className="prices">
      <label title="log groups of the Standard class, and groups of unknown class">
        Price per GB ingested ($)
        <input
          data-testid={`${testIdPrefix}-price`}
          value={price}
          inputMode="decimal"
          onChange={(e) => onPrice(e.target.value)}
        />
      </label>
      <label title="log groups of the Infrequent Access class">
        Infrequent Access ($/GB)
        <input
          data-testid={`${testIdPrefix}-ia-price`}
          value={iaPrice}
          inputMode="decimal"
          onChange={(e) => onIaPrice(e.target.value)}
        />
      </label>
    </div>
    <label
      className="inline"
      title="unticked, each log group's bytes also cost their storage for the group's retention and the Logs Insights scans over them, as CloudWatch bills"
    >
      <input
        type="checkbox"
        data-testid={`${testIdPrefix}-ingestion-only`}
        checked={ingestionOnly}
        onChange={(e) => onIngestionOnly(e.target.checked)}
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
  onSave: (reviewers: string[], pricePerGb: number, infrequentAccessPricePerGb: number, ingestionOnly: boolean) => void;
  onError: (message: string) => void;
}) {
  const [reviewers, setReviewers] = useState(item.reviewers.join(", "));
  const [price, setPrice] = useState(item.price_per_gb_usd.toFixed(2));
  const [iaPrice, setIaPrice] = useState(item.infrequent_access_price_per_gb_usd.toFixed(2));
  const [ingestionOnly, setIngestionOnly] = useState(item.ingestion_only);
  return (
    <form
      className="new-session"
      data-testid="session-settings"
      onSubmit={(e) => {
        e.preventDefault();
        const perGb = parsePrice(price);
        const iaPerGb = parsePrice(iaPrice);
        if (perGb === undefined) onError(priceError(price));
        else if (iaPerGb === undefined) onError(priceError(iaPrice));
        else onSave(splitNames(reviewers), perGb, iaPerGb, ingestionOnly);
      }}
    >
      <h3>This session: {item.name}</h3>
      <label>
        Reviewers
        <input data-testid="session-reviewers" value={reviewers} onChange={(e) => setReviewers(e.target.value)} />
      </label>
      <PriceFields
        testIdPrefix="session"
        price={price}
        iaPrice={iaPrice}
        onPrice={setPrice}
        onIaPrice={setIaPrice}
        ingestionOnly={ingestionOnly}
        onIngestionOnly={setIngestionOnly}
      />
      <p className="muted small" data-testid="session-priced">
        {item.priced}
      </p>
      <button type="submit" data-testid="save-session" disabled={busy}>
        Save changes
      </button>
    </form>
  );
}
