/**
 * Requests that answer as the user types, with no fixed wait. A fixed debounce adds its whole
 * delay to every answer; here the first keystroke is sent at once, and while an answer is on its
 * way only the newest request is kept and sent when that answer comes, so the engine never
 * works on more than one request and never on one the user has already typed past. An answer
 * to any request but the newest is dropped, so the screen never shows results for text that is
 * no longer in the box.
 */
export type LatestWins<Q> = {
  /** Asks for `q`; it replaces any request still waiting. */
  submit: (q: Q) => void;
  /** Drops every answer still to come (the screen is going away). */
  dispose: () => void;
};

/** What to do with the answers that are still wanted. */
export type Answers<Q, R> = {
  /** The answer to the newest request. */
  onAnswer: (answer: R, request: Q) => void;
  /** The failure of the newest request. */
  onError: (error: unknown, request: Q) => void;
};

/** A scheduler that sends `run(q)` for the newest `q` only, one at a time. */
export function latestWins<Q, R>(run: (q: Q) => Promise<R>, answers: Answers<Q, R>): LatestWins<Q> {
  // Each request gets a ticket; only the answer carrying the newest ticket is delivered.
  let newest = 0;
  let inFlight = false;
  let waiting: { request: Q; ticket: number } | null = null;
  let disposed = false;

  const send = (request: Q, ticket: number) => {
    inFlight = true;
    // `run` may throw before it returns a promise; that is a failure like any other.
    new Promise<R>((resolve) => resolve(run(request)))
      .then(
        (answer) => {
          if (!disposed && ticket === newest) answers.onAnswer(answer, request);
        },
        (error: unknown) => {
          if (!disposed && ticket === newest) answers.onError(error, request);
        },
      )
      .finally(() => {
        inFlight = false;
        const next = waiting;
        waiting = null;
        if (next && !disposed) send(next.request, next.ticket);
      });
  };

  return {
    submit(request) {
      if (disposed) return;
      const ticket = ++newest;
      if (inFlight) waiting = { request, ticket };
      else send(request, ticket);
    },
    dispose() {
      disposed = true;
      waiting = null;
    },
  };
}
