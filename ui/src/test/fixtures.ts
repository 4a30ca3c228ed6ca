import type { QueueRowView, ReviewQueueView, SearchView, TemplateDetail, TemplatesView, WorkspaceInfo } from "../bindings";

export const workspace: WorkspaceInfo = {
  path: "/tmp/demo-workspace",
  name: "demo-workspace",
  events: 300,
  bytes: 30_000,
  templates: 3,
  start_ms: 1772409600000,
  end_ms: 1772496000000,
  levels: ["info", "error"],
};

const row = (id: string, text: string, count: number) => ({
  id,
  text,
  count,
  bytes: count * 100,
  share: count / 300,
  monthly_bytes: count * 3000,
  monthly_cost_usd: count * 0.0015,
  levels: [{ level: "info", count }],
  log_groups: ["/ecs/web"],
  series: [1, 3, 2, 5],
});

export const templates: TemplatesView = {
  events: 300,
  bytes: 30_000,
  series_start_ms: 1772409600000,
  series_bucket_ms: 3600000,
  price_per_gb_usd: 0.5,
  templates: [
    row("00000000000000a1", "GET /health <*>", 200),
    row("00000000000000b2", "Order <*> persisted in <*> ms", 80),
    row("00000000000000c3", "Payment declined: <*>", 20),
  ],
};

/** The review queue of the templates above, none merged or split. */
export const queue: ReviewQueueView = {
  events: templates.events,
  bytes: templates.bytes,
  price_per_gb_usd: templates.price_per_gb_usd,
  rows: templates.templates.map(
    (t): QueueRowView => ({ ...t, kind: "template", members: [], split_of: null, estimated: false }),
  ),
};

export const detail = (id: string): TemplateDetail => {
  const t = templates.templates.find((x) => x.id === id)!;
  return {
    id,
    text: t.text,
    count: t.count,
    bytes: t.bytes,
    examples: [`example of ${t.text}`],
    variables: [{ index: 0, distinct_estimate: 7, top_values: [{ value: "200", count: 150 }] }],
    levels: t.levels,
    groups: [{ group: "/ecs/web", count: t.count }],
    first_seen: 1772409600000,
    last_seen: 1772496000000,
  };
};

export const searchResult: SearchView = {
  total: 2,
  hits: [
    {
      seq: 7,
      timestamp_ms: 1772409700000,
      log_group: "/ecs/orders",
      level: "warn",
      parts: [
        { text: "Payment ", matched: false },
        { text: "declined", matched: true },
        { text: ": card expired", matched: false },
      ],
      template_id: "00000000000000c3",
      template: "Payment declined: <*>",
    },
  ],
  templates: [{ id: "00000000000000c3", text: "Payment declined: <*>", count: 2 }],
  groups: [{ group: "/ecs/orders", count: 2 }],
  levels: [{ level: "warn", count: 2 }],
  histogram: null,
  took_ms: 1.5,
};
