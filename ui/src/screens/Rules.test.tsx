import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, handlers, reset } from "../test/tauri";
import { save } from "../test/dialog";
import { writeText } from "../test/clipboard";
import { conflict, dependentConflict, rulesView } from "../test/fixtures";
import type { ExportFormat } from "../api";
import { Rules } from "./Rules";

describe("Rules", () => {
  beforeEach(() => {
    reset();
    save.mockReset();
    writeText.mockReset();
    handlers.set("session_rules", () => rulesView);
    handlers.set("log_group_producers", () => []);
    handlers.set("session_deploy", () => ({ artefacts: [], not_deployed: [], readme: "" }));
    handlers.set("save_rules", (a) => ({
      path: a.path,
      format: a.format as ExportFormat,
      rules: 1,
      bytes: 40,
      files: a.format === "fluent-bit" ? ["/tmp/out/lognoise-sampling.lua"] : [],
      forced: a.force,
    }));
  });

  it("shows each rule's validation and the volume the set removes", async () => {
    render(<Rules />);
    const rule = await screen.findByTestId("rule");
    expect(rule.dataset.templateId).toBe("00000000000000a1");
    expect(screen.getByTestId("rule-match").textContent).toBe("matches 198/200 of its lines, misses 2");
    expect(rule.textContent).toContain("GET /health  200");
    expect(rule.textContent).toContain("/ecs/web");
    expect(screen.getByTestId("rules-totals").textContent).toContain("drop 200 of 300 sampled lines, 67% of 30.0 kB");
    expect(screen.getByTestId("rules-saving").textContent).toContain("$0.30/month");
    expect(screen.queryByTestId("rules-conflicts")).toBeNull();
  });

  it("previews the chosen format with the rules it cannot express", async () => {
    render(<Rules />);
    const preview = await screen.findByTestId("export-preview");
    expect(preview.textContent).toContain("script lognoise-sampling.lua");
    expect(screen.getByTestId("export-files").textContent).toContain("lognoise-sampling.lua beside the file");
    expect(screen.queryByTestId("not-expressible")).toBeNull();
    fireEvent.change(screen.getByTestId("export-format"), { target: { value: "subscription-filter" } });
    expect(screen.getByTestId("export-preview").textContent).toBe("[]\n");
    expect(screen.getByTestId("not-expressible").textContent).toContain("the pattern has no literal word");
    expect(screen.queryByTestId("export-files")).toBeNull();
  });

  it("says which script it saved beside a Fluent Bit configuration", async () => {
    save.mockResolvedValueOnce("/tmp/out/lognoise-filters.conf" as never);
    render(<Rules />);
    await screen.findByTestId("export-preview");
    fireEvent.click(screen.getByTestId("save-rules"));
    await waitFor(() =>
      expect(screen.getByTestId("rules-message").textContent).toContain(
        "with /tmp/out/lognoise-sampling.lua beside it",
      ),
    );
  });

  it("saves through the save dialog and the Rust command, and copies", async () => {
    save.mockResolvedValueOnce("/tmp/out/rules.json" as never);
    render(<Rules />);
    fireEvent.change(await screen.findByTestId("export-format"), { target: { value: "native" } });
    fireEvent.click(screen.getByTestId("save-rules"));
    await waitFor(() => expect(screen.getByTestId("rules-message").textContent).toContain("/tmp/out/rules.json"));
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: "rules.json" }));
    const call = calls.find((c) => c.cmd === "save_rules");
    expect(call?.args).toEqual({ format: "native", path: "/tmp/out/rules.json", force: false });

    fireEvent.click(screen.getByTestId("copy-export"));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('{"schema": "lognoise.rules/v1"}\n'));
    expect(screen.getByTestId("rules-message").textContent).toContain("Copied");
  });

  it("a cancelled dialog saves nothing", async () => {
    save.mockResolvedValueOnce(null as never);
    render(<Rules />);
    fireEvent.click(await screen.findByTestId("save-rules"));
    await waitFor(() => expect(save).toHaveBeenCalled());
    expect(calls.some((c) => c.cmd === "save_rules")).toBe(false);
  });

  it("conflicts block saving until 'export anyway' is ticked", async () => {
    const withConflict = {
      ...rulesView,
      conflicts: [conflict],
      rules: [{ ...rulesView.rules[0], conflicts: [conflict] }],
    };
    handlers.set("session_rules", () => withConflict);
    save.mockResolvedValueOnce("/tmp/out/filters.conf" as never);
    render(<Rules />);
    expect((await screen.findByTestId("rules-conflicts")).textContent).toContain("1 conflict");
    const shown = screen.getByTestId("rule-conflict");
    expect(shown.textContent).toContain("3 lines of signal template");
    expect(shown.textContent).toContain("GET /health 500");
    const button = screen.getByTestId("save-rules") as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.click(screen.getByTestId("export-anyway"));
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId("rules-message").textContent).toContain("despite the conflicts"));
    expect(calls.find((c) => c.cmd === "save_rules")?.args.force).toBe(true);
  });

  it("a rule dropping lines an alarm reads names it and blocks saving, the deploy files too, until forced", async () => {
    handlers.set("session_rules", () => ({ ...rulesView, dependent_conflicts: [dependentConflict] }));
    handlers.set("session_deploy", () => ({
      artefacts: [
        {
          file_name: "fluent-bit.conf",
          producer: "ecs-firelens",
          log_groups: ["/ecs/web"],
          where_it_goes: "the FireLens container",
          text: "[FILTER]\n",
          rules: ["r-00000000000000a1"],
          removed_lines: 1,
          removed_bytes: 10,
          removed_monthly_cost_usd: null,
          protects: [],
          also_drops: [],
          notes: [],
        },
      ],
      not_deployed: [],
      readme: "",
    }));
    save.mockResolvedValueOnce("/tmp/out/filters.conf" as never);
    render(<Rules />);
    const shown = await screen.findByTestId("rules-dependent-conflicts");
    expect(shown.textContent).toContain("feeds metric Web/Declines, alarm declines-high");
    expect(shown.textContent).toContain("declines on /ecs/web");
    expect(screen.queryByTestId("rules-conflicts")).toBeNull();
    const button = screen.getByTestId("save-rules") as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(((await screen.findByTestId("deploy-save")) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId("export-anyway"));
    expect(button.disabled).toBe(false);
    expect((screen.getByTestId("deploy-save") as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId("rules-message").textContent).toContain("despite the conflicts"));
    expect(calls.find((c) => c.cmd === "save_rules")?.args.force).toBe(true);
  });

  it("shows what the Rust side refused, and an empty session's hint", async () => {
    handlers.set("save_rules", () => {
      throw { code: "io", message: "/root/x: permission denied" };
    });
    save.mockResolvedValueOnce("/root/x" as never);
    const { unmount } = render(<Rules />);
    fireEvent.click(await screen.findByTestId("save-rules"));
    expect((await screen.findByTestId("rules-error")).textContent).toContain("permission denied");
    unmount();

    handlers.set("session_rules", () => ({ ...rulesView, rules: [], exports: [] }));
    render(<Rules />);
    expect((await screen.findByTestId("no-rules")).textContent).toContain("marks no template noise");
  });
});
