// The parts of the Review screen that reshape the queue (merge, split) and the labels saved
// with a decision. Rust checks every argument again; these components only make the common
// case one key or one click.
import { useState } from "react";
import type { QueueRowView, SplitView, VariableView } from "../api";
import type { Verdict } from "../api";
import { count } from "../format";

/** The labels the decision form offers, in the order the room fills them. */
export const LABEL_KEYS = ["environment", "service", "team", "version"] as const;

/** What `u` undoes, newest first. */
export type Undo =
  | { kind: "verdict"; id: string; verdict: Verdict | null; note?: string }
  | { kind: "merge"; into: string; member: string }
  | { kind: "split"; id: string; before: SplitView | null };

/** How the bar names the change `u` would undo. */
export function undoLabel(u: Undo): string {
  switch (u.kind) {
    case "verdict":
      return "u undoes the decision";
    case "merge":
      return "merged: u undoes the merge";
    case "split":
      return "split: u undoes the split";
  }
}

/** The merge mark and what `m` does next. */
export function CurateBar({
  marked,
  current,
  undoHint,
  onMerge,
  onClear,
}: {
  marked: QueueRowView | null;
  current: QueueRowView | null;
  undoHint: string | null;
  onMerge: () => void;
  onClear: () => void;
}) {
  if (!marked && !undoHint) return null;
  return (
    <div className="meeting-bar curate-bar" data-testid="curate-bar">
      {marked ? (
        <>
          <span data-testid="marked">
            marked <code>{marked.text.length > 60 ? `${marked.text.slice(0, 60)}…` : marked.text}</code>
          </span>
          {current && current.id !== marked.id ? (
            <button data-testid="merge-here" onClick={onMerge} title="m">
              merge it into the selected template (m)
            </button>
          ) : (
            <span className="muted">select the template to merge it into and press m</span>
          )}
          <button className="link" onClick={onClear} title="Esc">
            clear
          </button>
        </>
      ) : (
        <span className="muted" data-testid="undo-hint">
          {undoHint}
        </span>
      )}
    </div>
  );
}

/** Environment, service, team and version: saved with the decision when a field is left. */
export function Labels({
  values,
  onChange,
  onDone,
}: {
  values: Record<string, string>;
  onChange: (next: Record<string, string>) => void;
  onDone: () => void;
}) {
  return (
    <fieldset className="labels" data-testid="labels">
      <legend>Labels</legend>
      {LABEL_KEYS.map((k) => (
        <label key={k}>
          {k}
          <input
            data-testid={`label-${k}`}
            value={values[k] ?? ""}
            maxLength={200}
            onChange={(e) => onChange({ ...values, [k]: e.target.value })}
            onBlur={onDone}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === "Escape") (e.target as HTMLInputElement).blur();
            }}
          />
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The top values of one variable as toggles, and a button that splits the template by the
 * chosen ones. Values already split out are shown as such.
 */
export function SplitPicker({
  variable,
  splitValues,
  disabled,
  onSplit,
}: {
  variable: VariableView;
  splitValues: string[];
  disabled: boolean;
  onSplit: (values: string[]) => void;
}) {
  const [chosen, setChosen] = useState<string[]>([]);
  const toggle = (v: string) =>
    setChosen((c) => (c.includes(v) ? c.filter((x) => x !== v) : [...c, v]));
  return (
    <>
      {variable.top_values.slice(0, 8).map((t) => {
        const isSplit = splitValues.includes(t.value);
        const on = chosen.includes(t.value);
        return (
          <button
            key={t.value}
            type="button"
            className={`chip split-value ${on ? "chosen" : ""} ${isSplit ? "split" : ""}`}
            data-testid="split-value"
            data-value={t.value}
            aria-pressed={on}
            disabled={disabled || isSplit}
            title={isSplit ? "split out already" : `${t.count} times: pick to split it out`}
            onClick={() => toggle(t.value)}
          >
            {t.value} <span className="muted">{count(t.count)}</span>
          </button>
        );
      })}
      {chosen.length > 0 && (
        <button
          type="button"
          data-testid="split"
          className="split-button"
          onClick={() => {
            onSplit(chosen);
            setChosen([]);
          }}
        >
          split by {chosen.length} value{chosen.length > 1 ? "s" : ""}
        </button>
      )}
    </>
  );
}
