import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import {
  api,
  errorMessage,
  type HitView,
  type SearchArgs,
  type SearchView,
  type WorkspaceInfo,
} from "../api";
import { Histogram } from "../components/Histogram";
import { TemplateText } from "../components/TemplateText";
import { count, time } from "../format";
import { latestWins } from "../latestWins";

const HIT_HEIGHT = 44;
/**
 * Hits in the answer to a keystroke: a few screens' worth. Every hit costs the engine a stored
 * document and its highlights, and the page a parse of its parts, so the typing path asks for
 * few; scrolling near the end asks again for `MORE_HITS`.
 */
export const FIRST_HITS = 100;
/** Hits once the user scrolls towards the end of the first ones (the engine's most). */
export const MORE_HITS = 1000;
/** Rows from the end of the list at which more hits are asked for. */
const MORE_AHEAD = 30;

type Props = { workspace: WorkspaceInfo; onOpenTemplate: (id: string) => void };

type Filters = Pick<SearchArgs, "since_ms" | "until_ms" | "group" | "template" | "level">;
const NO_FILTERS: Filters = { since_ms: null, until_ms: null, group: null, template: null, level: null };

/**
 * One search sent to the engine: its query and filters as one key, and the time of the
 * keystroke that asked for it (null for more hits on scroll).
 */
type Request = { args: SearchArgs; key: string; typedAt: number | null };
/** An answer on screen and the request it answers. */
type Shown = { view: SearchView; query: string; key: string; typedAt: number | null };

/**
 * Figures the end-to-end benchmark reads: keystroke to rendered results, in ms, and the query
 * each of them answered.
 */
declare global {
  interface Window {
    __lognoiseSearchLatencies?: number[];
    __lognoiseSearchAnswered?: string[];
  }
}

/**
 * When the keystroke happened: the input event's own time stamp, which is taken before any
 * script runs, unless the engine gives it on another clock.
 */
function keystrokeTime(stamp: number): number {
  const now = performance.now();
  return stamp > 0 && stamp <= now ? stamp : now;
}

/** Ad hoc search that answers as you type. */
export function Search({ workspace, onOpenTemplate }: Props) {
  const [query, setQuery] = useState("");
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The hits wanted for one query and filters: more once the user scrolled for them.
  const [more, setMore] = useState<string | null>(null);
  const typedAt = useRef<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => input.current?.focus(), []);

  const scheduler = useMemo(
    () =>
      latestWins<Request, SearchView>((r) => api.search(r.args), {
        onAnswer: (view, r) => {
          setShown({ view, query: r.args.query, key: r.key, typedAt: r.typedAt });
          setError(null);
        },
        onError: (e) => setError(errorMessage(e)),
      }),
    [],
  );
  useEffect(() => () => scheduler.dispose(), [scheduler]);

  const key = JSON.stringify([query, filters, workspace.path]);
  const limit = more === key ? MORE_HITS : FIRST_HITS;
  useEffect(() => {
    const at = typedAt.current;
    typedAt.current = null;
    scheduler.submit({ args: { query, limit, ...filters }, key, typedAt: at });
    // `key` stands for the query, filters and workspace.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scheduler, key, limit]);

  // Keystroke to results: taken at the start of the frame after the one that painted them.
  useLayoutEffect(() => {
    const started = shown?.typedAt;
    if (!shown || started === null || started === undefined) return;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        (window.__lognoiseSearchLatencies ??= []).push(performance.now() - started);
        (window.__lognoiseSearchAnswered ??= []).push(shown.query);
      }),
    );
  }, [shown]);

  const result = shown?.view ?? null;
  const hits = result?.hits ?? [];
  const virtualizer = useVirtualizer({
    count: hits.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => HIT_HEIGHT,
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.length ? items[items.length - 1].index : 0;
  const hasMore = result !== null && result.total > hits.length && hits.length < MORE_HITS;
  // Asked for only when the answer on screen is the current query's: the last answer to an
  // older query says nothing about how many hits the new one has.
  const current = shown?.key === key;
  useEffect(() => {
    if (current && hasMore && more !== key && lastShown >= hits.length - MORE_AHEAD) setMore(key);
  }, [current, hasMore, more, key, lastShown, hits.length]);

  const setFilter = useCallback((f: Partial<Filters>) => setFilters((old) => ({ ...old, ...f })), []);
  const onBrush = useCallback((since: number, until: number) => setFilter({ since_ms: since, until_ms: until }), [setFilter]);
  const open = useRef(onOpenTemplate);
  open.current = onOpenTemplate;
  const openTemplate = useCallback((id: string) => open.current(id), []);
  const active = Object.entries(filters).filter(([, v]) => v !== null);

  return (
    <section className="search" data-testid="screen-search">
      <div className="search-bar">
        <input
          ref={input}
          data-testid="search-input"
          className="search-input"
          placeholder="Search events: words, &quot;phrases&quot;, AND / OR / NOT, level:error, group:/ecs/web"
          value={query}
          spellCheck={false}
          onChange={(e) => {
            typedAt.current = keystrokeTime(e.nativeEvent.timeStamp);
            setQuery(e.target.value);
          }}
          onKeyDown={(e) => e.key === "Escape" && (e.target as HTMLInputElement).blur()}
        />
        <span className="search-status" data-testid="search-status">
          {result ? `${count(result.total)} events · ${result.took_ms.toFixed(1)} ms` : "…"}
        </span>
      </div>
      {error && (
        <div className="error query-error" role="alert" data-testid="search-error">
          {error}
        </div>
      )}
      {active.length > 0 && (
        <div className="active-filters">
          {active.map(([k, v]) => (
            <button key={k} className="chip removable" onClick={() => setFilter({ [k]: null })}>
              {k === "since_ms" || k === "until_ms" ? `${k === "since_ms" ? "from" : "to"} ${time(v as number)}` : `${k}: ${v}`} ✕
            </button>
          ))}
          <button className="link" onClick={() => setFilters(NO_FILTERS)}>
            clear all
          </button>
        </div>
      )}
      {result?.histogram && <Histogram histogram={result.histogram} onBrush={onBrush} />}
      <div className="search-body">
        <Facets result={result} onFilter={setFilter} onOpenTemplate={openTemplate} />
        <div className="hits" ref={scroller} data-testid="hits">
          <div className="hits-inner" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((v) => {
              const h = hits[v.index];
              return h ? <HitRow key={h.seq} hit={h} top={v.start} onOpen={openTemplate} /> : null;
            })}
          </div>
          {result && result.total > hits.length && (
            <div className="muted small pad">
              Showing the newest {count(hits.length)} of {count(result.total)} events
              {hasMore ? "; scroll for more." : "."}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

/**
 * One hit. Memoised: while the list scrolls, the rows already on screen keep their hit and
 * their place, so only the rows coming into view are rendered.
 */
const HitRow = memo(function HitRow({ hit, top, onOpen }: { hit: HitView; top: number; onOpen: (id: string) => void }) {
  return (
    <div
      className="hit"
      data-testid="hit"
      data-template-id={hit.template_id ?? ""}
      style={{ transform: `translateY(${top}px)`, height: HIT_HEIGHT }}
      onClick={() => hit.template_id && onOpen(hit.template_id)}
      title="Open this line's template in Review"
    >
      <div className="hit-meta">
        <span>{time(hit.timestamp_ms)}</span>
        <span className="groups">{hit.log_group}</span>
        {hit.level && <span className={`level level-${hit.level}`}>{hit.level}</span>}
      </div>
      <div className="hit-message">
        {hit.parts.map((p, i) => (p.matched ? <mark key={i}>{p.text}</mark> : p.text))}
      </div>
    </div>
  );
});

/** The facet lists; re-rendered only when an answer comes, not while the hits scroll. */
const Facets = memo(function Facets({
  result,
  onFilter,
  onOpenTemplate,
}: {
  result: SearchView | null;
  onFilter: (f: Partial<Filters>) => void;
  onOpenTemplate: (id: string) => void;
}) {
  return (
    <aside className="facets" data-testid="facets">
      <h3>Templates</h3>
      <ul>
        {result?.templates.slice(0, 12).map((t) => (
          <li key={t.id} className="facet">
            <button className="link facet-name" title={t.text} onClick={() => onFilter({ template: t.id })}>
              <TemplateText text={t.text} />
            </button>
            <span className="facet-count">{count(t.count)}</span>
            <button className="small-button" data-testid="facet-open-template" title="Open in Review" onClick={() => onOpenTemplate(t.id)}>
              ↗
            </button>
          </li>
        ))}
      </ul>
      <h3>Log groups</h3>
      <ul>
        {result?.groups.slice(0, 12).map((g) => (
          <li key={g.group} className="facet">
            <button className="link facet-name" onClick={() => onFilter({ group: g.group })}>
              {g.group}
            </button>
            <span className="facet-count">{count(g.count)}</span>
          </li>
        ))}
      </ul>
      <h3>Levels</h3>
      <ul>
        {result?.levels.map((l) => (
          <li key={l.level} className="facet">
            <button className={`link facet-name level-${l.level}`} onClick={() => onFilter({ level: l.level })}>
              {l.level}
            </button>
            <span className="facet-count">{count(l.count)}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
});
