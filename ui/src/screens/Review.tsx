import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type Row,
  type SortingState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref, type RefObject } from "react";
import {
  api,
  errorMessage,
  type DecisionView,
  type QueueRowView,
  type ReviewQueueView,
  type SessionView,
  type TemplateDetail,
  type Verdict,
  type WorkspaceInfo,
} from "../api";
import { CurateBar, Labels, LABEL_KEYS, SplitPicker, undoLabel, type Undo } from "./Curate";
import { Sparkline } from "../components/Sparkline";
import { TemplateText } from "../components/TemplateText";
import { bytes, count, dollars, percent, time } from "../format";
import { useShortcuts } from "../keys";

const ROW_HEIGHT = 34;

/** Figure the benchmark reads: when the queue first showed rows (ms since the epoch). */
declare global {
  interface Window {
    __lognoiseQueueFilledAt?: number;
  }
}
const col = createColumnHelper<QueueRowView>();

/**
 * The queue's columns: their headers and sort keys. The rows draw their cells themselves
 * (`QueueRow`), in this order, without the table's per-cell objects: a scroll frame mounts the
 * rows coming into view, and that is the work it has to do.
 */
const COLUMNS = [
  col.accessor("text", { header: "Template", enableSorting: false }),
  col.accessor("count", { header: "Count" }),
  col.accessor("share", { header: "Share" }),
  col.accessor("bytes", { header: "Bytes" }),
  col.accessor((r) => r.monthly_cost_usd ?? 0, { id: "cost", header: "$/month" }),
  col.accessor("series", { header: "Volume", enableSorting: false }),
  col.accessor((r) => r.levels[0]?.level ?? "", { id: "level", header: "Level" }),
  col.accessor((r) => r.log_groups.join(", "), { id: "groups", header: "Log groups" }),
];

type Props = {
  workspace: WorkspaceInfo;
  focusTemplate: string | null;
  onFocused: () => void;
};

/** The template queue and the detail pane of the selected template. */
export function Review({ workspace, focusTemplate, onFocused }: Props) {
  const [view, setView] = useState<ReviewQueueView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [selected, setSelected] = useState(0);
  const [detail, setDetail] = useState<TemplateDetail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [session, setSession] = useState<SessionView | null>(null);
  const [decideError, setDecideError] = useState<string | null>(null);
  const undoStack = useRef<Undo[]>([]);
  const [undoHint, setUndoHint] = useState<string | null>(null);
  const ownerInput = useRef<HTMLInputElement>(null);
  // A template marked with `m`, to be merged into the next one `m` is pressed on.
  const [marked, setMarked] = useState<QueueRowView | null>(null);
  // The selected row's id, so that the selection survives the queue being reshaped.
  const selectedId = useRef<string | null>(null);

  useEffect(() => {
    api
      .openSession()
      .then(setSession)
      .catch((e) => setError(errorMessage(e)));
  }, [workspace.path]);

  const decisions = useMemo(() => {
    const m = new Map<string, DecisionView>();
    for (const d of session?.decisions ?? []) m.set(d.template_id, d);
    return m;
  }, [session]);

  // The queue's shape changes with merges and splits only: decisions do not reload it.
  const shape = session ? JSON.stringify([session.merges, session.splits]) : null;
  useEffect(() => {
    if (shape === null) return;
    let live = true;
    api
      .reviewQueue()
      .then((v) => {
        if (!live) return;
        setView(v);
        setError(null);
      })
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [workspace.path, shape]);

  const data = useMemo(() => view?.rows ?? [], [view]);
  useEffect(() => {
    if (data.length === 0 || window.__lognoiseQueueFilledAt !== undefined) return;
    requestAnimationFrame(() => {
      window.__lognoiseQueueFilledAt ??= Date.now();
    });
  }, [data]);
  const table = useReactTable({
    data,
    columns: COLUMNS,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (r) => r.id,
  });
  const rows = table.getRowModel().rows;
  const list = useRef<QueueHandle>(null);
  const current = rows[selected]?.original;

  // The selection is a position; the id it stands for is noted when it moves, so that after a
  // merge or split reshapes the rows the same template (or the row that took its place) stays
  // selected.
  useEffect(() => {
    const id = rows[selected]?.original.id;
    if (id) selectedId.current = id;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected]);
  useEffect(() => {
    const id = selectedId.current;
    if (!id || rows.length === 0) {
      if (rows[selected]) selectedId.current = rows[selected].original.id;
      return;
    }
    if (rows[selected]?.original.id === id) return;
    let i = rows.findIndex((r) => r.original.id === id);
    if (i < 0) i = rows.findIndex((r) => r.original.split_of === id || r.original.members.includes(id));
    if (i >= 0) setSelected(i);
    else if (selected >= rows.length) setSelected(rows.length - 1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows]);

  // A template asked for by another screen (a search hit).
  useEffect(() => {
    if (!focusTemplate || rows.length === 0) return;
    const i = rows.findIndex((r) => r.original.id === focusTemplate);
    if (i >= 0) {
      setSelected(i);
      list.current?.scrollToIndex(i, "center");
    }
    onFocused();
  }, [focusTemplate, rows, onFocused]);

  const detailId = current ? (current.split_of ?? current.id) : null;
  useEffect(() => {
    if (!detailId) return;
    let live = true;
    setDetailError(null);
    const timer = setTimeout(() => {
      api
        .templateDetail(detailId)
        .then((d) => live && setDetail(d))
        .catch((e) => live && setDetailError(errorMessage(e)));
    }, 40);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [detailId]);

  const move = (delta: number) => {
    if (rows.length === 0) return;
    const next = Math.max(0, Math.min(rows.length - 1, selected + delta));
    setSelected(next);
    list.current?.scrollToIndex(next, "auto");
  };

  const record = async (
    id: string,
    verdict: Verdict | null,
    owner: string | null = null,
    note: string | null = null,
    labels: Record<string, string> | null = null,
  ) => {
    try {
      setSession(await api.decide(id, verdict, owner, note, labels));
      setDecideError(null);
      return true;
    } catch (e) {
      setDecideError(errorMessage(e));
      return false;
    }
  };

  const decide = async (verdict: Verdict) => {
    if (!current) return;
    const before = (decisions.get(current.id)?.verdict as Verdict | null | undefined) ?? null;
    const index = selected;
    if (await record(current.id, verdict)) {
      undoStack.current.push({ kind: "verdict", id: current.id, verdict: before });
      setUndoHint(null);
      if (index === selected) move(1);
    }
  };

  /** Runs a merge, split or their undoing; the session it returns reshapes the queue. */
  const curate = async (change: () => Promise<SessionView>, undo: Undo | null) => {
    try {
      setSession(await change());
      setDecideError(null);
      if (undo) undoStack.current.push(undo);
      setUndoHint(undo ? undoLabel(undo) : null);
      return true;
    } catch (e) {
      setDecideError(errorMessage(e));
      return false;
    }
  };

  const mergeKey = async () => {
    if (!current) return;
    if (current.kind === "split_part" || current.kind === "split_rest") {
      setDecideError("a part of a split template cannot be merged: undo the split first");
      return;
    }
    if (!marked) {
      setMarked(current);
      return;
    }
    if (marked.id === current.id) {
      setMarked(null);
      return;
    }
    const member = marked.id;
    if (
      await curate(() => api.mergeTemplates(current.id, [member]), {
        kind: "merge",
        into: current.id,
        member,
      })
    ) {
      setMarked(null);
    }
  };

  const split = (variable: number, values: string[]) => {
    if (!current || !detailId) return;
    const before = session?.splits.find((x) => x.template === detailId) ?? null;
    void curate(() => api.splitTemplate(detailId, variable, values), { kind: "split", id: detailId, before });
  };

  const undo = async () => {
    const last = undoStack.current.pop();
    if (!last) return;
    let done = false;
    let focus: string;
    if (last.kind === "verdict") {
      done = await record(last.id, last.verdict);
      focus = last.id;
    } else if (last.kind === "merge") {
      done = await curate(() => api.unmergeTemplate(last.into, last.member), null);
      focus = last.member;
    } else {
      const previous = last.before;
      done = await curate(async () => {
        const after = await api.unsplitTemplate(last.id);
        // The engine undoes a split as a whole: a split that only added values is put back.
        return previous
          ? api.splitTemplate(last.id, previous.variable, previous.parts.map((p) => p.value))
          : after;
      }, null);
      focus = last.id;
    }
    if (done) {
      selectedId.current = focus;
      const i = rows.findIndex((r) => r.original.id === focus);
      if (i >= 0) {
        setSelected(i);
        list.current?.scrollToIndex(i, "auto");
      }
    }
  };

  useShortcuts({
    n: () => void decide("noise"),
    e: () => void decide("keep"),
    s: () => void decide("signal"),
    u: () => void undo(),
    o: () => ownerInput.current?.focus(),
    m: () => void mergeKey(),
    Escape: () => setMarked(null),
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    PageDown: () => move(15),
    PageUp: () => move(-15),
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

  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  return (
    <section className="review" data-testid="screen-review">
      <MeetingProgress rows={data} decisions={decisions} session={session} />
      {decideError && (
        <div className="error" role="alert" data-testid="decide-error">
          {decideError}
        </div>
      )}
      <div className="meeting-bar">
        <span>
          <strong>{count(rows.length)}</strong> templates
        </span>
        <span>
          <strong>{count(view?.events ?? 0)}</strong> events, {bytes(view?.bytes ?? 0)}
        </span>
        <span className="muted">price ${view?.price_per_gb_usd.toFixed(2)}/GB ingested</span>
      </div>
      <CurateBar
        marked={marked}
        current={current ?? null}
        undoHint={undoHint}
        onMerge={() => void mergeKey()}
        onClear={() => setMarked(null)}
      />
      <div className="review-body">
        <div className="queue" role="grid" aria-rowcount={rows.length} data-testid="queue">
          <div className="queue-row queue-head" role="row">
            {headers.map((h) => (
              <div
                key={h.id}
                role="columnheader"
                className={`cell cell-${h.column.id} ${h.column.getCanSort() ? "sortable" : ""}`}
                onClick={h.column.getToggleSortingHandler()}
              >
                {flexRender(h.column.columnDef.header, h.getContext())}
                {{ asc: " ▲", desc: " ▼" }[h.column.getIsSorted() as string] ?? ""}
              </div>
            ))}
            <div role="columnheader" className="cell cell-decision">
              Decision
            </div>
          </div>
          <QueueList
            handle={list}
            rows={rows}
            loading={!view}
            selected={selected}
            markedId={marked?.id ?? null}
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
                onVerdict={(v) => void decide(v)}
                onText={(owner, note, labels) => {
                  const verdict = (decisions.get(current.id)?.verdict as Verdict | null | undefined) ?? null;
                  void record(current.id, verdict, owner, note, labels);
                }}
              />
              <Detail
                row={current}
                detail={detail?.id === detailId ? detail : null}
                error={detailError}
                session={session}
                onSplit={split}
                onUnmerge={(member) =>
                  void curate(() => api.unmergeTemplate(current.id, member), null)
                }
                onUnsplit={(id) => void curate(() => api.unsplitTemplate(id), null)}
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

/** What the Review screen asks of the queue list. */
type QueueHandle = { scrollToIndex: (index: number, align: "auto" | "center") => void };

/**
 * The virtualised queue. Its own component so that a scroll (which re-renders the virtualiser
 * on every frame) re-renders this list only, not the progress line, the detail pane and the
 * forms around it; the rows themselves are memoised, so a frame renders just the rows coming
 * into view.
 */
const QueueList = memo(function QueueList({
  handle,
  rows,
  loading,
  selected,
  markedId,
  decisions,
  onSelect,
}: {
  handle: Ref<QueueHandle>;
  rows: Row<QueueRowView>[];
  loading: boolean;
  selected: number;
  markedId: string | null;
  decisions: Map<string, DecisionView>;
  onSelect: (index: number) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  });
  useImperativeHandle(
    handle,
    () => ({ scrollToIndex: (index, align) => virtualizer.scrollToIndex(index, { align }) }),
    [virtualizer],
  );
  return (
    <div className="queue-scroll" ref={scroller} data-testid="queue-scroll">
      {loading && <div className="muted pad">Loading templates…</div>}
      <div className="queue-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index];
          if (!row) return null;
          return (
            <QueueRow
              key={row.id}
              row={row}
              index={v.index}
              top={v.start}
              selected={v.index === selected}
              marked={markedId === row.original.id}
              verdict={decisions.get(row.original.id)?.verdict ?? null}
              onSelect={onSelect}
            />
          );
        })}
      </div>
    </div>
  );
});

/** One queue row; re-rendered only when its template, place, selection or verdict changes. */
const QueueRow = memo(function QueueRow({
  row,
  index,
  top,
  selected,
  marked,
  verdict,
  onSelect,
}: {
  row: Row<QueueRowView>;
  index: number;
  top: number;
  selected: boolean;
  marked: boolean;
  verdict: string | null;
  onSelect: (index: number) => void;
}) {
  return (
    <div
      role="row"
      aria-selected={selected}
      data-testid="queue-row"
      data-template-id={row.original.id}
      data-index={index}
      className={`queue-row ${selected ? "selected" : ""} ${marked ? "marked" : ""}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => onSelect(index)}
    >
      <QueueCells row={row.original} />
      <div role="gridcell" className="cell cell-decision" data-testid="row-verdict">
        <VerdictChip verdict={verdict} />
      </div>
    </div>
  );
});

/**
 * A row's cells, in the order of `COLUMNS`. Only the cells whose text can be longer than the
 * column (the template, the level, the log groups) clip it (`.clip`): a clipping box is a
 * layer of its own that WebKit paints separately, and every visible row is painted again on
 * each scroll frame when the page is not composited.
 */
function QueueCells({ row }: { row: QueueRowView }) {
  const level = row.levels[0]?.level;
  return (
    <>
      <div role="gridcell" className="cell cell-text clip">
        <RowBadge row={row} />
        <TemplateText text={row.headline ?? row.text} />
      </div>
      <div role="gridcell" className="cell cell-count">
        {count(row.count)}
      </div>
      <div role="gridcell" className="cell cell-share">
        {percent(row.share)}
      </div>
      <div role="gridcell" className="cell cell-bytes">
        {bytes(row.bytes)}
      </div>
      <div role="gridcell" className="cell cell-cost">
        {dollars(row.monthly_cost_usd)}
      </div>
      <div role="gridcell" className="cell cell-series">
        <Sparkline series={row.series} />
      </div>
      <div role="gridcell" className="cell cell-level clip">
        {level ? <span className={`level level-${level}`}>{level}</span> : null}
      </div>
      <div role="gridcell" className="cell cell-groups clip">
        {row.log_groups.join(", ")}
      </div>
    </>
  );
}

function RowBadge({ row }: { row: QueueRowView }) {
  if (row.kind === "merged")
    return (
      <span className="badge badge-merged" data-testid="badge-merged" title={row.members.join(", ")}>
        +{row.members.length}
      </span>
    );
  if (row.kind === "split_part")
    return (
      <span className="badge badge-split" data-testid="badge-split" title={row.estimated ? "count is an upper bound" : ""}>
        part
      </span>
    );
  if (row.kind === "split_rest")
    return (
      <span className="badge badge-split" data-testid="badge-rest">
        rest
      </span>
    );
  return null;
}

function Detail({
  row,
  detail,
  error,
  session,
  onSplit,
  onUnmerge,
  onUnsplit,
}: {
  row: QueueRowView;
  detail: TemplateDetail | null;
  error: string | null;
  session: SessionView | null;
  onSplit: (variable: number, values: string[]) => void;
  onUnmerge: (member: string | null) => void;
  onUnsplit: (id: string) => void;
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

function VerdictChip({ verdict }: { verdict: string | null }) {
  if (!verdict) return <span className="muted">–</span>;
  return <span className={`verdict verdict-${verdict}`}>{verdict}</span>;
}

/**
 * Decided / total, the noise share of the volume and the projected monthly saving. Memoised:
 * it walks every row, which is too much to do again on each selection move.
 */
const MeetingProgress = memo(function MeetingProgress({
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

function DecisionForm({
  decision,
  ownerInput,
  onVerdict,
  onText,
}: {
  decision: DecisionView | null;
  ownerInput: RefObject<HTMLInputElement | null>;
  onVerdict: (v: Verdict) => void;
  onText: (owner: string, note: string, labels: Record<string, string>) => void;
}) {
  const [owner, setOwner] = useState(decision?.owner ?? "");
  const [note, setNote] = useState(decision?.note ?? "");
  const saved = decision?.labels ?? {};
  const [labels, setLabels] = useState<Record<string, string>>(() =>
    Object.fromEntries(LABEL_KEYS.map((k) => [k, saved[k] ?? ""])),
  );
  const save = () => {
    const changed = LABEL_KEYS.filter((k) => (labels[k] ?? "").trim() !== (saved[k] ?? ""));
    if (owner !== (decision?.owner ?? "") || note !== (decision?.note ?? "") || changed.length > 0)
      onText(owner, note, Object.fromEntries(changed.map((k) => [k, labels[k] ?? ""])));
  };
  return (
    <div className="decision-form" data-testid="decision-form">
      <div className="verdict-buttons">
        {(["noise", "keep", "signal"] as Verdict[]).map((v) => (
          <button
            key={v}
            data-testid={`verdict-${v}`}
            className={`verdict-button verdict-${v} ${decision?.verdict === v ? "chosen" : ""}`}
            onClick={() => onVerdict(v)}
            title={`${v} (${v === "keep" ? "e" : v[0]})`}
          >
            {v}
          </button>
        ))}
      </div>
      <label>
        Owner team
        <input
          ref={ownerInput}
          data-testid="owner"
          value={owner}
          placeholder="team that owns these lines"
          onChange={(e) => setOwner(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === "Enter" || e.key === "Escape") (e.target as HTMLInputElement).blur();
          }}
        />
      </label>
      <label>
        Note
        <textarea
          data-testid="note"
          value={note}
          rows={2}
          onChange={(e) => setNote(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === "Escape") (e.target as HTMLTextAreaElement).blur();
          }}
        />
      </label>
      <Labels values={labels} onChange={setLabels} onDone={save} />
    </div>
  );
}
