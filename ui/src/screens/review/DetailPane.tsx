// The detail pane of the selected row: its template, what was merged into it or split from
// it, what reads its lines, examples, variables (where a split is picked) and where its events
// come from.
import type { QueueRowView, SessionView, TemplateDetail } from "../../api";
import { TemplateText } from "../../components/TemplateText";
import { bytes, count, dollars, percent, time } from "../../format";
import { SplitPicker } from "../Curate";

/** The pane; `detail` is `null` while the selected template's detail loads. */
export function DetailPane({
  row,
  detail,
  error,
  session,
  readersKnown,
  onSplit,
  onUnmerge,
  onUnsplit,
  onAccept,
}: {
  row: QueueRowView;
  detail: TemplateDetail | null;
  error: string | null;
  session: SessionView | null;
  /** Whether the workspace records what reads its groups (else nothing can be said). */
  readersKnown: boolean;
  onSplit: (variable: number, values: string[]) => void;
  onUnmerge: (member: string | null) => void;
  onUnsplit: (id: string) => void;
  onAccept: () => void;
}) {
  const split = row.split_of ? session?.splits.find((x) => x.template === row.split_of) : undefined;
  const members = row.kind === "merged" ? (session?.merges.find((m) => m.into === row.id)?.members ?? row.members) : [];
  return (
    <div className="detail-inner">
      <h2 className="detail-template" data-testid="detail-template" data-template-id={row.id}>
        <TemplateText text={row.text} />
      </h2>
      <div className="detail-stats">
        <span>{count(row.count)} events</span>
        <span>{percent(row.share)} of events</span>
        <span>{bytes(row.bytes)}</span>
        <span>{dollars(row.monthly_cost_usd)}/month</span>
        <span className="muted">id {row.id}</span>
      </div>
      {members.length > 0 && (
        <div className="curate-note" data-testid="merge-members">
          <h3>Merged into this template</h3>
          <ul>
            {members.map((m) => (
              <li key={m}>
                <code>{m}</code>{" "}
                <button className="link" data-testid="unmerge" onClick={() => onUnmerge(m)}>
                  unmerge
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Suggested row={row} onAccept={onAccept} />
      <ReadBy row={row} known={readersKnown} />
      {row.split_of && (
        <div className="curate-note" data-testid="split-of">
          {row.kind === "split_part" ? "A part" : "The rest"} of template <code>{row.split_of}</code>, split by variable
          &lt;{(split?.variable ?? 0) + 1}&gt; into {split?.parts.length ?? 0} part(s).{" "}
          <button className="link" data-testid="unsplit" onClick={() => onUnsplit(row.split_of!)}>
            undo the split
          </button>
        </div>
      )}
      {error && <div className="error">{error}</div>}
      {detail && (
        <>
          <h3>Examples</h3>
          <ul className="examples" data-testid="examples">
            {detail.examples.map((e, i) => (
              <li key={i}>
                <code>{e}</code>
              </li>
            ))}
          </ul>
          {detail.variables.length > 0 && (
            <>
              <h3>Variables</h3>
              <table className="variables" data-testid="variables">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>distinct</th>
                    <th>top values</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.variables.map((v) => (
                    <tr key={v.index}>
                      <td>
                        <span className="var">&lt;{v.index + 1}&gt;</span>
                      </td>
                      <td>{count(v.distinct_estimate)}</td>
                      <td className="top-values">
                        <SplitPicker
                          variable={v}
                          splitValues={
                            split && split.variable === v.index ? split.parts.map((p) => p.value) : []
                          }
                          disabled={row.kind === "merged"}
                          onSplit={(values) => onSplit(v.index, values)}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <h3>Where</h3>
          <div className="where">
            {detail.groups.map((g) => (
              <span key={g.group} className="chip">
                {g.group} <span className="muted">{count(g.count)}</span>
              </span>
            ))}
            {detail.levels.map((l) => (
              <span key={l.level} className={`chip level level-${l.level}`}>
                {l.level} {count(l.count)}
              </span>
            ))}
          </div>
          <p className="muted small">
            first seen {time(detail.first_seen)} · last seen {time(detail.last_seen)}
          </p>
        </>
      )}
    </div>
  );
}

/** What reads the row's lines, those a drop would break first. */
function ReadBy({ row, known }: { row: QueueRowView; known: boolean }) {
  if (!known)
    return (
      <p className="curate-note muted" data-testid="read-by-unknown">
        What reads these lines is not known: pull the sample from CloudWatch to read its metric filters, subscriptions
        and queries.
      </p>
    );
  if (row.read_by.length === 0)
    return (
      <p className="curate-note muted" data-testid="read-by-nothing">
        Nothing in CloudWatch reads these lines (no metric filter, subscription or query selects them).
      </p>
    );
  return (
    <div className="curate-note read-by" data-testid="read-by">
      <h3>Read by</h3>
      <ul>
        {row.read_by.map((r) => (
          <li key={`${r.kind}:${r.log_group}:${r.description}`} className={r.breaks_on_drop ? "breaks" : ""}>
            {r.description}{" "}
            <span className="muted">
              ({r.log_group}, {count(r.lines_matched)} of {count(row.count)} lines
              {r.breaks_on_drop ? "; a drop breaks it" : ""})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The suggested verdict and its evidence; `a` (or the button) accepts it. */
function Suggested({ row, onAccept }: { row: QueueRowView; onAccept: () => void }) {
  const { verdict, reasons } = row.suggestion;
  return (
    <div className="curate-note suggestion" data-testid="suggestion">
      <h3>
        Suggested: {verdict ?? "nothing settles it"}{" "}
        {verdict && (
          <button className="link" data-testid="accept-suggestion" onClick={onAccept}>
            accept (a)
          </button>
        )}
      </h3>
      <ul>
        {reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </div>
  );
}
