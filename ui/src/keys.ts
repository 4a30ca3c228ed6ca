import { tinykeys } from "tinykeys";
import { useEffect, useRef } from "react";

/** Whether a key event was typed into a text field (single-letter shortcuts must not fire). */
export function inTextField(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  const tag = t.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || t.isContentEditable;
}

type Handlers = Record<string, (e: KeyboardEvent) => void>;

/**
 * Binds shortcuts on the window while the component is mounted. Handlers are read through a
 * ref, so callers may pass a fresh object on each render without rebinding.
 */
export function useShortcuts(handlers: Handlers, enabled = true) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const bound: Handlers = {};
    for (const key of Object.keys(ref.current)) {
      bound[key] = (e) => {
        if (inTextField(e) && key !== "Escape") return;
        e.preventDefault();
        ref.current[key]?.(e);
      };
    }
    return tinykeys(window, bound);
    // Rebind only when the set of keys changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, Object.keys(handlers).join("|")]);
}

/** Every shortcut, for the `?` overlay. */
export const SHORTCUTS: [string, string][] = [
  ["j / ↓", "next template"],
  ["k / ↑", "previous template"],
  ["n", "mark noise"],
  ["e", "mark keep"],
  ["s", "mark signal"],
  ["u", "undo the last decision"],
  ["o", "focus the owner field"],
  ["a", "accept the suggested verdict (shown in the detail pane)"],
  ["r", "focus the drop rate of a noise template (keep 1 in 100, 1%)"],
  ["m", "mark a template, then m on another merges the marked one into it"],
  ["/", "search"],
  ["1 … 6", "Start, Sources, Review, Search, Rules, Summary"],
  ["5", "Rules: the session's suppression rules, export and save"],
  ["6", "Summary: the meeting summary, copy as Markdown"],
  ["?", "show or hide this list"],
  ["Esc", "leave a field / close this list / clear the merge mark"],
];
