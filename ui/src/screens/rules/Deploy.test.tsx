import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, handlers, reset } from "../../test/tauri";
import { writeText } from "../../test/clipboard";
import { open } from "../../test/dialog";
import type { DeployView, ProducerView } from "../../api";
import { Deploy } from "./Deploy";

const guessed: ProducerView[] = [
  { log_group: "/ecs/shop", kind: "ecs-firelens", evidence: ["2 of 2 stream name(s) look like FireLens"], set_by_hand: false },
  { log_group: "/ecs/legacy", kind: "ecs-awslogs", evidence: ["1 of 1 stream name(s) look like awslogs"], set_by_hand: false },
];

const deployView: DeployView = {
  artefacts: [
    {
      file_name: "fluent-bit-ecs-firelens-ecs-shop.conf",
      producer: "ecs-firelens",
      log_groups: ["/ecs/shop"],
      where_it_goes: "the task definition's FireLens container",
      text: "[FILTER]\n    Name     grep\n    Match    web-firelens-*\n",
      rules: ["00000000000000a1"],
      removed_lines: 12,
      removed_bytes: 446,
      removed_monthly_cost_usd: 0.3,
      protects: ["payment <*> captured"],
      also_drops: [],
      notes: [],
    },
  ],
  not_deployed: [
    {
      rule_id: "00000000000000a1",
      template: "health check ok from <*>",
      owner: "platform",
      log_group: "/ecs/legacy",
      producer: "ecs-awslogs",
      lines: 12,
      reason: "the awslogs log driver sends every line and has no filter",
    },
  ],
  readme: "# Deploying the suppression rules\n",
};

describe("Deploy", () => {
  beforeEach(() => {
    reset();
    writeText.mockReset();
    open.mockReset();
    handlers.set("log_group_producers", () => guessed);
    handlers.set("session_deploy", () => deployView);
    handlers.set("set_log_group_producer", (a) =>
      guessed.map((p) => (p.log_group === a.logGroup ? { ...p, kind: a.kind ?? p.kind, set_by_hand: a.kind !== null } : p)),
    );
  });

  it("groups the files by producer and lists the rules no file carries", async () => {
    render(<Deploy />);
    const group = await screen.findByTestId("deploy-producer");
    expect(group.dataset.producer).toBe("ecs-firelens");
    expect(screen.getByTestId("deploy-artefact").textContent).toContain("drops 12 sampled lines");
    expect(screen.getByTestId("deploy-text").textContent).toContain("Match    web-firelens-*");
    expect(screen.getByTestId("deploy-protects").textContent).toContain("payment <*> captured");
    expect(screen.getByTestId("not-deployed").textContent).toContain("awslogs log driver");
    fireEvent.click(screen.getByTestId("deploy-copy"));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(deployView.artefacts[0].text));
  });

  it("sets a producer by hand and reloads the files", async () => {
    render(<Deploy />);
    const selects = await screen.findAllByTestId("producer-kind");
    fireEvent.change(selects[1], { target: { value: "ecs-firelens" } });
    await waitFor(() => expect(screen.getByTestId("producer-reset")).toBeTruthy());
    expect(calls.find((c) => c.cmd === "set_log_group_producer")?.args).toEqual({ logGroup: "/ecs/legacy", kind: "ecs-firelens" });
    expect(calls.filter((c) => c.cmd === "session_deploy").length).toBe(2);
    fireEvent.click(screen.getByTestId("producer-reset"));
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "set_log_group_producer").at(-1)?.args).toEqual({ logGroup: "/ecs/legacy", kind: null }),
    );
  });

  it("saves every file to the folder chosen in the folder picker", async () => {
    open.mockResolvedValueOnce("/tmp/deploy" as never);
    handlers.set("save_deploy", (a) => ({
      dir: a.dir,
      files: ["fluent-bit-ecs-firelens-ecs-shop.conf", "DEPLOY.md"],
      removed: ["fluent-bit-ecs-firelens-ecs-shop.lua"],
      forced: false,
    }));
    render(<Deploy />);
    fireEvent.click(await screen.findByTestId("deploy-save"));
    await waitFor(() => expect(screen.getByTestId("deploy-message").textContent).toContain("Saved 2 files to /tmp/deploy"));
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ directory: true }));
    expect(calls.find((c) => c.cmd === "save_deploy")?.args).toEqual({ dir: "/tmp/deploy", agentConfig: null, force: false });
    const message = screen.getByTestId("deploy-message").textContent;
    expect(message).toContain("fluent-bit-ecs-firelens-ecs-shop.conf, DEPLOY.md");
    expect(message).toContain("removed fluent-bit-ecs-firelens-ecs-shop.lua");
  });

  it("a cancelled folder picker saves nothing, and a refusal is shown", async () => {
    open.mockResolvedValueOnce(null as never);
    handlers.set("save_deploy", () => {
      throw { code: "invalid", message: "/tmp/d already holds DEPLOY.md, which lognoise did not write: choose an empty folder" };
    });
    render(<Deploy />);
    fireEvent.click(await screen.findByTestId("deploy-save"));
    await waitFor(() => expect(open).toHaveBeenCalled());
    expect(calls.some((c) => c.cmd === "save_deploy")).toBe(false);
    open.mockResolvedValueOnce("/tmp/d" as never);
    fireEvent.click(screen.getByTestId("deploy-save"));
    await waitFor(() => expect(screen.getByTestId("deploy-action-error").textContent).toContain("lognoise did not write"));
    // The panel stays: the refusal is about the folder, not the files.
    expect(screen.getByTestId("deploy-artefact")).toBeTruthy();
  });

  it("is blocked while a rule conflicts, and passes export anyway on", async () => {
    const { rerender } = render(<Deploy blocked />);
    const button = (await screen.findByTestId("deploy-save")) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    open.mockResolvedValueOnce("/tmp/deploy" as never);
    handlers.set("save_deploy", (a) => ({ dir: a.dir, files: ["DEPLOY.md"], removed: [], forced: true }));
    rerender(<Deploy force />);
    fireEvent.click(screen.getByTestId("deploy-save"));
    await waitFor(() => expect(screen.getByTestId("deploy-message").textContent).toContain("despite the conflicts"));
    expect(calls.find((c) => c.cmd === "save_deploy")?.args.force).toBe(true);
  });

  it("merges into the agent configuration chosen, and saves with it", async () => {
    const agent: DeployView = {
      ...deployView,
      artefacts: [{ ...deployView.artefacts[0], file_name: "cloudwatch-agent-filters.json", producer: "cloudwatch-agent" }],
    };
    const merged: DeployView = {
      ...agent,
      artefacts: [...agent.artefacts, { ...agent.artefacts[0], file_name: "amazon-cloudwatch-agent.json" }],
    };
    handlers.set("session_deploy", (a) => (a.agentConfig ? merged : agent));
    render(<Deploy />);
    open.mockResolvedValueOnce("/etc/agent.json" as never);
    fireEvent.click(await screen.findByTestId("deploy-agent-config"));
    await waitFor(() => expect(screen.getByTestId("deploy-agent-config-path").textContent).toContain("/etc/agent.json"));
    expect(screen.getAllByTestId("deploy-artefact").length).toBe(2);
    expect(calls.filter((c) => c.cmd === "session_deploy").at(-1)?.args).toEqual({ agentConfig: "/etc/agent.json" });
    open.mockResolvedValueOnce("/tmp/deploy" as never);
    handlers.set("save_deploy", (a) => ({ dir: a.dir, files: ["amazon-cloudwatch-agent.json", "DEPLOY.md"], removed: [], forced: false }));
    fireEvent.click(screen.getByTestId("deploy-save"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "save_deploy")?.args.agentConfig).toBe("/etc/agent.json"));
    fireEvent.click(screen.getByTestId("deploy-agent-config-forget"));
    await waitFor(() => expect(screen.getAllByTestId("deploy-artefact").length).toBe(1));
  });
});
