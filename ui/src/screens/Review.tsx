import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState } from "react";
import { api, errorMessage, type TemplateDetail, type TemplateRowView, type TemplatesView, type WorkspaceInfo } from "../api";
import { Sparkline } from "../components/Sparkline";
import { TemplateText } from "../components/TemplateText";
import { bytes, count, dollars, percent, time } from "../format";
import { useShortcuts } from "../keys";

const ROW_HEIGHT = 34;
const col = createColumnHelper<TemplateRowView>();

const COLUMNS = [
  col.accessor("text", {
    header: "Template",
    cell: (c) => <TemplateText text={c.getValue()} />,
    enableSorting: false,
  }),
  col.accessor("count", { header: "Count", cell: (c) => count(c.getValue()) }),
  col.accessor("share", { header: "Share", cell: (c) => percent(c.getValue()) }),
  col.accessor("bytes", { header: "Bytes", cell: (c) => bytes(c.getValue()) }),
  col.accessor((r) => r.monthly_cost_usd ?? 0, {
    id: "cost",
    header: "$/month",
    cell: (c) => dollars(c.row.original.monthly_cost_usd),
  }),
  col.accessor("series", {
    header: "Volume",
    cell: (c) => <Sparkline series={c.getValue()} />,
    enableSorting: false,
  }),
  col.accessor((r) => r.levels[0]?.level ?? "", {
    id: "level",
    header: "Level",
    cell: (c) => (c.getValue() ? <span className={`level level-${c.getValue()}`}>{c.getValue()}</span> : null),
  }),
  col.accessor((r) => r.log_groups.join(", "), {
    id: "groups",
    header: "Log groups",
    cell: (c) => <span className="groups">{c.getValue()}</span>,
  }),
];

type Props = {
  workspace: WorkspaceInfo;
  focusTemplate: string | null;
  onFocused: () => void;
};

/** The template queue and the detail pane of the selected template. */
export function Review({ workspace, focusTemplate, onFocused }: Props) {
  const [view, setView] = useState<TemplatesView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [selected, setSelected] = useState(0);
  const [detail, setDetail] = useState<TemplateDetail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    api
      .listTemplates()
      .then((v) => live && setView(v))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [workspace.path]);

  const data = useMemo(() => view?.templates ?? [], [view]);
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
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const current = rows[selected]?.original;

  // A template asked for by another screen (a search hit).
  useEffect(() => {
    if (!focusTemplate || rows.length === 0) return;
    const i = rows.findIndex((r) => r.original.id === focusTemplate);
    if (i >= 0) {
      setSelected(i);
      virtualizer.scrollToIndex(i, { align: "center" });
    }
    onFocused();
  }, [focusTemplate, rows, virtualizer, onFocused]);

  useEffect(() => {
    if (!current) return;
    let live = true;
    setDetailError(null);
    const timer = setTimeout(() => {
      api
        .templateDetail(current.id)
        .then((d) => live && setDetail(d))
        .catch((e) => live && setDetailError(errorMessage(e)));
    }, 40);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [current?.id]);

  const move = (delta: number) => {
    if (rows.length === 0) return;
    const next = Math.max(0, Math.min(rows.length - 1, selected + delta));
    setSelected(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };

  useShortcuts({
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
      <div className="meeting-bar" data-testid="meeting-progress">
        <span>
          <strong>{count(rows.length)}</strong> templates
        </span>
        <span>
          <strong>{count(view?.events ?? 0)}</strong> events, {bytes(view?.bytes ?? 0)}
        </span>
        <span className="muted">price ${view?.price_per_gb_usd.toFixed(2)}/GB ingested</span>
      </div>
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
          </div>
          <div className="queue-scroll" ref={scroller} data-testid="queue-scroll">
            {!view && <div className="muted pad">Loading templates…</div>}
            <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {virtualizer.getVirtualItems().map((v) => {
                const row = rows[v.index];
                if (!row) return null;
                return (
                  <div
                    key={row.id}
                    role="row"
                    aria-selected={v.index === selected}
                    data-testid="queue-row"
                    data-template-id={row.original.id}
                    data-index={v.index}
                    className={`queue-row ${v.index === selected ? "selected" : ""}`}
                    style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                    onClick={() => setSelected(v.index)}
                  >
                    {row.getVisibleCells().map((c) => (
                      <div key={c.id} role="gridcell" className={`cell cell-${c.column.id}`}>
                        {flexRender(c.column.columnDef.cell, c.getContext())}
                      </div>
                    ))}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
        <aside className="detail" data-testid="detail">
          {current ? (
            <Detail row={current} detail={detail?.id === current.id ? detail : null} error={detailError} />
          ) : (
            <p className="muted pad">No templates yet: import logs on the Sources screen.</p>
          )}
        </aside>
      </div>
    </section>
  );
}

function Detail({ row, detail, error }: { row: TemplateRowView; detail: TemplateDetail | null; error: string | null }) {
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
                        {v.top_values.slice(0, 5).map((t) => (
                          <span key={t.value} className="chip" title={`${t.count} times`}>
                            {t.value} <span className="muted">{count(t.count)}</span>
                          </span>
                        ))}
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
