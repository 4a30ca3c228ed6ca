import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, handlers, reset } from "../test/tauri";
import { searchResult, workspace } from "../test/fixtures";
import type { SearchView } from "../api";
import { FIRST_HITS, MORE_HITS, Search } from "./Search";

/** A search answer the test hands back when it chooses. */
function deferred() {
  let resolve: (v: SearchView) => void = () => {};
  const promise = new Promise<SearchView>((r) => (resolve = r));
  return { promise, resolve };
}
const queries = () => calls.filter((c) => c.cmd === "search").map((c) => (c.args.args as { query: string }).query);

describe("Search", () => {
  beforeEach(() => {
    reset();
    handlers.set("search", () => searchResult);
  });

  it("searches as the user types and marks matched words", async () => {
    const opened: string[] = [];
    render(<Search workspace={workspace} onOpenTemplate={(id) => opened.push(id)} />);
    fireEvent.change(screen.getByTestId("search-input"), { target: { value: "declined" } });
    await waitFor(() =>
      expect(calls.some((c) => c.cmd === "search" && (c.args.args as { query: string }).query === "declined")).toBe(true),
    );
    const hit = await screen.findByTestId("hit");
    expect(hit.querySelector("mark")?.textContent).toBe("declined");
    expect(screen.getByTestId("search-status").textContent).toContain("2 events");
    fireEvent.click(hit);
    expect(opened).toEqual(["00000000000000c3"]);
  });

  it("narrows by a facet", async () => {
    render(<Search workspace={workspace} onOpenTemplate={() => {}} />);
    fireEvent.click(await screen.findByText("/ecs/orders", { selector: "button" }));
    await waitFor(() =>
      expect(calls.some((c) => (c.args.args as { group: string | null } | undefined)?.group === "/ecs/orders")).toBe(true),
    );
  });

  it("shows a query error next to the box", async () => {
    handlers.set("search", () => {
      throw { code: "query_syntax", message: "invalid query at character 1: expected a term" };
    });
    render(<Search workspace={workspace} onOpenTemplate={() => {}} />);
    expect((await screen.findByTestId("search-error")).textContent).toContain("invalid query");
  });

  it("sends at once, keeps only the newest query while one is in flight, and drops stale answers", async () => {
    const pending = new Map<string, ReturnType<typeof deferred>>();
    handlers.set("search", (a) => {
      const q = (a.args as { query: string }).query;
      const d = deferred();
      pending.set(q, d);
      return d.promise;
    });
    render(<Search workspace={workspace} onOpenTemplate={() => {}} />);
    // The empty query goes out on mount, with no wait, asking for the first screens of hits.
    await waitFor(() => expect(queries()).toEqual([""]));
    expect((calls[0].args.args as { limit: number }).limit).toBe(FIRST_HITS);
    const box = screen.getByTestId("search-input");
    fireEvent.change(box, { target: { value: "d" } });
    fireEvent.change(box, { target: { value: "de" } });
    fireEvent.change(box, { target: { value: "dec" } });
    await new Promise((r) => setTimeout(r, 20));
    expect(queries()).toEqual([""]);
    // The answer to "" is stale (the box says "dec"): not shown; "dec" goes out now, "d" and
    // "de" never.
    pending.get("")!.resolve({ ...searchResult, total: 999 });
    await waitFor(() => expect(queries()).toEqual(["", "dec"]));
    expect(screen.getByTestId("search-status").textContent).toBe("…");
    expect(screen.queryByTestId("hit")).toBeNull();
    pending.get("dec")!.resolve(searchResult);
    await waitFor(() => expect(screen.getByTestId("search-status").textContent).toContain("2 events"));
    expect(screen.getAllByTestId("hit")).toHaveLength(1);
  });

  it("records keystroke-to-results latencies for typed queries only", async () => {
    // Frames still due from the tests before record into the list first.
    await new Promise((r) => setTimeout(r, 80));
    window.__lognoiseSearchLatencies = [];
    render(<Search workspace={workspace} onOpenTemplate={() => {}} />);
    await screen.findByTestId("hit");
    await new Promise((r) => setTimeout(r, 80));
    // The answer on opening the screen answers no keystroke.
    expect(window.__lognoiseSearchLatencies).toEqual([]);
    fireEvent.change(screen.getByTestId("search-input"), { target: { value: "declined" } });
    await waitFor(() => expect(window.__lognoiseSearchLatencies).toHaveLength(1));
    expect(window.__lognoiseSearchLatencies[0]).toBeGreaterThanOrEqual(0);
    expect(window.__lognoiseSearchAnswered?.at(-1)).toBe("declined");
  });

  it("asks for more hits of the same query once the end of the first ones is in view", async () => {
    const many = { ...searchResult, total: 5000 };
    handlers.set("search", () => many);
    render(<Search workspace={workspace} onOpenTemplate={() => {}} />);
    fireEvent.change(screen.getByTestId("search-input"), { target: { value: "declined" } });
    const limits = () =>
      calls
        .filter((c) => c.cmd === "search" && (c.args.args as { query: string }).query === "declined")
        .map((c) => (c.args.args as { limit: number }).limit);
    // One hit is on screen out of 5,000: its end is in view at once.
    await waitFor(() => expect(limits()).toEqual([FIRST_HITS, MORE_HITS]));
    expect(screen.getByText(/Showing the newest 1 of 5,000 events/)).toBeTruthy();
  });
});
