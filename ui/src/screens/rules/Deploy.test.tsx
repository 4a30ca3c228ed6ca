import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { calls, handlers, reset } from "../../test/tauri";
import { writeText } from "../../test/clipboard";
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
});
