import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, handlers, reset } from "../test/tauri";
import { detail, workspace } from "../test/fixtures";
import { fakeSession, partId, type FakeSession } from "../test/session";
import { Review } from "./Review";

const HEALTH = "00000000000000a1";
const ORDER = "00000000000000b2";
const PAYMENT = "00000000000000c3";

const key = (k: string) =>
  act(() => {
    fireEvent.keyDown(window, { key: k });
  });
const rowIds = () => screen.getAllByTestId("queue-row").map((r) => r.dataset.templateId);

describe("Review: merge, split, labels", () => {
  let session: FakeSession;
  beforeEach(() => {
    reset();
    handlers.set("template_detail", (a) => ({
      ...detail(a.id as string),
      variables: [
        {
          index: 0,
          distinct_estimate: 3,
          top_values: [
            { value: "200", count: 150 },
            { value: "503", count: 40 },
            { value: "404", count: 10 },
          ],
        },
      ],
    }));
    session = fakeSession();
  });

  async function open() {
    render(<Review workspace={workspace} focusTemplate={null} onFocused={() => {}} />);
    await waitFor(() => expect(rowIds()).toEqual([HEALTH, ORDER, PAYMENT]));
  }

  it("marks a template with m and merges it into the one m is pressed on; u undoes the merge", async () => {
    await open();
    key("j");
    key("j");
    await waitFor(() => expect(screen.getByTestId("detail-template").dataset.templateId).toBe(PAYMENT));
    key("m");
    expect((await screen.findByTestId("marked")).textContent).toContain("Payment declined");
    key("k");
    await waitFor(() => expect(screen.getByTestId("merge-here")).toBeTruthy());
    key("m");
    await waitFor(() => expect(rowIds()).toEqual([HEALTH, ORDER]));
    expect(calls.find((c) => c.cmd === "merge_templates")?.args).toEqual({ into: ORDER, members: [PAYMENT] });
    // The merged row is one row showing its member, with the sum of the counts.
    const merged = screen.getAllByTestId("queue-row")[1];
    expect(merged.querySelector("[data-testid=badge-merged]")?.textContent).toBe("+1");
    expect(merged.textContent).toContain("100");
    expect(screen.getByTestId("merge-members").textContent).toContain(PAYMENT);
    expect(screen.queryByTestId("marked")).toBeNull();
    expect(screen.getByTestId("undo-hint").textContent).toContain("undoes the merge");

    key("u");
    await waitFor(() => expect(rowIds()).toEqual([HEALTH, ORDER, PAYMENT]));
    expect(calls.find((c) => c.cmd === "unmerge_template")?.args).toEqual({ into: ORDER, member: PAYMENT });
    expect(session.merges.size).toBe(0);
  });

  it("m twice on the same template clears the mark, Escape too", async () => {
    await open();
    key("m");
    await screen.findByTestId("marked");
    key("m");
    await waitFor(() => expect(screen.queryByTestId("marked")).toBeNull());
    key("m");
    await screen.findByTestId("marked");
    key("Escape");
    await waitFor(() => expect(screen.queryByTestId("marked")).toBeNull());
    expect(calls.some((c) => c.cmd === "merge_templates")).toBe(false);
  });

  it("shows the error of a refused merge", async () => {
    handlers.set("merge_templates", () => {
      throw { code: "invalid_argument", message: "template 00000000000000a1 is split: undo the split before merging it" };
    });
    await open();
    key("m");
    key("j");
    await waitFor(() => expect(screen.getByTestId("merge-here")).toBeTruthy());
    fireEvent.click(screen.getByTestId("merge-here"));
    expect((await screen.findByTestId("decide-error")).textContent).toContain("undo the split");
    expect(rowIds()).toEqual([HEALTH, ORDER, PAYMENT]);
  });

  it("splits a template by values picked from a variable's top values, and undoes it", async () => {
    await open();
    const values = await screen.findAllByTestId("split-value");
    expect(values.map((v) => v.dataset.value)).toEqual(["200", "503", "404"]);
    expect(screen.queryByTestId("split")).toBeNull();
    fireEvent.click(values[1]);
    fireEvent.click(values[2]);
    expect(screen.getByTestId("split").textContent).toBe("split by 2 values");
    fireEvent.click(screen.getByTestId("split"));
    await waitFor(() =>
      expect(rowIds()).toEqual([partId(HEALTH, "503"), partId(HEALTH, "404"), HEALTH, ORDER, PAYMENT]),
    );
    expect(calls.find((c) => c.cmd === "split_template")?.args).toEqual({
      id: HEALTH,
      variable: 0,
      values: ["503", "404"],
    });
    expect(screen.getAllByTestId("badge-split")).toHaveLength(2);
    expect(screen.getByTestId("badge-rest")).toBeTruthy();
    // The selection stays on the template: now its rest row, whose detail offers undoing.
    await waitFor(() => expect(screen.getByTestId("split-of").textContent).toContain("The rest"));
    // Values split out already cannot be picked again.
    await waitFor(() => {
      const split = screen.getAllByTestId("split-value").filter((v) => (v as HTMLButtonElement).disabled);
      expect(split.map((v) => v.dataset.value)).toEqual(["503", "404"]);
    });

    // A part is decided apart from the rest.
    const part = partId(HEALTH, "503");
    fireEvent.click(screen.getAllByTestId("queue-row")[0]);
    key("n");
    await waitFor(() => expect(session.decisions.get(part)?.verdict).toBe("noise"));

    key("u"); // the verdict
    await waitFor(() => expect(session.decisions.get(part)?.verdict).toBeNull());
    key("u"); // the split
    await waitFor(() => expect(rowIds()).toEqual([HEALTH, ORDER, PAYMENT]));
    expect(session.splits.size).toBe(0);
  });

  it("saves labels with the decision when a label field is left", async () => {
    await open();
    const env = await screen.findByTestId("label-environment");
    fireEvent.change(env, { target: { value: "prod" } });
    fireEvent.blur(env);
    await waitFor(() => expect(session.decisions.get(HEALTH)?.labels).toEqual({ environment: "prod" }));
    const service = screen.getByTestId("label-service");
    fireEvent.change(service, { target: { value: "checkout" } });
    fireEvent.blur(service);
    await waitFor(() =>
      expect(session.decisions.get(HEALTH)?.labels).toEqual({ environment: "prod", service: "checkout" }),
    );
    // Only changed labels are sent; leaving a field unchanged sends nothing.
    const sent = calls.filter((c) => c.cmd === "decide").map((c) => c.args.labels);
    expect(sent).toEqual([{ environment: "prod" }, { service: "checkout" }]);
    fireEvent.blur(screen.getByTestId("label-team"));
    expect(calls.filter((c) => c.cmd === "decide")).toHaveLength(2);

    // Labels come back with the decision on the next visit of the template.
    key("j");
    await waitFor(() => expect(screen.getByTestId("detail-template").dataset.templateId).toBe(ORDER));
    expect((screen.getByTestId("label-environment") as HTMLInputElement).value).toBe("");
    key("k");
    await waitFor(() =>
      expect((screen.getByTestId("label-environment") as HTMLInputElement).value).toBe("prod"),
    );
    // Clearing a label sends an empty value, which removes it.
    fireEvent.change(screen.getByTestId("label-environment"), { target: { value: "" } });
    fireEvent.blur(screen.getByTestId("label-environment"));
    await waitFor(() => expect(session.decisions.get(HEALTH)?.labels).toEqual({ service: "checkout" }));
  });
});
