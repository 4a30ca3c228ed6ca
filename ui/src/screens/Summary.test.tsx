import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { handlers, reset } from "../test/tauri";
import { writeText } from "../test/clipboard";
import { open } from "../test/dialog";
import { summaryView } from "../test/fixtures";
import { Summary } from "./Summary";

describe("Summary", () => {
  beforeEach(() => {
    reset();
    writeText.mockReset();
    handlers.set("meeting_summary", () => summaryView);
  });

  it("shows decisions, the noise share, savings per team and open questions", async () => {
    render(<Summary />);
    const outcome = await screen.findByTestId("summary-outcome");
    expect(outcome.textContent).toContain("2 / 3");
    expect(outcome.textContent).toContain("1 noise · 1 keep · 0 signal · 1 open · 1 carried over");
    expect(outcome.textContent).toContain("60%");
    expect(outcome.textContent).toContain("$0.30");
    // Under the saving, how it is priced.
    expect(screen.getByTestId("summary-priced").textContent).toBe(
      "priced: 1 group Standard at $0.50/GB, 1 group Infrequent Access at $0.25/GB, month = 730 h",
    );
    expect(screen.getByText("Review session: weekly")).toBeTruthy();
    expect(screen.getByText(/reviewers: ana, bo/)).toBeTruthy();
    const decisions = screen.getAllByTestId("summary-decision");
    expect(decisions.map((d) => d.dataset.templateId)).toEqual(["00000000000000a1", "00000000000000b2"]);
    expect(decisions[0].textContent).toContain("noise");
    expect(decisions[0].textContent).toContain("load balancer checks");
    // What breaks if the noise is dropped, next to the note; nothing for the kept template.
    expect(decisions[0].querySelector("[data-testid=summary-read-by]")?.textContent).toBe(
      " · read by: feeds metric Web/Health, alarm web-down",
    );
    expect(decisions[1].querySelector("[data-testid=summary-read-by]")).toBeNull();
    expect(decisions[1].querySelector("[title]")?.getAttribute("title")).toBe("carried over from february");
    expect(screen.getByTestId("saving-by-owner").textContent).toContain("platform");
    // A JSON template reads from its message; the full text is its tooltip.
    const open = screen.getAllByTestId("summary-open")[0];
    expect(open.textContent).toMatch(/^Payment declined: /);
    expect(open.querySelector(".summary-template")?.getAttribute("title")).toContain('{"level":"warn"');
  });

  it("checks last meeting's rules on a chosen workspace and copies them with the notes", async () => {
    open.mockResolvedValueOnce("/tmp/last-week" as never);
    handlers.set("last_meeting_rules", (a) => {
      expect(a.previousWorkspace).toBe("/tmp/last-week");
      return {
        previous: "last week",
        priced: true,
        realised_usd: 120,
        projected_usd: 200,
        owners: [{ owner: "platform", projected_usd: 200, realised_usd: 120 }],
        rules: [
          {
            rule_id: "00000000000000a1",
            template: "GET /health <*>",
            owner: "platform",
            then_usd: 200,
            now_usd: 80,
            expected_drop: 1,
            observed_drop: 0.6,
            leaks: ["/ecs/batch (40 lines)"],
          },
        ],
        shrunk: [{ verdict: "keep", text: "Order <*> persisted", then_lines: 80, now_lines: 10 }],
        markdown: "## Last meeting's rules\n",
      };
    });
    render(<Summary />);
    fireEvent.click(await screen.findByTestId("check-last-meeting"));
    const outcome = await screen.findByTestId("last-meeting-outcome");
    expect(outcome.textContent).toContain("$120/month realised of $200 projected");
    expect(outcome.textContent).toContain("1 of 1 rules still match lines here");
    expect(screen.getByTestId("last-meeting-rules").textContent).toContain("/ecs/batch (40 lines)");
    expect(screen.getByTestId("last-meeting-shrunk").textContent).toContain("80 lines then, 10 now");
    fireEvent.click(screen.getByTestId("copy-markdown"));
    await waitFor(() =>
      expect(writeText).toHaveBeenCalledWith("# Review session: weekly\n\n## Last meeting's rules\n"),
    );
  });

  it("says why an earlier workspace could not be checked", async () => {
    open.mockResolvedValueOnce("/tmp/empty" as never);
    handlers.set("last_meeting_rules", () => {
      throw { code: "invalid_argument", message: "/tmp/empty holds no review session: choose the workspace of the earlier meeting" };
    });
    render(<Summary />);
    fireEvent.click(await screen.findByTestId("check-last-meeting"));
    expect((await screen.findByTestId("last-meeting-error")).textContent).toContain("holds no review session");
  });

  it("copies the engine's Markdown", async () => {
    render(<Summary />);
    fireEvent.click(await screen.findByTestId("copy-markdown"));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("# Review session: weekly\n"));
    expect(screen.getByTestId("summary-message").textContent).toContain("Markdown");
  });

  it("says when there is nothing decided, and shows backend errors", async () => {
    handlers.set("meeting_summary", () => ({
      ...summaryView,
      decided: 0,
      noise: 0,
      keep: 0,
      carried_over: 0,
      decisions: [],
      saving_by_owner: [],
    }));
    const { unmount } = render(<Summary />);
    expect(await screen.findByText(/None yet: decide templates/)).toBeTruthy();
    expect(screen.queryByTestId("saving-by-owner")).toBeNull();
    unmount();
    handlers.set("meeting_summary", () => {
      throw { code: "no_workspace", message: "no workspace is open: open or create one on the Start screen" };
    });
    render(<Summary />);
    expect((await screen.findByRole("alert")).textContent).toContain("no workspace is open");
  });
});
