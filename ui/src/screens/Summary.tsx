import { writeText } from "@tauri-apps/plugin-clipboard-manager";
import { open as openDialog } from "@tauri-apps/plugin-dialog";
import { useState } from "react";
import { api, errorMessage, type LastMeetingView, type SummaryRowView } from "../api";
import { TemplateText } from "../components/TemplateText";
import { useLoaded } from "../useLoaded";
import { bytes, count, dollars, percent, time } from "../format";

/**
 * The meeting summary of the open session, as the engine computes it: what was decided, the
 * noise share of the volume and the saving per team. "Copy as Markdown" copies the engine's
 * Markdown, the same text `lognoise session summary` prints.
 */
export function Summary() {
  const { value: view, error } = useLoaded(api.meetingSummary);
  const [message, setMessage] = useState<string | null>(null);
  const [copyError, setCopyError] = useState<string | null>(null);
  const [last, setLast] = useState<LastMeetingView | null>(null);
  const [lastError, setLastError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  /** Picks the earlier meeting's workspace and checks its rules on this sample. */
  const checkLastMeeting = async () => {
    setLastError(null);
    const dir = await openDialog({ directory: true, multiple: false, title: "The workspace of the earlier meeting" });
    if (typeof dir !== "string") return;
    setChecking(true);
    try {
      setLast(await api.lastMeetingRules(dir));
    } catch (e) {
      setLastError(errorMessage(e));
    } finally {
      setChecking(false);
    }
  };

  if (error) {
    return (
      <section className="summary" data-testid="screen-summary">
        <div className="error" role="alert">
          {error}
        </div>
      </section>
    );
  }
  if (!view) {
    return (
      <section className="summary" data-testid="screen-summary">
        <p className="muted">Summing up the session…</p>
      </section>
    );
  }

  const copy = async () => {
    setMessage(null);
    setCopyError(null);
    try {
      await writeText(last ? `${view.markdown}\n${last.markdown}` : view.markdown);
      setMessage("Copied the summary as Markdown.");
    } catch (e) {
      setCopyError(`The clipboard refused the text: ${errorMessage(e)}`);
    }
  };

  const open = view.templates - view.decided;
  return (
    <section className="summary" data-testid="screen-summary">
      <div className="summary-head">
        <div>
          <h1>Review session: {view.session}</h1>
          <p className="muted">
            {time(view.created_at_ms).slice(0, 10)}
            {view.reviewers.length > 0 && <> · reviewers: {view.reviewers.join(", ")}</>} · ${view.price_per_gb_usd.toFixed(2)}/GB
          </p>
        </div>
        <button className="primary" data-testid="copy-markdown" onClick={() => void copy()}>
          Copy as Markdown
        </button>
      </div>
      {message && (
        <div className="ok" data-testid="summary-message">
          {message}
        </div>
      )}
      {copyError && (
        <div className="error" role="alert">
          {copyError}
        </div>
      )}
      <div className="summary-figures" data-testid="summary-outcome">
        <Figure label="decided" value={`${view.decided} / ${view.templates}`}>
          {view.noise} noise · {view.keep} keep · {view.signal} signal · {open} open
          {view.carried_over > 0 && <> · {view.carried_over} carried over</>}
          {view.accepted_suggestions > 0 && <> · {view.accepted_suggestions} accepted suggestions</>}
        </Figure>
        <Figure label="noise share of volume" value={percent(view.noise_byte_share)}>
          {percent(view.noise_event_share)} of the events
        </Figure>
        <Figure label="saving a month" value={dollars(view.monthly_saving_usd)}>
          {bytes(view.monthly_bytes_saved)} not ingested
          {!view.window_known && " (the sample has no time span: taken as a month)"}
          <div className="summary-priced" data-testid="summary-priced">
            {view.priced}
          </div>
        </Figure>
      </div>

      {view.saving_by_owner.length > 0 && (
        <>
          <h2>Saving per owner team</h2>
          <table className="summary-table" data-testid="saving-by-owner">
            <thead>
              <tr>
                <th>team</th>
                <th className="num">noise templates</th>
                <th className="num">volume / month</th>
                <th className="num">$ / month</th>
              </tr>
            </thead>
            <tbody>
              {view.saving_by_owner.map((o) => (
                <tr key={o.owner ?? ""}>
                  <td>{o.owner ?? <span className="muted">(no owner)</span>}</td>
                  <td className="num">{o.templates}</td>
                  <td className="num">{bytes(o.monthly_bytes)}</td>
                  <td className="num">{dollars(o.monthly_cost_usd)}</td>
                </tr>
              ))}
              <tr className="total">
                <td>total</td>
                <td className="num">{view.noise}</td>
                <td className="num">{bytes(view.monthly_bytes_saved)}</td>
                <td className="num">{dollars(view.monthly_saving_usd)}</td>
              </tr>
            </tbody>
          </table>
        </>
      )}

      <LastMeeting last={last} error={lastError} checking={checking} onCheck={() => void checkLastMeeting()} />

      <h2>Decisions</h2>
      {view.decisions.length === 0 ? (
        <p className="muted">None yet: decide templates on the Review screen.</p>
      ) : (
        <Rows rows={view.decisions} testid="summary-decision" withVerdict />
      )}

      <h2>Open questions</h2>
      {view.open_total === 0 ? (
        <p className="muted">None: every template is decided.</p>
      ) : (
        <>
          <p className="muted small">
            The costliest undecided templates
            {view.open_total > view.open_questions.length &&
              ` (${view.open_questions.length} of ${count(view.open_total)}; the Markdown lists them too)`}
            .
          </p>
          <Rows rows={view.open_questions} testid="summary-open" withVerdict={false} />
        </>
      )}
    </section>
  );
}

function Figure({ label, value, children }: { label: string; value: string; children: React.ReactNode }) {
  return (
    <div className="figure">
      <div className="figure-value">{value}</div>
      <div className="figure-label">{label}</div>
      <div className="muted small">{children}</div>
    </div>
  );
}

function Rows({ rows, testid, withVerdict }: { rows: SummaryRowView[]; testid: string; withVerdict: boolean }) {
  return (
    <table className="summary-table">
      <thead>
        <tr>
          {withVerdict && <th>verdict</th>}
          <th>template</th>
          <th>owner</th>
          <th className="num">events</th>
          <th className="num">$ / month</th>
          {withVerdict && <th>note</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-testid={testid} data-template-id={r.id}>
            {withVerdict && (
              <td>
                <span className={`verdict verdict-${r.verdict}`}>
                  {r.verdict}
                  {r.verdict === "noise" && r.keep_one_in ? `, keep 1 in ${r.keep_one_in}` : ""}
                </span>
                {r.carried_from && (
                  <span className="muted small" title={`carried over from ${r.carried_from}`}>
                    {" "}
                    *
                  </span>
                )}
              </td>
            )}
            <td className="summary-template" title={r.headline ? r.text : undefined}>
              <TemplateText text={r.headline ?? r.text} />
            </td>
            <td>{r.owner ?? ""}</td>
            <td className="num">{count(r.count)}</td>
            <td className="num">{dollars(r.monthly_cost_usd)}</td>
            {withVerdict && (
              <td className="muted">
                {r.note ?? ""}
                {r.read_by.length > 0 && (
                  <span className="read-by-note" data-testid="summary-read-by">
                    {r.note ? " · " : ""}read by: {r.read_by.join("; ")}
                  </span>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Did last meeting's rules work: realised against projected saving, leaks, shrunk kept templates. */
function LastMeeting({
  last,
  error,
  checking,
  onCheck,
}: {
  last: LastMeetingView | null;
  error: string | null;
  checking: boolean;
  onCheck: () => void;
}) {
  const leaking = last?.rules.filter((r) => r.leaks.length > 0).length ?? 0;
  const share = (x: number | null) => (x === null ? "–" : percent(x));
  const usd = (x: number | null) => (x === null ? "–" : dollars(x));
  return (
    <div data-testid="last-meeting">
      <h2>Last meeting's rules</h2>
      <p className="muted small">
        Compare with the earlier meeting: its rules are checked on this sample.{" "}
        <button data-testid="check-last-meeting" onClick={onCheck} disabled={checking}>
          {checking ? "Checking…" : "Choose its workspace…"}
        </button>
      </p>
      {error && (
        <div className="error" role="alert" data-testid="last-meeting-error">
          {error}
        </div>
      )}
      {last && (
        <>
          <p data-testid="last-meeting-outcome">
            Session <strong>{last.previous}</strong>:{" "}
            {last.priced
              ? `${dollars(last.realised_usd)}/month realised of ${dollars(last.projected_usd)} projected`
              : "no monthly figures (a sample has no time window)"}
            ; {leaking} of {last.rules.length} rules still match lines here; {last.shrunk.length} kept or signal
            template{last.shrunk.length === 1 ? "" : "s"} shrank.
          </p>
          {last.rules.length > 0 && (
            <table className="summary-table" data-testid="last-meeting-rules">
              <thead>
                <tr>
                  <th>rule</th>
                  <th>owner</th>
                  <th className="num">then $ / month</th>
                  <th className="num">now $ / month</th>
                  <th className="num">drop expected</th>
                  <th className="num">observed</th>
                  <th>still matching in</th>
                </tr>
              </thead>
              <tbody>
                {last.rules.map((r) => (
                  <tr key={r.rule_id}>
                    <td className="summary-template" title={r.template}>
                      <TemplateText text={r.template} />
                    </td>
                    <td>{r.owner ?? ""}</td>
                    <td className="num">{usd(r.then_usd)}</td>
                    <td className="num">{usd(r.now_usd)}</td>
                    <td className="num">{percent(r.expected_drop)}</td>
                    <td className="num">{share(r.observed_drop)}</td>
                    <td>{r.leaks.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {last.shrunk.length > 0 && (
            <ul data-testid="last-meeting-shrunk">
              {last.shrunk.map((s) => (
                <li key={s.text}>
                  {s.verdict} <code>{s.text}</code>: {count(s.then_lines)} lines then, {count(s.now_lines)} now
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
