// The review queue: its columns, the virtualised list of rows and the cells of a row.
import { createColumnHelper, flexRender, type Header, type Row } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useImperativeHandle, useRef, type Ref } from "react";
import type { DecisionView, QueueRowView, Verdict } from "../../api";
import { Sparkline } from "../../components/Sparkline";
import { TemplateText } from "../../components/TemplateText";
import { bytes, count, dollars, percent } from "../../format";

const ROW_HEIGHT = 34;

const col = createColumnHelper<QueueRowView>();

/**
 * The queue's columns: their headers and sort keys. The rows draw their cells themselves
 * (`QueueRow`), in this order, without the table's per-cell objects: a scroll frame mounts the
 * rows coming into view, and that is the work it has to do.
 */
export const COLUMNS = [
  col.accessor("text", { header: "Template", enableSorting: false }),
  col.accessor("count", { header: "Count" }),
  col.accessor("share", { header: "Share" }),
  col.accessor("bytes", { header: "Bytes" }),
  col.accessor((r) => r.monthly_cost_usd ?? 0, { id: "cost", header: "$/month" }),
  col.accessor("series", { header: "Volume", enableSorting: false }),
  col.accessor((r) => r.levels[0]?.level ?? "", { id: "level", header: "Level" }),
  col.accessor((r) => r.log_groups.join(", "), { id: "groups", header: "Log groups" }),
];

/** The header row: a click on a sortable column sorts the queue by it. */
export function QueueHead({ headers }: { headers: Header<QueueRowView, unknown>[] }) {
  return (
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
  );
}

/** What the Review screen asks of the queue list. */
export type QueueHandle = { scrollToIndex: (index: number, align: "auto" | "center") => void };

/**
 * The virtualised queue. Its own component so that a scroll (which re-renders the virtualiser
 * on every frame) re-renders this list only, not the progress line, the detail pane and the
 * forms around it; the rows themselves are memoised, so a frame renders just the rows coming
 * into view.
 */
export const QueueList = memo(function QueueList({
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
              keepOneIn={decisions.get(row.original.id)?.keep_one_in ?? null}
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
  keepOneIn,
  onSelect,
}: {
  row: Row<QueueRowView>;
  index: number;
  top: number;
  selected: boolean;
  marked: boolean;
  verdict: Verdict | null;
  keepOneIn: number | null;
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
        <VerdictChip verdict={verdict} keepOneIn={keepOneIn} />
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
        <ReadByBadge row={row} />
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

/** Flags a row something reads: amber when a drop would break it (an alarm, a subscription). */
function ReadByBadge({ row }: { row: QueueRowView }) {
  if (row.read_by.length === 0) return null;
  const breaking = row.read_by.filter((r) => r.breaks_on_drop).length;
  return (
    <span
      className={`badge ${breaking > 0 ? "badge-read-by" : ""}`}
      data-testid="badge-read-by"
      title={row.read_by.map((r) => r.description).join("\n")}
    >
      {breaking > 0 ? `read by ${breaking}` : "queried"}
    </span>
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

function VerdictChip({ verdict, keepOneIn }: { verdict: Verdict | null; keepOneIn: number | null }) {
  if (!verdict) return <span className="muted">–</span>;
  return (
    <span className={`verdict verdict-${verdict}`} title={keepOneIn ? `keeps 1 line in ${keepOneIn}` : undefined}>
      {verdict}
      {verdict === "noise" && keepOneIn ? ` 1/${keepOneIn}` : ""}
    </span>
  );
}
