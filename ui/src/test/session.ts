// A stand-in for the review session kept by the Rust side: decisions with labels, merges and
// splits, and the queue they shape (as `lognoise_session::queue` shapes it).
import type { DecisionView, QueueRowView, SessionView, Verdict } from "../bindings";
import { handlers } from "./tauri";
import { queue } from "./fixtures";

export type FakeSession = {
  decisions: Map<string, DecisionView>;
  merges: Map<string, string[]>;
  splits: Map<string, { variable: number; values: string[] }>;
};

export function fakeSession(): FakeSession {
  const s: FakeSession = { decisions: new Map(), merges: new Map(), splits: new Map() };
  const view = (): SessionView => ({
    name: "review",
    path: "/tmp/ws/sessions/review.json",
    decisions: [...s.decisions.values()],
    merges: [...s.merges].map(([into, members]) => ({ into, members })),
    splits: [...s.splits].map(([template, x]) => ({
      template,
      variable: x.variable,
      parts: x.values.map((value) => ({ value, id: partId(template, value), text: `part ${value}` })),
    })),
  });
  handlers.set("open_session", view);
  handlers.set("decide", (a) => {
    const id = a.id as string;
    const before = s.decisions.get(id);
    const labels = { ...(before?.labels ?? {}) };
    for (const [k, v] of Object.entries((a.labels as Record<string, string> | null) ?? {})) {
      if (v.trim()) labels[k] = v.trim();
      else delete labels[k];
    }
    const verdict = (a.verdict as Verdict | null) ?? null;
    // As the engine reads a share: `all`, `1 in N`, or a percentage made the nearest 1 in N.
    const typed = (a.keepShare as string | null) ?? null;
    let keepOneIn = verdict === "noise" ? (before?.keep_one_in ?? null) : null;
    if (typed !== null) {
      const t = typed.trim();
      const oneIn = /^1\s*in\s*(\d+)$/.exec(t)?.[1];
      const percent = /^([\d.]+)%$/.exec(t)?.[1];
      const n = oneIn ? Number(oneIn) : percent ? Math.round(100 / Number(percent)) : t === "all" ? null : NaN;
      if (Number.isNaN(n) || (n !== null && n < 2))
        throw { code: "invalid_argument", message: `\`${t}\` is not a drop rate: write all, 1 in 100 or 1%` };
      if (verdict !== "noise" && n !== null)
        throw { code: "invalid_argument", message: "keeping a share is a rate for noise" };
      keepOneIn = n;
    }
    s.decisions.set(id, {
      template_id: id,
      verdict,
      owner: (a.owner as string | null) ?? before?.owner ?? null,
      note: a.note === "" ? null : ((a.note as string | null) ?? before?.note ?? null),
      decided_by: null,
      labels,
      keep_one_in: keepOneIn,
    });
    return view();
  });
  handlers.set("accept_suggestion", (a) => {
    const id = a.id as string;
    const row = queue.rows.find((r) => r.id === id);
    const verdict = row?.suggestion.verdict;
    if (!row || !verdict) throw { code: "invalid_argument", message: `template ${id} has no suggested verdict to accept` };
    s.decisions.set(id, {
      template_id: id,
      verdict,
      owner: s.decisions.get(id)?.owner ?? null,
      note: `suggested: ${row.suggestion.reasons[0] ?? ""}`,
      decided_by: null,
      labels: s.decisions.get(id)?.labels ?? {},
      keep_one_in: null,
    });
    return view();
  });
  handlers.set("merge_templates", (a) => {
    const into = a.into as string;
    const members = a.members as string[];
    if (members.some((m) => s.merges.has(m)))
      throw { code: "invalid_argument", message: "merge the other way round" };
    s.merges.set(into, [...(s.merges.get(into) ?? []), ...members]);
    return view();
  });
  handlers.set("unmerge_template", (a) => {
    const into = a.into as string;
    const rest = (s.merges.get(into) ?? []).filter((m) => a.member && m !== a.member);
    if (rest.length) s.merges.set(into, rest);
    else s.merges.delete(into);
    return view();
  });
  handlers.set("split_template", (a) => {
    s.splits.set(a.id as string, { variable: a.variable as number, values: a.values as string[] });
    return view();
  });
  handlers.set("unsplit_template", (a) => {
    s.splits.delete(a.id as string);
    return view();
  });
  handlers.set("review_queue", () => {
    const merged = new Set([...s.merges.values()].flat());
    const rows: QueueRowView[] = [];
    for (const r of queue.rows) {
      if (merged.has(r.id)) continue;
      const members = s.merges.get(r.id);
      if (members) {
        const extra = queue.rows.filter((x) => members.includes(x.id));
        rows.push({ ...r, kind: "merged", members, count: r.count + extra.reduce((n, x) => n + x.count, 0) });
        continue;
      }
      const split = s.splits.get(r.id);
      if (split) {
        for (const value of split.values)
          rows.push({ ...r, id: partId(r.id, value), text: `part ${value}`, kind: "split_part", split_of: r.id, count: 1 });
        rows.push({ ...r, kind: "split_rest", split_of: r.id });
        continue;
      }
      rows.push(r);
    }
    return { ...queue, rows };
  });
  return s;
}

/** A made-up id for a split part (16 hex digits, as the Rust side hashes the part's text). */
export function partId(template: string, value: string): string {
  let h = 0;
  for (const c of template + value) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(16, "0");
}
