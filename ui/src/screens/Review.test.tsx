import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, handlers, reset } from "../test/tauri";
import { detail, queue, workspace } from "../test/fixtures";
import { fakeSession } from "../test/session";
import { Review } from "./Review";

describe("Review", () => {
  beforeEach(() => {
    reset();
    handlers.set("template_detail", (a) => detail(a.id as string));
    fakeSession();
  });

  it("records verdicts with n/e/s, moves on, and undoes with u", async () => {
    render(<Review workspace={workspace} focusTemplate={null} onFocused={() => {}} />);
    await screen.findAllByTestId("queue-row");
    await waitFor(() => expect(screen.getByTestId("meeting-progress").textContent).toContain("session review"));
    act(() => {
      fireEvent.keyDown(window, { key: "n" });
    });
    await waitFor(() => expect(screen.getAllByTestId("row-verdict")[0].textContent).toBe("noise"));
    await waitFor(() =>
      expect(screen.getAllByTestId("queue-row")[1].getAttribute("aria-selected")).toBe("true"),
    );
    act(() => {
      fireEvent.keyDown(window, { key: "s" });
    });
    await waitFor(() => expect(screen.getAllByTestId("row-verdict")[1].textContent).toBe("signal"));
    expect(screen.getByTestId("decided-count").textContent).toContain("2 / 3");
    act(() => {
      fireEvent.keyDown(window, { key: "u" });
    });
    await waitFor(() => expect(screen.getAllByTestId("row-verdict")[1].textContent).toBe("–"));
    expect(calls.filter((c) => c.cmd === "decide").map((c) => c.args.verdict)).toEqual(["noise", "signal", null]);
  });

  it("keeps a share of a noise template with r and the drop-rate field, and refuses it elsewhere", async () => {
    render(<Review workspace={workspace} focusTemplate={null} onFocused={() => {}} />);
    await screen.findAllByTestId("queue-row");
    await waitFor(() => expect(screen.getByTestId("meeting-progress").textContent).toContain("session review"));
    // Not noise yet: no field, and r says what to do.
    expect(screen.queryByTestId("keep-share")).toBeNull();
    act(() => {
      fireEvent.keyDown(window, { key: "r" });
    });
    expect(screen.getByTestId("decide-error").textContent).toContain("mark the template noise (n) first");
    act(() => {
      fireEvent.click(screen.getByTestId("verdict-noise"));
    });
    await waitFor(() => expect(screen.getAllByTestId("row-verdict")[0].textContent).toBe("noise"));
    // The verdict moved the selection on: go back to the noise row.
    act(() => {
      fireEvent.keyDown(window, { key: "k" });
    });
    const field = await screen.findByTestId("keep-share");
    act(() => {
      fireEvent.keyDown(window, { key: "r" });
    });
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: "1 in 100" } });
    fireEvent.keyDown(field, { key: "Enter" });
    await waitFor(() => expect(screen.getAllByTestId("row-verdict")[0].textContent).toBe("noise 1/100"));
    const decide = calls.filter((c) => c.cmd === "decide");
    expect(decide[decide.length - 1].args).toMatchObject({ verdict: "noise", keepShare: "1 in 100" });
    // A rate the engine refuses shows its message, keeps what was typed for mending, and the
    // saved rate stands.
    fireEvent.change(field, { target: { value: "half" } });
    fireEvent.blur(field);
    await waitFor(() => expect(screen.getByTestId("decide-error").textContent).toContain("is not a drop rate"));
    expect((screen.getByTestId("keep-share") as HTMLInputElement).value).toBe("half");
    expect(screen.getAllByTestId("row-verdict")[0].textContent).toBe("noise 1/100");
    // Marked keep, the share goes with the noise.
    act(() => {
      fireEvent.click(screen.getByTestId("verdict-keep"));
    });
    await waitFor(() => expect(screen.getAllByTestId("row-verdict")[0].textContent).toBe("keep"));
  });

  it("names what reads a template and asks before marking it noise", async () => {
    render(<Review workspace={workspace} focusTemplate={null} onFocused={() => {}} />);
    const rows = await screen.findAllByTestId("queue-row");
    await waitFor(() => expect(screen.getByTestId("meeting-progress").textContent).toContain("session review"));
    // Only the payment row has readers: its badge counts the one a drop would break.
    expect(screen.getAllByTestId("badge-read-by").map((b) => b.textContent)).toEqual(["read by 1"]);
    expect(rows[2].querySelector("[data-testid=badge-read-by]")).not.toBeNull();
    expect(screen.getByTestId("read-by-nothing")).toBeTruthy();
    for (const at of [1, 2]) {
      act(() => {
        fireEvent.keyDown(window, { key: "j" });
      });
      await waitFor(() =>
        expect(screen.getAllByTestId("queue-row")[at].getAttribute("aria-selected")).toBe("true"),
      );
    }
    await waitFor(() => expect(screen.getByTestId("read-by").textContent).toContain("alarm payments-declining"));
    expect(screen.getByTestId("read-by").textContent).toContain("run 3 times in 7 days");
    // n asks first, naming only what breaks; Escape takes it back and nothing is recorded.
    act(() => {
      fireEvent.keyDown(window, { key: "n" });
    });
    const ask = await screen.findByTestId("confirm-noise");
    expect(ask.textContent).toContain("feeds metric Payments/Declines, alarm payments-declining (/ecs/web)");
    expect(ask.textContent).not.toContain("run 3 times");
    act(() => {
      fireEvent.keyDown(window, { key: "Escape" });
    });
    await waitFor(() => expect(screen.queryByTestId("confirm-noise")).toBeNull());
    expect(calls.filter((c) => c.cmd === "decide")).toHaveLength(0);
    // n twice records it; keep needs no confirmation.
    act(() => {
      fireEvent.keyDown(window, { key: "n" });
    });
    await screen.findByTestId("confirm-noise");
    act(() => {
      fireEvent.keyDown(window, { key: "n" });
    });
    await waitFor(() => expect(screen.getAllByTestId("row-verdict")[2].textContent).toBe("noise"));
    expect(screen.queryByTestId("confirm-noise")).toBeNull();
    expect(calls.filter((c) => c.cmd === "decide").map((c) => c.args.verdict)).toEqual(["noise"]);
  });

  it("shows each template's suggestion, accepts it with a, and can list the suggestions first", async () => {
    render(<Review workspace={workspace} focusTemplate={null} onFocused={() => {}} />);
    await screen.findAllByTestId("queue-row");
    await waitFor(() => expect(screen.getByTestId("meeting-progress").textContent).toContain("session review"));
    expect(screen.getByTestId("suggestion").textContent).toContain("Suggested: noise");
    expect(screen.getByTestId("suggestion").textContent).toContain("A health-check route");
    act(() => {
      fireEvent.keyDown(window, { key: "a" });
    });
    await waitFor(() => expect(screen.getAllByTestId("row-verdict")[0].textContent).toBe("noise"));
    expect(calls.filter((c) => c.cmd === "accept_suggestion").map((c) => c.args.id)).toEqual(["00000000000000a1"]);
    // It moved on, to a row nothing is suggested for: a says so and records nothing.
    await waitFor(() => expect(screen.getByTestId("suggestion").textContent).toContain("nothing settles it"));
    expect(screen.queryByTestId("accept-suggestion")).toBeNull();
    act(() => {
      fireEvent.keyDown(window, { key: "a" });
    });
    expect(screen.getByTestId("decide-error").textContent).toContain("nothing is suggested");
    expect(calls.filter((c) => c.cmd === "accept_suggestion")).toHaveLength(1);
    // u takes the accepted verdict back, and its "suggested:" note with it.
    act(() => {
      fireEvent.keyDown(window, { key: "u" });
    });
    await waitFor(() => expect(screen.getAllByTestId("row-verdict")[0].textContent).toBe("–"));
    const undo = calls.filter((c) => c.cmd === "decide").pop();
    expect(undo?.args).toMatchObject({ id: "00000000000000a1", verdict: null, note: "" });
    act(() => {
      fireEvent.keyDown(window, { key: "a" });
    });
    await waitFor(() => expect(screen.getAllByTestId("row-verdict")[0].textContent).toBe("noise"));
    // Suggestions first: the open suggestion (keep, the payment row) leads, decided rows follow.
    act(() => {
      fireEvent.click(screen.getByTestId("suggested-first"));
    });
    await waitFor(() =>
      expect(screen.getAllByTestId("queue-row")[0].getAttribute("data-template-id")).toBe("00000000000000c3"),
    );
  });

  it("lists templates with variables highlighted and moves with j/k", async () => {
    render(<Review workspace={workspace} focusTemplate={null} onFocused={() => {}} />);
    const rows = await screen.findAllByTestId("queue-row");
    expect(rows).toHaveLength(3);
    expect(rows[1].querySelectorAll(".var")).toHaveLength(2);
    expect(rows[0].getAttribute("aria-selected")).toBe("true");

    act(() => {
      fireEvent.keyDown(window, { key: "j" });
    });
    await waitFor(() =>
      expect(screen.getAllByTestId("queue-row")[1].getAttribute("aria-selected")).toBe("true"),
    );
    await waitFor(() => expect(screen.getByTestId("examples").textContent).toContain("Order <*> persisted"));
    act(() => {
      fireEvent.keyDown(window, { key: "k" });
    });
    await waitFor(() =>
      expect(screen.getAllByTestId("queue-row")[0].getAttribute("aria-selected")).toBe("true"),
    );
  });

  it("draws each row's cells under their column headers, clipping only text that can overflow", async () => {
    render(<Review workspace={workspace} focusTemplate={null} onFocused={() => {}} />);
    const rows = await screen.findAllByTestId("queue-row");
    const column = (el: Element) => [...el.classList].find((c) => c.startsWith("cell-"));
    const headers = screen.getAllByRole("columnheader").map(column);
    expect(headers).toEqual([
      "cell-text",
      "cell-count",
      "cell-share",
      "cell-bytes",
      "cell-cost",
      "cell-series",
      "cell-level",
      "cell-groups",
      "cell-decision",
    ]);
    const cells = [...rows[1].querySelectorAll("[role=gridcell]")];
    expect(cells.map(column)).toEqual(headers);
    // Order <*> persisted in <*> ms: 80 events of 300, 100 bytes each, $0.0015 an event.
    expect(cells.map((c) => c.textContent)).toEqual([
      "Order <*> persisted in <*> ms",
      "80",
      "27%",
      "8.0 kB",
      "$0.12",
      "",
      "info",
      "/ecs/web",
      "–",
    ]);
    expect(cells[5].querySelector("canvas")?.dataset.points).toBe("4");
    expect(cells.filter((c) => c.classList.contains("clip")).map(column)).toEqual([
      "cell-text",
      "cell-level",
      "cell-groups",
    ]);
  });

  it("shows a JSON template's headline in its row and the full text in the detail", async () => {
    const text = '{"level":"debug","ts":"<*>","logger":"c.e.Cache","msg":"order cache hit","order_id":"<*>"}';
    const headline = 'order cache hit · "logger":"c.e.Cache" · "ts":"<*>" · "order_id":"<*>" · "level":"debug"';
    const json = { ...queue.rows[0], id: "00000000000000d4", text, headline };
    handlers.set("review_queue", () => ({ ...queue, rows: [json, ...queue.rows.slice(1)] }));
    handlers.set("template_detail", (a) =>
      a.id === json.id ? { ...detail(queue.rows[0].id), id: json.id, text } : detail(a.id as string),
    );
    render(<Review workspace={workspace} focusTemplate={null} onFocused={() => {}} />);
    const rows = await screen.findAllByTestId("queue-row");
    expect(rows[0].textContent).toContain("order cache hit");
    expect(rows[0].querySelector(".template-text")?.textContent?.startsWith("order cache hit")).toBe(true);
    await waitFor(() => expect(screen.getByTestId("detail-template").textContent).toBe(text));
  });

  it("selects the template another screen asks for", async () => {
    let focused = false;
    render(<Review workspace={workspace} focusTemplate="00000000000000c3" onFocused={() => (focused = true)} />);
    await waitFor(() => expect(screen.getByTestId("detail-template").dataset.templateId).toBe("00000000000000c3"));
    expect(focused).toBe(true);
  });

  it("shows the error the backend sends", async () => {
    handlers.set("review_queue", () => {
      throw { code: "empty", message: "/w holds no events yet: import logs first" };
    });
    render(<Review workspace={workspace} focusTemplate={null} onFocused={() => {}} />);
    expect((await screen.findByRole("alert")).textContent).toContain("holds no events yet");
  });
});
