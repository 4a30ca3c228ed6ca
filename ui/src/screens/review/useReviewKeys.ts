// The Review screen's keys.
import { useShortcuts } from "../../keys";
import type { Verdict } from "../../api";

/**
 * `n`/`e`/`s` decide, `a` accepts the suggestion, `u` undoes, `o` goes to the owner, `r` to the drop rate of a noise
 * template, `m` merges, `j`/`k` and arrows move.
 */
export function useReviewKeys(actions: {
  decide: (v: Verdict) => Promise<void>;
  undo: () => Promise<void>;
  focusOwner: () => void;
  focusRate: () => void;
  accept: () => Promise<void>;
  mergeKey: () => Promise<void>;
  clearMark: () => void;
  move: (delta: number) => void;
}) {
  const { decide, undo, focusOwner, focusRate, accept, mergeKey, clearMark, move } = actions;
  useShortcuts({
    n: () => void decide("noise"),
    e: () => void decide("keep"),
    s: () => void decide("signal"),
    u: () => void undo(),
    o: focusOwner,
    r: focusRate,
    a: () => void accept(),
    m: () => void mergeKey(),
    Escape: clearMark,
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    PageDown: () => move(15),
    PageUp: () => move(-15),
  });
}
