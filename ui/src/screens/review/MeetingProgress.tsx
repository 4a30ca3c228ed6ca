// The progress line of the meeting: decided so far, noise share and the saving it projects.
import { memo } from "react";
import type { DecisionView, QueueRowView, SessionView } from "../../api";
import { dollars, percent } from "../../format";

/**
 * Decided / total, the noise share of the volume and the projected monthly saving. Memoised:
 * it walks every row, which is too much to do again on each selection move.
 */
export const MeetingProgress = memo(function MeetingProgress({
  rows,
  decisions,
  session,
}: {
  rows: QueueRowView[];
  decisions: Map<string, DecisionView>;
  session: SessionView | null;
}) {
  let decided = 0;
  let noiseBytes = 0;
  let totalBytes = 0;
  let saving = 0;
  for (const r of rows) {
    totalBytes += r.bytes;
    const v = decisions.get(r.id)?.verdict;
    if (v) decided++;
    if (v === "noise") {
      noiseBytes += r.bytes;
      saving += r.monthly_cost_usd ?? 0;
    }
  }
  const share = totalBytes ? noiseBytes / totalBytes : 0;
  return (
    <div className="meeting-bar progress-bar-line" data-testid="meeting-progress">
      <span data-testid="decided-count">
        <strong>{decided}</strong> / {rows.length} decided
      </span>
      <span className="bar" aria-hidden>
        <span style={{ width: `${rows.length ? (100 * decided) / rows.length : 0}%`, background: "var(--accent)" }} />
      </span>
      <span>
        noise <strong>{percent(share)}</strong> of volume
      </span>
      <span>
        saving <strong>{dollars(saving)}</strong>/month
      </span>
      <span className="muted" title={session?.path}>
        session {session?.name ?? "…"}
      </span>
    </div>
  );
});
