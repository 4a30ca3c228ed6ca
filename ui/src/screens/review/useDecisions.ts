// What the room does to the selected row: verdicts, owner/note/labels, merges, splits, and
// `u` undoing the last of them.
import { useRef, useState } from "react";
import { api, errorMessage, type DecisionView, type QueueRowView, type SessionView, type Verdict } from "../../api";
import { undoLabel, type Undo } from "../Curate";

type Args = {
  /** The selected row and its position. */
  current: QueueRowView | undefined;
  selected: number;
  /** The template the detail pane shows (the split template for a split's part). */
  detailId: string | null;
  session: SessionView | null;
  setSession: (s: SessionView) => void;
  decisions: Map<string, DecisionView>;
  /** Moves the selection; selects a template's row. */
  move: (delta: number) => void;
  focus: (id: string) => void;
};

/**
 * Every change goes through the Rust side, whose answer (the session) replaces ours; a change
 * refused there shows its message in `error`. Verdicts, merges and splits are pushed on an
 * undo stack.
 */
export function useDecisions({ current, selected, detailId, session, setSession, decisions, move, focus }: Args) {
  const [error, setError] = useState<string | null>(null);
  const undoStack = useRef<Undo[]>([]);
  const [undoHint, setUndoHint] = useState<string | null>(null);
  // A template marked with `m`, to be merged into the next one `m` is pressed on.
  const [marked, setMarked] = useState<QueueRowView | null>(null);

  // A noise verdict on a row something breaks without, waiting for the room to confirm.
  const [pendingNoise, setPendingNoise] = useState<QueueRowView | null>(null);

  const verdictOf = (id: string): Verdict | null => decisions.get(id)?.verdict ?? null;

  const record = async (
    id: string,
    verdict: Verdict | null,
    owner: string | null = null,
    note: string | null = null,
    labels: Record<string, string> | null = null,
    keepShare: string | null = null,
  ) => {
    try {
      setSession(await api.decide(id, verdict, owner, note, labels, keepShare));
      setError(null);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    }
  };

  /**
   * Records a verdict and moves on. Noise on a row that an alarm's metric, a subscription or a
   * saved query reads waits for a confirmation naming them (`n` again, or the button).
   */
  const decide = async (verdict: Verdict) => {
    if (!current) return;
    const confirmed = pendingNoise?.id === current.id;
    setPendingNoise(null);
    if (verdict === "noise" && !confirmed && verdictOf(current.id) !== "noise" && current.read_by.some((r) => r.breaks_on_drop)) {
      setPendingNoise(current);
      return;
    }
    const before = verdictOf(current.id);
    const index = selected;
    if (await record(current.id, verdict)) {
      undoStack.current.push({ kind: "verdict", id: current.id, verdict: before });
      setUndoHint(null);
      if (index === selected) move(1);
    }
  };

  /** `a`: records the selected row's suggested verdict, undoable and moving on like a verdict. */
  const accept = async () => {
    if (!current) return;
    if (!current.suggestion.verdict) {
      setError("nothing is suggested for this template: decide it with n, e or s");
      return;
    }
    const before = verdictOf(current.id);
    // Accepting writes a "suggested:" note; undoing puts the note before it back ("" removes).
    const note = decisions.get(current.id)?.note ?? "";
    const index = selected;
    try {
      setSession(await api.acceptSuggestion(current.id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
      return;
    }
    undoStack.current.push({ kind: "verdict", id: current.id, verdict: before, note });
    setUndoHint(null);
    if (index === selected) move(1);
  };

  /** Saves the owner, note and labels of the selected row, keeping its verdict. */
  const describe = (owner: string, note: string, labels: Record<string, string>) => {
    if (!current) return;
    void record(current.id, verdictOf(current.id), owner, note, labels);
  };

  /**
   * Sets the share of the selected noise template kept (`1 in 100`, `1%`, `all`), as typed:
   * the engine reads it, and refuses it on anything but noise.
   */
  const keepShare = (share: string) => {
    if (!current) return;
    void record(current.id, verdictOf(current.id), null, null, null, share.trim() === "" ? "all" : share);
  };

  /** Runs a merge, split or their undoing; the session it returns reshapes the queue. */
  const curate = async (change: () => Promise<SessionView>, undo: Undo | null) => {
    try {
      setSession(await change());
      setError(null);
      if (undo) undoStack.current.push(undo);
      setUndoHint(undo ? undoLabel(undo) : null);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    }
  };

  /** `m`: marks the selected row, or merges the marked one into it. */
  const mergeKey = async () => {
    if (!current) return;
    if (current.kind === "split_part" || current.kind === "split_rest") {
      setError("a part of a split template cannot be merged: undo the split first");
      return;
    }
    if (!marked) {
      setMarked(current);
      return;
    }
    if (marked.id === current.id) {
      setMarked(null);
      return;
    }
    const member = marked.id;
    if (
      await curate(() => api.mergeTemplates(current.id, [member]), {
        kind: "merge",
        into: current.id,
        member,
      })
    ) {
      setMarked(null);
    }
  };

  const split = (variable: number, values: string[]) => {
    if (!current || !detailId) return;
    const before = session?.splits.find((x) => x.template === detailId) ?? null;
    void curate(() => api.splitTemplate(detailId, variable, values), { kind: "split", id: detailId, before });
  };

  const unmerge = (member: string | null) => {
    if (!current) return;
    void curate(() => api.unmergeTemplate(current.id, member), null);
  };

  const unsplit = (id: string) => void curate(() => api.unsplitTemplate(id), null);

  const undo = async () => {
    const last = undoStack.current.pop();
    if (!last) return;
    let done = false;
    let target: string;
    if (last.kind === "verdict") {
      done = await record(last.id, last.verdict, null, last.note ?? null);
      target = last.id;
    } else if (last.kind === "merge") {
      done = await curate(() => api.unmergeTemplate(last.into, last.member), null);
      target = last.member;
    } else {
      const previous = last.before;
      done = await curate(async () => {
        const after = await api.unsplitTemplate(last.id);
        // The engine undoes a split as a whole: a split that only added values is put back.
        return previous
          ? api.splitTemplate(last.id, previous.variable, previous.parts.map((p) => p.value))
          : after;
      }, null);
      target = last.id;
    }
    if (done) focus(target);
  };

  return {
    error,
    undoHint,
    marked,
    clearMark: () => {
      setMarked(null);
      setPendingNoise(null);
    },
    /** The row waiting for a confirmation of its noise verdict, if the selection is still on it. */
    pendingNoise: pendingNoise && pendingNoise.id === current?.id ? pendingNoise : null,
    /** Shows a hint where refusals show. */
    explain: (message: string) => setError(message),
    decide,
    describe,
    accept,
    keepShare,
    mergeKey,
    split,
    unmerge,
    unsplit,
    undo,
  };
}
