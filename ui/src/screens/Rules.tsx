import { save } from "@tauri-apps/plugin-dialog";
import { writeText } from "@tauri-apps/plugin-clipboard-manager";
import { useState } from "react";
import { api, errorMessage, type RuleConflictView, type RuleView } from "../api";
import { TemplateText } from "../components/TemplateText";
import { useLoaded } from "../useLoaded";
import { Deploy } from "./rules/Deploy";
import { bytes, count, dollars, percent } from "../format";

/** The format the preview opens on: the shipper most teams run next to CloudWatch. */
const DEFAULT_FORMAT = "fluent-bit";

/**
 * The suppression rules the open session's noise decisions give, checked against the
 * workspace's events, and their export for a log shipper. Saving and copying use the export
 * text the Rust side made; conflicts with templates marked keep or signal block saving unless
 * "export anyway" is ticked (the Rust command checks again).
 */
export function Rules() {
  const { value: view, error } = useLoaded(api.sessionRules);
  const [format, setFormat] = useState(DEFAULT_FORMAT);
  const [force, setForce] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (error) {
    return (
      <section className="rules" data-testid="screen-rules">
        <div className="error" role="alert">
          {error}
        </div>
      </section>
    );
  }
  if (!view) {
    return (
      <section className="rules" data-testid="screen-rules">
        <p className="muted">Making and checking the rules against the workspace…</p>
      </section>
    );
  }
  if (view.rules.length === 0) {
    return (
      <section className="rules" data-testid="screen-rules">
        <h1>Rules</h1>
        <p className="muted" data-testid="no-rules">
          Session <strong>{view.session}</strong> marks no template noise yet: mark some on the Review screen (
          <kbd>n</kbd>), then come back here to export them.
        </p>
      </section>
    );
  }

  const preview = view.exports.find((e) => e.format === format) ?? view.exports[0];
  const conflicting = view.conflicts.length + view.dependent_conflicts.length > 0;
  const blocked = conflicting && !force;

  const saveFile = async () => {
    if (!preview || blocked) return;
    setMessage(null);
    setActionError(null);
    const path = await save({
      title: `Save ${preview.label}`,
      defaultPath: preview.file_name,
    });
    if (!path) return;
    setBusy(true);
    try {
      const saved = await api.saveRules(preview.format, path, force);
      setMessage(
        `Saved ${saved.rules} rule${saved.rules === 1 ? "" : "s"} as ${preview.label} to ${saved.path}` +
          (saved.files.length > 0 ? `, with ${saved.files.join(", ")} beside it` : "") +
          (saved.forced ? ", despite the conflicts." : "."),
      );
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!preview) return;
    setMessage(null);
    setActionError(null);
    try {
      await writeText(preview.text);
      setMessage(`Copied the ${preview.label} export to the clipboard.`);
    } catch (e) {
      setActionError(`The clipboard refused the text (${errorMessage(e)}): use Save… instead.`);
    }
  };

  return (
    <section className="rules" data-testid="screen-rules">
      <div className="rules-list">
        <h1>Rules</h1>
        <div className="rules-totals" data-testid="rules-totals">
          <span>
            <strong>{view.rules.length}</strong> rule{view.rules.length === 1 ? "" : "s"} from session{" "}
            <strong>{view.session}</strong>
          </span>
          <span>
            drop <strong>{count(view.removed_lines)}</strong> of {count(view.lines)} sampled lines,{" "}
            <strong>{percent(view.removed_share)}</strong> of {bytes(view.bytes)}
          </span>
          <span data-testid="rules-saving">
            {view.removed_monthly_cost_usd === null ? (
              <span className="muted">no time span in the sample: no monthly figure</span>
            ) : (
              <>
                saving <strong>{dollars(view.removed_monthly_cost_usd)}</strong>/month (
                {bytes(view.removed_monthly_bytes ?? 0)}/month at ${view.price_per_gb_usd.toFixed(2)}/GB)
              </>
            )}
          </span>
          <span className="muted">
            {view.protected === 1
              ? "1 template marked keep or signal is protected"
              : `${view.protected} templates marked keep or signal are protected`}
          </span>
        </div>
        {view.conflicts.length > 0 && (
          <div className="error" role="alert" data-testid="rules-conflicts">
            {view.conflicts.length} conflict{view.conflicts.length === 1 ? "" : "s"}: rules match lines of templates
            marked keep or signal (see the rules below). Saving is blocked unless you tick "export anyway".
          </div>
        )}
        {view.dependent_conflicts.length > 0 && (
          <div className="error" role="alert" data-testid="rules-dependent-conflicts">
            {view.dependent_conflicts.length} rule{view.dependent_conflicts.length === 1 ? " drops" : "s drop"} lines
            something in CloudWatch reads, which breaks it. Saving is blocked unless you tick "export anyway".
            <ul>
              {view.dependent_conflicts.map((c) => (
                <li key={`${c.rule_id}:${c.kind}:${c.log_group}:${c.dependent}`} data-testid="rule-dependent-conflict">
                  <code>{c.dependent}</code> on {c.log_group}: {c.breaks} ({count(c.lines)} sampled lines)
                </li>
              ))}
            </ul>
          </div>
        )}
        <ul className="rule-cards">
          {view.rules.map((r) => (
            <RuleCard key={r.id} rule={r} />
          ))}
        </ul>
        <Deploy force={force} blocked={blocked} />
      </div>
      <aside className="export-pane" data-testid="export-pane">
        <h2>Export</h2>
        <label className="export-format">
          Format{" "}
          <select data-testid="export-format" value={preview?.format} onChange={(e) => setFormat(e.target.value)}>
            {view.exports.map((e) => (
              <option key={e.format} value={e.format}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
        {preview && preview.not_expressible.length > 0 && (
          <div className="warning" data-testid="not-expressible">
            <strong>
              {preview.not_expressible.length} rule{preview.not_expressible.length === 1 ? "" : "s"} left out
            </strong>{" "}
            of this format:
            <ul>
              {preview.not_expressible.map((n) => (
                <li key={n.rule_id}>
                  <code>{n.rule_id}</code>: {n.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
        {preview && preview.files.length > 0 && (
          <p className="muted" data-testid="export-files">
            Saving also writes {preview.files.join(", ")} beside the file: the configuration calls it for the rules
            that keep one line in N, so keep the two together.
          </p>
        )}
        <pre className="export-preview" data-testid="export-preview">
          {preview?.text}
        </pre>
        <div className="export-actions">
          {conflicting && (
            <label className="force">
              <input
                type="checkbox"
                data-testid="export-anyway"
                checked={force}
                onChange={(e) => setForce(e.target.checked)}
              />{" "}
              export anyway
            </label>
          )}
          <button
            className="primary"
            data-testid="save-rules"
            disabled={blocked || busy}
            title={blocked ? "Rules reach templates marked keep or signal, or lines something reads" : undefined}
            onClick={() => void saveFile()}
          >
            Save…
          </button>
          <button data-testid="copy-export" onClick={() => void copy()}>
            Copy
          </button>
        </div>
        {message && (
          <div className="ok" data-testid="rules-message">
            {message}
          </div>
        )}
        {actionError && (
          <div className="error" role="alert" data-testid="rules-error">
            {actionError}
          </div>
        )}
      </aside>
    </section>
  );
}

function RuleCard({ rule }: { rule: RuleView }) {
  const complete = rule.missed === 0;
  return (
    <li className={`rule-card ${rule.conflicts.length ? "conflicting" : ""}`} data-testid="rule" data-template-id={rule.template_id}>
      <div className="rule-head">
        <TemplateText text={rule.template} />
      </div>
      <div className="rule-stats">
        <span
          className={complete ? "state-ok" : "state-warn"}
          data-testid="rule-match"
          title="Lines of its own template the rule matches"
        >
          matches {count(rule.matched_own)}/{count(rule.own_lines)} of its lines
          {complete ? " ✓" : `, misses ${count(rule.missed)}`}
        </span>
        <span>
          drops {count(rule.dropped_lines)} lines, {bytes(rule.dropped_bytes)}
        </span>
        {rule.matched_other > 0 && (
          <span className="muted">also matches {count(rule.matched_other)} lines of other templates</span>
        )}
        {rule.conflicts.length > 0 && <span className="state-bad">conflicts with {rule.conflicts.length}</span>}
      </div>
      <div className="rule-meta muted small">
        <span>id {rule.id}</span>
        <span>{rule.log_groups.length ? rule.log_groups.join(", ") : "every log group"}</span>
        {rule.owner && <span>owner {rule.owner}</span>}
        {rule.reason && <span>“{rule.reason}”</span>}
      </div>
      {rule.missed_examples.length > 0 && (
        <div className="rule-examples">
          <h3>Missed lines</h3>
          <ul className="examples">
            {rule.missed_examples.map((e, i) => (
              <li key={i}>
                <code>{e}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {rule.conflicts.map((c) => (
        <Conflict key={c.template_id} conflict={c} />
      ))}
    </li>
  );
}

function Conflict({ conflict }: { conflict: RuleConflictView }) {
  return (
    <div className="rule-conflict" data-testid="rule-conflict">
      <div>
        matches {count(conflict.lines)} lines of <span className={`verdict verdict-${conflict.verdict}`}>{conflict.verdict}</span>{" "}
        template <TemplateText text={conflict.template} />
      </div>
      <ul className="examples">
        {conflict.examples.map((e, i) => (
          <li key={i}>
            <code>{e}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
