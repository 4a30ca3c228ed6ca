// The open session and the queue it shapes.
import { useEffect, useMemo, useState } from "react";
import { api, errorMessage, type DecisionView, type ReviewQueueView, type SessionView } from "../../api";

/** Figure the benchmark reads: when the queue first showed rows (ms since the epoch). */
declare global {
  interface Window {
    __lognoiseQueueFilledAt?: number;
  }
}

/**
 * Opens the workspace's session and loads the review queue, again whenever a merge or split
 * changes its shape (decisions do not reload it). `setSession` takes the session each change
 * returns.
 */
export function useReviewQueue(workspacePath: string) {
  const [view, setView] = useState<ReviewQueueView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [session, setSession] = useState<SessionView | null>(null);

  useEffect(() => {
    api
      .openSession()
      .then(setSession)
      .catch((e) => setError(errorMessage(e)));
  }, [workspacePath]);

  const decisions = useMemo(() => {
    const m = new Map<string, DecisionView>();
    for (const d of session?.decisions ?? []) m.set(d.template_id, d);
    return m;
  }, [session]);

  const shape = session ? JSON.stringify([session.merges, session.splits]) : null;
  useEffect(() => {
    if (shape === null) return;
    let live = true;
    api
      .reviewQueue()
      .then((v) => {
        if (!live) return;
        setView(v);
        setError(null);
      })
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [workspacePath, shape]);

  const data = useMemo(() => view?.rows ?? [], [view]);
  useEffect(() => {
    if (data.length === 0 || window.__lognoiseQueueFilledAt !== undefined) return;
    requestAnimationFrame(() => {
      window.__lognoiseQueueFilledAt ??= Date.now();
    });
  }, [data]);

  return { view, data, error, session, setSession, decisions };
}
