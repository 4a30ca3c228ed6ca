import { writeText } from "@tauri-apps/plugin-clipboard-manager";
import { useState } from "react";
import { api, errorMessage, type SummaryRowView } from "../api";
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
      await writeText(view.markdown);
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
            {withVerdict && <td className="muted">{r.note ?? ""}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
