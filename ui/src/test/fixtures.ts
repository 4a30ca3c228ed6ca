import type { DependentConflictView, QueueRowView, ReviewQueueView, RuleConflictView, RulesView, SearchView, SummaryView, TemplateDetail, WorkspaceInfo } from "../bindings";

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

/** A mined template with its volume and cost, as the queue rows below are built from. */
type TemplateRow = Pick<
  QueueRowView,
  "id" | "text" | "count" | "bytes" | "share" | "monthly_bytes" | "monthly_cost_usd" | "levels" | "log_groups" | "series"
>;

const row = (id: string, text: string, count: number): TemplateRow => ({
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

/** The templates of the workspace above, as the review queue shows them. */
export const templates = {
  events: 300,
  bytes: 30_000,
  price_per_gb_usd: 0.5,
  templates: [
    row("00000000000000a1", "GET /health <*>", 200),
    row("00000000000000b2", "Order <*> persisted in <*> ms", 80),
    row("00000000000000c3", "Payment declined: <*>", 20),
  ],
};

/** What reads the payment template: a metric filter feeding an alarm, and a query run. */
export const paymentReaders: QueueRowView["read_by"] = [
  {
    kind: "metric_filter",
    description: "feeds metric Payments/Declines, alarm payments-declining",
    log_group: "/ecs/web",
    lines_matched: 20,
    breaks_on_drop: true,
  },
  {
    kind: "recent_query",
    description: "query `filter @message like /declined/`, run 3 times in 7 days",
    log_group: "/ecs/web",
    lines_matched: 20,
    breaks_on_drop: false,
  },
];

/** The review queue of the templates above, none merged or split. */
export const queue: ReviewQueueView = {
  events: templates.events,
  bytes: templates.bytes,
  price_per_gb_usd: templates.price_per_gb_usd,
  priced: "priced: 1 group Standard at $0.50/GB, month = 730 h",
  readers_known: true,
  readers_warning: null,
  rows: templates.templates.map(
    (t): QueueRowView => ({
      ...t,
      headline: null,
      kind: "template",
      members: [],
      split_of: null,
      estimated: false,
      read_by: t.id === "00000000000000c3" ? paymentReaders : [],
      suggestion:
        t.id === "00000000000000a1"
          ? { verdict: "noise", reasons: ["A health-check route (`GET /health`).", "It is 66.7% of the sampled events."] }
          : t.id === "00000000000000c3"
            ? { verdict: "keep", reasons: ["Something reads its lines (20 matched); never noise."] }
            : { verdict: null, reasons: ["Nothing settles it."] },
    }),
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

export const rulesView: RulesView = {
  session: "weekly",
  lines: 300,
  bytes: 30_000,
  removed_lines: 200,
  removed_bytes: 20_000,
  removed_share: 2 / 3,
  removed_monthly_bytes: 600_000_000,
  removed_monthly_cost_usd: 0.3,
  price_per_gb_usd: 0.5,
  protected: 1,
  rules: [
    {
      id: "r-00000000000000a1",
      template_id: "00000000000000a1",
      template: "GET /health <*>",
      pattern: "GET /health \\S+",
      log_groups: ["/ecs/web"],
      owner: "platform",
      reason: "load balancer checks",
      own_lines: 200,
      matched_own: 198,
      missed: 2,
      missed_examples: ["GET /health  200"],
      matched_other: 0,
      dropped_lines: 198,
      dropped_bytes: 19_800,
      conflicts: [],
    },
  ],
  conflicts: [],
  dependent_conflicts: [],
  exports: [
    {
      format: "native",
      label: "lognoise rules (JSON)",
      file_name: "rules.json",
      text: '{"schema": "lognoise.rules/v1"}\n',
      files: [],
      not_expressible: [],
    },
    {
      format: "fluent-bit",
      label: "Fluent Bit (.conf)",
      file_name: "lognoise-filters.conf",
      text: "[FILTER]\n    Name grep\n\n[FILTER]\n    Name lua\n    script lognoise-sampling.lua\n",
      files: ["lognoise-sampling.lua"],
      not_expressible: [],
    },
    {
      format: "subscription-filter",
      label: "CloudWatch subscription filters (JSON)",
      file_name: "lognoise-subscription-filters.json",
      text: "[]\n",
      files: [],
      not_expressible: [{ rule_id: "r-00000000000000a1", reason: "the pattern has no literal word" }],
    },
  ],
};

export const conflict: RuleConflictView = {
  rule_id: "r-00000000000000a1",
  template_id: "00000000000000c3",
  template: "GET /health 500",
  verdict: "signal",
  lines: 3,
  examples: ["GET /health 500"],
};

export const dependentConflict: DependentConflictView = {
  rule_id: "r-00000000000000a1",
  kind: "metric_filter",
  log_group: "/ecs/web",
  dependent: "declines",
  breaks: "feeds metric Web/Declines, alarm declines-high",
  lines: 12,
  examples: ["ERROR Payment declined for user_id=7 card=visa code=51"],
};

export const summaryView: SummaryView = {
  session: "weekly",
  created_at_ms: 1772409600000,
  reviewers: ["ana", "bo"],
  price_per_gb_usd: 0.5,
  priced: "priced: 1 group Standard at $0.50/GB, 1 group Infrequent Access at $0.25/GB, month = 730 h",
  templates: 3,
  decided: 2,
  carried_over: 1,
  accepted_suggestions: 1,
  noise: 1,
  keep: 1,
  signal: 0,
  noise_event_share: 2 / 3,
  noise_byte_share: 0.6,
  monthly_bytes_saved: 600_000_000,
  monthly_saving_usd: 0.3,
  window_known: true,
  saving_by_owner: [{ owner: "platform", templates: 1, monthly_bytes: 600_000_000, monthly_cost_usd: 0.3 }],
  decisions: [
    {
      id: "00000000000000a1",
      text: "GET /health <*>",
      headline: null,
      verdict: "noise",
      owner: "platform",
      note: "load balancer checks",
      decided_by: "ana",
      carried_from: null,
      keep_one_in: null,
      count: 200,
      monthly_cost_usd: 0.3,
      read_by: ["feeds metric Web/Health, alarm web-down"],
    },
    {
      id: "00000000000000b2",
      text: "Order <*> persisted in <*> ms",
      headline: null,
      verdict: "keep",
      owner: "orders",
      note: null,
      decided_by: "bo",
      carried_from: "february",
      keep_one_in: null,
      count: 80,
      monthly_cost_usd: 0.12,
      read_by: [],
    },
  ],
  open_questions: [
    {
      id: "00000000000000c3",
      text: '{"level":"warn","ts":"<*>","msg":"Payment declined: <*>"}',
      headline: 'Payment declined: <*> · "ts":"<*>" · "level":"warn"',
      verdict: null,
      owner: null,
      note: null,
      decided_by: null,
      carried_from: null,
      keep_one_in: null,
      count: 20,
      monthly_cost_usd: 0.03,
      read_by: [],
    },
  ],
  open_total: 1,
  markdown: "# Review session: weekly\n",
};
