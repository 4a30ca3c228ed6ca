import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { latestWins } from "./latestWins";

/** A backend that answers `echo:<q>` after `delays[q]` ms (default 50), or fails for `bad`. */
function backend(delays: Record<string, number> = {}) {
  const sent: { q: string; at: number }[] = [];
  const run = (q: string) => {
    sent.push({ q, at: Date.now() });
    return new Promise<string>((resolve, reject) =>
      setTimeout(() => (q === "bad" ? reject(new Error("bad query")) : resolve(`echo:${q}`)), delays[q] ?? 50),
    );
  };
  return { sent, run };
}

describe("latestWins", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it("sends the first request at once, with no fixed wait", async () => {
    const b = backend();
    const answers: string[] = [];
    const s = latestWins(b.run, { onAnswer: (a) => answers.push(a), onError: () => {} });
    s.submit("d");
    expect(b.sent).toEqual([{ q: "d", at: 0 }]);
    await vi.advanceTimersByTimeAsync(50);
    expect(answers).toEqual(["echo:d"]);
  });

  it("keeps only the newest request while one is in flight and drops the stale answer", async () => {
    const b = backend();
    const answers: string[] = [];
    const s = latestWins(b.run, { onAnswer: (a) => answers.push(a), onError: () => {} });
    s.submit("d");
    await vi.advanceTimersByTimeAsync(10);
    s.submit("de");
    s.submit("dec");
    await vi.advanceTimersByTimeAsync(10);
    s.submit("decl");
    // Nothing more is sent while `d` is on its way.
    expect(b.sent.map((x) => x.q)).toEqual(["d"]);
    await vi.advanceTimersByTimeAsync(30);
    // `d` came back at 50 ms: not shown (the box says `decl`), and `decl` is sent at once.
    expect(answers).toEqual([]);
    expect(b.sent).toEqual([
      { q: "d", at: 0 },
      { q: "decl", at: 50 },
    ]);
    await vi.advanceTimersByTimeAsync(50);
    expect(answers).toEqual(["echo:decl"]);
  });

  it("drops a slow answer to an older request even when it is the last to arrive", async () => {
    const b = backend({ slow: 200, fast: 10 });
    const answers: string[] = [];
    const s = latestWins(b.run, { onAnswer: (a, q) => answers.push(`${q}=>${a}`), onError: () => {} });
    s.submit("slow");
    await vi.advanceTimersByTimeAsync(100);
    s.submit("fast");
    await vi.advanceTimersByTimeAsync(100);
    // `slow` answered at 200 ms while `fast` was waiting: dropped; `fast` sent then.
    expect(answers).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(answers).toEqual(["fast=>echo:fast"]);
    expect(b.sent.map((x) => x.q)).toEqual(["slow", "fast"]);
  });

  it("reports the newest request's failure and only that one", async () => {
    const b = backend();
    const answers: string[] = [];
    const errors: string[] = [];
    const s = latestWins(b.run, {
      onAnswer: (a) => answers.push(a),
      onError: (e, q) => errors.push(`${q}: ${(e as Error).message}`),
    });
    s.submit("bad");
    await vi.advanceTimersByTimeAsync(50);
    expect(errors).toEqual(["bad: bad query"]);
    s.submit("bad");
    s.submit("good");
    await vi.advanceTimersByTimeAsync(100);
    expect(errors).toEqual(["bad: bad query"]);
    expect(answers).toEqual(["echo:good"]);
  });

  it("treats a request that throws before answering as a failure and goes on", async () => {
    const answers: string[] = [];
    const errors: unknown[] = [];
    const s = latestWins(
      (q: string) => {
        if (q === "throw") throw new Error("no bridge");
        return Promise.resolve(q);
      },
      { onAnswer: (a) => answers.push(a), onError: (e) => errors.push(e) },
    );
    s.submit("throw");
    await vi.advanceTimersByTimeAsync(0);
    s.submit("next");
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toHaveLength(1);
    expect(answers).toEqual(["next"]);
  });

  it("delivers nothing and sends nothing more once disposed", async () => {
    const b = backend();
    const answers: string[] = [];
    const s = latestWins(b.run, { onAnswer: (a) => answers.push(a), onError: () => {} });
    s.submit("a");
    s.submit("ab");
    s.dispose();
    s.submit("abc");
    await vi.advanceTimersByTimeAsync(200);
    expect(answers).toEqual([]);
    expect(b.sent.map((x) => x.q)).toEqual(["a"]);
  });
});
