import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, handlers, reset } from "../test/tauri";
import type { SessionListItem, SessionView } from "../bindings";
import { SessionPicker } from "./SessionPicker";

const item = (name: string, current: boolean, decided: number): SessionListItem => ({
  name,
  path: `/tmp/ws/sessions/${name}.json`,
  created_at_ms: 1772409600000,
  reviewers: ["ana"],
  price_per_gb_usd: 0.5,
  infrequent_access_price_per_gb_usd: 0.25,
  storage_price_per_gb_month_usd: 0.03,
  insights_price_per_gb_usd: 0.005,
  ingestion_only: false,
  priced: "priced: 1 group Standard at $0.50/GB, storage kept 30 d (1 group) at $0.03/GB-month archived, month = 730 h",
  templates: 3,
  decided,
  noise: 1,
  current,
});

const session = (name: string): SessionView => ({
  name,
  path: `/tmp/ws/sessions/${name}.json`,
  decisions: [],
  merges: [],
  splits: [],
});

describe("SessionPicker", () => {
  beforeEach(() => {
    reset();
    handlers.set("open_session", () => session("review"));
    handlers.set("list_sessions", () => [item("march", false, 0), item("review", true, 2)]);
    handlers.set("switch_session", (a) => session(a.name as string));
    handlers.set("create_session", (a) => session((a.args as { name: string }).name));
  });

  it("lists sessions with date and decided count, and opens one", async () => {
    const changed: string[] = [];
    render(<SessionPicker workspacePath="/tmp/ws" onChanged={(s) => changed.push(s.name)} />);
    await waitFor(() => expect(screen.getByTestId("current-session").textContent).toBe("review"));
    fireEvent.click(screen.getByTestId("session-picker"));
    const items = await screen.findAllByTestId("session-item");
    expect(items.map((i) => i.dataset.name)).toEqual(["march", "review"]);
    expect(items[1].textContent).toContain("2026-03-02 00:00 · 2/3 decided · 1 noise · ana");
    expect(items[1].className).toContain("current");
    fireEvent.click(items[0]);
    await waitFor(() => expect(changed).toEqual(["march"]));
    expect(screen.getByTestId("current-session").textContent).toBe("march");
    expect(screen.queryByTestId("session-panel")).toBeNull();
  });

  it("creates a session with reviewers and a price", async () => {
    const changed: string[] = [];
    render(<SessionPicker workspacePath="/tmp/ws" onChanged={(s) => changed.push(s.name)} />);
    fireEvent.click(screen.getByTestId("session-picker"));
    fireEvent.change(await screen.findByTestId("new-session-name"), { target: { value: "April club" } });
    fireEvent.change(screen.getByTestId("new-session-reviewers"), { target: { value: "ana, bo ,, cy" } });
    fireEvent.change(screen.getByTestId("new-session-price"), { target: { value: "0.76" } });
    fireEvent.change(screen.getByTestId("new-session-ia-price"), { target: { value: "0.38" } });
    // The storage price changed, the Insights price left blank: the engine's default.
    fireEvent.change(screen.getByTestId("new-session-storage-price"), { target: { value: "0.025" } });
    fireEvent.change(screen.getByTestId("new-session-insights-price"), { target: { value: " " } });
    fireEvent.click(screen.getByTestId("create-session"));
    await waitFor(() => expect(changed).toEqual(["April club"]));
    expect(calls.find((c) => c.cmd === "create_session")?.args).toEqual({
      args: {
        name: "April club",
        reviewers: ["ana", "bo", "cy"],
        price_per_gb_usd: 0.76,
        infrequent_access_price_per_gb_usd: 0.38,
        storage_price_per_gb_month_usd: 0.025,
        insights_price_per_gb_usd: null,
        ingestion_only: false,
        fresh: false,
      },
    });
  });

  it("changes the open session's reviewers and prices", async () => {
    handlers.set("update_session", () => session("review"));
    const changed: string[] = [];
    render(<SessionPicker workspacePath="/tmp/ws" onChanged={(s) => changed.push(s.name)} />);
    fireEvent.click(screen.getByTestId("session-picker"));
    const reviewers = (await screen.findByTestId("session-reviewers")) as HTMLInputElement;
    expect(reviewers.value).toBe("ana");
    expect((screen.getByTestId("session-price") as HTMLInputElement).value).toBe("0.50");
    fireEvent.change(screen.getByTestId("session-price"), { target: { value: "-1" } });
    fireEvent.click(screen.getByTestId("save-session"));
    expect((await screen.findByTestId("session-error")).textContent).toContain("-1 is not a price per GB");
    expect(calls.some((c) => c.cmd === "update_session")).toBe(false);
    fireEvent.change(reviewers, { target: { value: "ana, dee" } });
    fireEvent.change(screen.getByTestId("session-price"), { target: { value: "1.2" } });
    const ia = screen.getByTestId("session-ia-price") as HTMLInputElement;
    expect(ia.value).toBe("0.25");
    fireEvent.change(ia, { target: { value: "x" } });
    fireEvent.click(screen.getByTestId("save-session"));
    expect((await screen.findByTestId("session-error")).textContent).toContain("x is not a price per GB");
    expect(calls.some((c) => c.cmd === "update_session")).toBe(false);
    fireEvent.change(ia, { target: { value: "0.3" } });
    const insights = screen.getByTestId("session-insights-price") as HTMLInputElement;
    expect(insights.value).toBe("0.005");
    fireEvent.change(insights, { target: { value: "0.0065" } });
    fireEvent.click(screen.getByTestId("save-session"));
    await waitFor(() => expect(changed).toEqual(["review"]));
    expect(calls.find((c) => c.cmd === "update_session")?.args).toEqual({
      reviewers: ["ana", "dee"],
      pricePerGbUsd: 1.2,
      infrequentAccessPricePerGbUsd: 0.3,
      storagePricePerGbMonthUsd: 0.03,
      insightsPricePerGbUsd: 0.0065,
      ingestionOnly: false,
    });
  });

  it("prices ingestion only with one click, in the settings and for a new session", async () => {
    handlers.set("update_session", () => session("review"));
    render(<SessionPicker workspacePath="/tmp/ws" onChanged={() => {}} />);
    fireEvent.click(screen.getByTestId("session-picker"));
    const only = (await screen.findByTestId("session-ingestion-only")) as HTMLInputElement;
    expect(only.checked).toBe(false);
    expect(screen.getByTestId("session-priced").textContent).toContain("storage kept 30 d");
    fireEvent.click(only);
    fireEvent.click(screen.getByTestId("save-session"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "update_session")).toBe(true));
    expect(calls.find((c) => c.cmd === "update_session")?.args).toMatchObject({ ingestionOnly: true });

    fireEvent.click(screen.getByTestId("session-picker"));
    fireEvent.change(await screen.findByTestId("new-session-name"), { target: { value: "May club" } });
    fireEvent.click(screen.getByTestId("new-session-ingestion-only"));
    fireEvent.click(screen.getByTestId("create-session"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "create_session")).toBe(true));
    expect(calls.find((c) => c.cmd === "create_session")?.args).toMatchObject({
      args: { name: "May club", ingestion_only: true },
    });
  });

  it("closes with Escape", async () => {
    render(<SessionPicker workspacePath="/tmp/ws" onChanged={() => {}} />);
    fireEvent.click(screen.getByTestId("session-picker"));
    fireEvent.keyDown(await screen.findByTestId("new-session-name"), { key: "Escape" });
    expect(screen.queryByTestId("session-panel")).toBeNull();
  });

  it("refuses a price that is not a number, and shows engine errors", async () => {
    handlers.set("create_session", () => {
      throw { code: "invalid_argument", message: "a session named `review` already exists: choose another name" };
    });
    render(<SessionPicker workspacePath="/tmp/ws" onChanged={() => {}} />);
    fireEvent.click(screen.getByTestId("session-picker"));
    fireEvent.change(await screen.findByTestId("new-session-name"), { target: { value: "review" } });
    fireEvent.change(screen.getByTestId("new-session-price"), { target: { value: "cheap" } });
    fireEvent.click(screen.getByTestId("create-session"));
    expect((await screen.findByTestId("session-error")).textContent).toContain("is not a price per GB");
    expect(calls.some((c) => c.cmd === "create_session")).toBe(false);
    fireEvent.change(screen.getByTestId("new-session-price"), { target: { value: "0.5" } });
    fireEvent.change(screen.getByTestId("new-session-ia-price"), { target: { value: "free" } });
    fireEvent.click(screen.getByTestId("create-session"));
    expect((await screen.findByTestId("session-error")).textContent).toContain("free");
    expect(calls.some((c) => c.cmd === "create_session")).toBe(false);
    fireEvent.change(screen.getByTestId("new-session-ia-price"), { target: { value: "0.25" } });
    fireEvent.click(screen.getByTestId("create-session"));
    await waitFor(() => expect(screen.getByTestId("session-error").textContent).toContain("already exists"));
  });
});
