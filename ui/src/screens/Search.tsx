import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import { api, errorMessage, type SearchArgs, type SearchView, type WorkspaceInfo } from "../api";
import { Histogram } from "../components/Histogram";
import { TemplateText } from "../components/TemplateText";
import { count, time } from "../format";

const DEBOUNCE_MS = 60;
const HIT_HEIGHT = 44;
const LIMIT = 500;

type Props = { workspace: WorkspaceInfo; onOpenTemplate: (id: string) => void };

type Filters = Pick<SearchArgs, "since_ms" | "until_ms" | "group" | "template" | "level">;
const NO_FILTERS: Filters = { since_ms: null, until_ms: null, group: null, template: null, level: null };

/** Figures the end-to-end benchmark reads: keystroke to rendered results, in ms. */
declare global {
  interface Window {
    __lognoiseSearchLatencies?: number[];
  }
}

/** Ad hoc search that answers as you type. */
export function Search({ workspace, onOpenTemplate }: Props) {
  const [query, setQuery] = useState("");
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [result, setResult] = useState<SearchView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const typedAt = useRef<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const latest = useRef(0);

  useEffect(() => input.current?.focus(), []);

  useEffect(() => {
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      api
        .search({ query, limit: LIMIT, ...filters })
        .then((r) => {
          if (ticket !== latest.current) return;
          setResult(r);
          setError(null);
        })
        .catch((e) => ticket === latest.current && setError(errorMessage(e)));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, filters, workspace.path]);

  // Keystroke-to-results: measured after the browser painted the new results.
  useEffect(() => {
    if (!result || typedAt.current === null) return;
    const started = typedAt.current;
    typedAt.current = null;
    requestAnimationFrame(() => {
      const list = (window.__lognoiseSearchLatencies ??= []);
      list.push(performance.now() - started);
    });
  }, [result]);

  const hits = result?.hits ?? [];
  const virtualizer = useVirtualizer({
    count: hits.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => HIT_HEIGHT,
    overscan: 10,
  });

  const setFilter = (f: Partial<Filters>) => setFilters((old) => ({ ...old, ...f }));
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
            typedAt.current = performance.now();
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
      {result?.histogram && (
        <Histogram histogram={result.histogram} onBrush={(since, until) => setFilter({ since_ms: since, until_ms: until })} />
      )}
      <div className="search-body">
        <aside className="facets" data-testid="facets">
          <h3>Templates</h3>
          <ul>
            {result?.templates.slice(0, 12).map((t) => (
              <li key={t.id} className="facet">
                <button className="link facet-name" title={t.text} onClick={() => setFilter({ template: t.id })}>
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
                <button className="link facet-name" onClick={() => setFilter({ group: g.group })}>
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
                <button className={`link facet-name level-${l.level}`} onClick={() => setFilter({ level: l.level })}>
                  {l.level}
                </button>
                <span className="facet-count">{count(l.count)}</span>
              </li>
            ))}
          </ul>
        </aside>
        <div className="hits" ref={scroller} data-testid="hits">
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((v) => {
              const h = hits[v.index];
              if (!h) return null;
              return (
                <div
                  key={h.seq}
                  className="hit"
                  data-testid="hit"
                  data-template-id={h.template_id ?? ""}
                  style={{ transform: `translateY(${v.start}px)`, height: HIT_HEIGHT }}
                  onClick={() => h.template_id && onOpenTemplate(h.template_id)}
                  title="Open this line's template in Review"
                >
                  <div className="hit-meta">
                    <span>{time(h.timestamp_ms)}</span>
                    <span className="groups">{h.log_group}</span>
                    {h.level && <span className={`level level-${h.level}`}>{h.level}</span>}
                  </div>
                  <div className="hit-message">
                    {h.parts.map((p, i) => (p.matched ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
                  </div>
                </div>
              );
            })}
          </div>
          {result && result.total > hits.length && (
            <div className="muted small pad">Showing the newest {count(hits.length)} of {count(result.total)} events.</div>
          )}
        </div>
      </div>
    </section>
  );
}
