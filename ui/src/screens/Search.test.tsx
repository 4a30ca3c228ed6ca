import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, handlers, reset } from "../test/tauri";
import { searchResult, workspace } from "../test/fixtures";
import { Search } from "./Search";

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
});
