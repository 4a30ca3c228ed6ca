// The Review screen: the template queue and the detail pane of the selected template. The
// parts live in `review/`: the queue list, the detail pane, the decision form, the progress
// line, and the hooks that load the queue, keep the selection, load the detail, record
// decisions and merges/splits, and bind the keys.
import { getCoreRowModel, getSortedRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import { useMemo, useRef, useState } from "react";
import type { DecisionView, QueueRowView, WorkspaceInfo } from "../api";
import { count, bytes } from "../format";
import { CurateBar } from "./Curate";
import { DecisionForm } from "./review/DecisionForm";
import { DetailPane } from "./review/DetailPane";
import { MeetingProgress } from "./review/MeetingProgress";
import { COLUMNS, QueueHead, QueueList, type QueueHandle } from "./review/QueueList";
import { useDecisions } from "./review/useDecisions";
import { useReviewKeys } from "./review/useReviewKeys";
import { useReviewQueue } from "./review/useReviewQueue";
import { useSelection } from "./review/useSelection";
import { useTemplateDetail } from "./review/useTemplateDetail";

const RATE_FOR_NOISE = "a drop rate is for noise: mark the template noise (n) first, then r";

type Props = {
  workspace: WorkspaceInfo;
  focusTemplate: string | null;
  onFocused: () => void;
};

/** The template queue and the detail pane of the selected template. */
export function Review({ workspace, focusTemplate, onFocused }: Props) {
  const { view, data, error, session, setSession, decisions } = useReviewQueue(workspace.path);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [suggestedFirst, setSuggestedFirst] = useState(false);
  const ordered = useMemo(() => (suggestedFirst ? suggestionsFirst(data, decisions) : data), [suggestedFirst, data, decisions]);
  const table = useReactTable({
    data: ordered,
    columns: COLUMNS,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (r) => r.id,
  });
  const rows = table.getRowModel().rows;
  const list = useRef<QueueHandle>(null);
  const { selected, setSelected, current, move, focus } = useSelection(rows, list, focusTemplate, onFocused);
  const detailId = current ? (current.split_of ?? current.id) : null;
  const detail = useTemplateDetail(detailId);
  const room = useDecisions({ current, selected, detailId, session, setSession, decisions, move, focus });
  const ownerInput = useRef<HTMLInputElement>(null);
  const rateInput = useRef<HTMLInputElement>(null);
  useReviewKeys({
    decide: room.decide,
    undo: room.undo,
    focusOwner: () => ownerInput.current?.focus(),
    // The field is there for noise only; elsewhere the key says why nothing happens.
    accept: room.accept,
    focusRate: () => (rateInput.current ? rateInput.current.focus() : room.explain(RATE_FOR_NOISE)),
    mergeKey: room.mergeKey,
    clearMark: room.clearMark,
    move,
  });

  if (error) {
    return (
      <section className="review" data-testid="screen-review">
        <div className="error" role="alert">
          {error}
        </div>
      </section>
    );
  }

  return (
    <section className="review" data-testid="screen-review">
      <MeetingProgress rows={data} decisions={decisions} session={session} />
      {room.error && (
        <div className="error" role="alert" data-testid="decide-error">
          {room.error}
        </div>
      )}
      {room.pendingNoise && (
        <div className="warning confirm-noise" role="alertdialog" data-testid="confirm-noise">
          <span>
            A drop of these lines breaks what reads them:{" "}
            {room.pendingNoise.read_by
              .filter((r) => r.breaks_on_drop)
              .map((r) => `${r.description} (${r.log_group})`)
              .join("; ")}
            . Mark them noise anyway?
          </span>
          <button data-testid="confirm-noise-yes" onClick={() => void room.decide("noise")}>
            Mark noise anyway (n)
          </button>
          <button data-testid="confirm-noise-no" onClick={room.clearMark}>
            Cancel (Esc)
          </button>
        </div>
      )}
      {view?.readers_warning && (
        <div className="warning" data-testid="readers-warning">
          {view.readers_warning}
        </div>
      )}
      <div className="meeting-bar">
        <span>
          <strong>{count(rows.length)}</strong> templates
        </span>
        <span>
          <strong>{count(view?.events ?? 0)}</strong> events, {bytes(view?.bytes ?? 0)}
        </span>
        <span className="muted" title={view?.priced}>
          price ${view?.price_per_gb_usd.toFixed(2)}/GB ingested
        </span>
        <label className="muted" title="undecided templates with a suggested verdict first, costliest first; a accepts">
          <input
            type="checkbox"
            data-testid="suggested-first"
            checked={suggestedFirst}
            onChange={(e) => {
              setSuggestedFirst(e.target.checked);
              setSorting([]);
            }}
          />{" "}
          suggestions first
        </label>
      </div>
      <CurateBar
        marked={room.marked}
        current={current ?? null}
        undoHint={room.undoHint}
        onMerge={() => void room.mergeKey()}
        onClear={room.clearMark}
      />
      <div className="review-body">
        <div className="queue" role="grid" aria-rowcount={rows.length} data-testid="queue">
          <QueueHead headers={table.getHeaderGroups()[0]?.headers ?? []} />
          <QueueList
            handle={list}
            rows={rows}
            loading={!view}
            selected={selected}
            markedId={room.marked?.id ?? null}
            decisions={decisions}
            onSelect={setSelected}
          />
        </div>
        <aside className="detail" data-testid="detail">
          {current ? (
            <>
              <DecisionForm
                key={current.id}
                decision={decisions.get(current.id) ?? null}
                ownerInput={ownerInput}
                rateInput={rateInput}
                onVerdict={(v) => void room.decide(v)}
                onText={room.describe}
                onKeepShare={room.keepShare}
              />
              <DetailPane
                row={current}
                detail={detail.detail}
                error={detail.error}
                session={session}
                readersKnown={view?.readers_known ?? false}
                onSplit={room.split}
                onUnmerge={room.unmerge}
                onUnsplit={room.unsplit}
                onAccept={() => void room.accept()}
              />
            </>
          ) : (
            <p className="muted pad">No templates yet: import logs on the Sources screen.</p>
          )}
        </aside>
      </div>
    </section>
  );
}

/**
 * Undecided rows with a suggested verdict first, costliest first, then the rest in their
 * order: the room can walk the suggestions and accept each with `a`.
 */
export function suggestionsFirst(rows: QueueRowView[], decisions: Map<string, DecisionView>): QueueRowView[] {
  const open = (r: QueueRowView) => r.suggestion.verdict !== null && !decisions.get(r.id)?.verdict;
  const first = rows.filter(open).sort((a, b) => (b.monthly_cost_usd ?? 0) - (a.monthly_cost_usd ?? 0));
  return [...first, ...rows.filter((r) => !open(r))];
}
