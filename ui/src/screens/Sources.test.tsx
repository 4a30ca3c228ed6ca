import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { AwsProfilesView, ImportSummary, LogGroupView, PullArgs, PullProgressEvent, PullSummary, WorkspaceInfo } from "../bindings";
import { calls, handlers, reset } from "../test/tauri";
import { workspace } from "../test/fixtures";
import { open } from "../test/dialog";
import { duration } from "./CloudWatchPull";
import { Sources } from "./Sources";

const profiles: AwsProfilesView = {
  profiles: [
    { name: "default", region: "eu-west-1" },
    { name: "prod", region: "us-east-2" },
    { name: "sandbox", region: null },
  ],
  selected: "default",
  env_region: null,
  regions: ["us-east-1", "us-east-2", "eu-west-1"],
};

const groups: LogGroupView[] = [
  { name: "/ecs/web", stored_bytes: 5_300_000_000, retention_days: 30 },
  { name: "/ecs/orders", stored_bytes: 120_000, retention_days: null },
  { name: "/aws/lambda/checkout", stored_bytes: null, retention_days: 7 },
];

const after: WorkspaceInfo = { ...workspace, events: 2400, templates: 9 };

function summary(complete: boolean): PullSummary {
  return {
    events: 2100,
    pull_events: 2100,
    target: 5000,
    resumed: false,
    complete,
    workspace: after,
    readers: complete
      ? {
          metric_filters: 2,
          alarms: 1,
          subscription_filters: 1,
          saved_queries: 0,
          recent_queries: 3,
          account_policies: 1,
          dashboard_widgets: 2,
        }
      : null,
    warnings: complete ? ["could not read the saved queries of /ecs/web: access denied to logs:DescribeQueryDefinitions"] : [],
  };
}

type Channel = { onmessage: (p: PullProgressEvent) => void };

/** A pull the test finishes by hand, after sending progress through the channel. */
function pendingPull() {
  let finish: (s: PullSummary) => void = () => {};
  let channel: Channel | null = null;
  handlers.set("pull_cloudwatch", (args) => {
    channel = args.onProgress as Channel;
    return new Promise<PullSummary>((resolve) => (finish = resolve));
  });
  return {
    send: (p: PullProgressEvent) => act(() => channel?.onmessage(p)),
    finish: (s: PullSummary) => act(async () => finish(s)),
  };
}

async function listAndPick(names: string[]) {
  fireEvent.click(screen.getByTestId("load-groups"));
  await screen.findAllByTestId("log-group");
  for (const n of names) fireEvent.click(screen.getByText(n));
}

describe("Sources: CloudWatch", () => {
  beforeEach(() => {
    reset();
    handlers.set("aws_profiles", () => profiles);
    handlers.set("log_groups", () => groups);
  });

  it("preselects the profile the AWS CLI would use and its region, and a picked profile's region", async () => {
    render(<Sources workspace={workspace} onImported={() => {}} />);
    const profile = screen.getByTestId("aws-profile") as HTMLSelectElement;
    const region = screen.getByTestId("aws-region") as HTMLSelectElement;
    await waitFor(() => expect(profile.value).toBe("default"));
    expect(region.value).toBe("eu-west-1");
    fireEvent.change(profile, { target: { value: "prod" } });
    expect(region.value).toBe("us-east-2");
    // The local import is still on the same screen.
    expect(screen.getByTestId("dropzone")).toBeTruthy();
  });

  it("lists log groups with size and retention for the picked profile, and searches them", async () => {
    render(<Sources workspace={workspace} onImported={() => {}} />);
    await waitFor(() => expect((screen.getByTestId("aws-profile") as HTMLSelectElement).value).toBe("default"));
    fireEvent.change(screen.getByTestId("aws-profile"), { target: { value: "prod" } });
    fireEvent.click(screen.getByTestId("load-groups"));
    const rows = await screen.findAllByTestId("log-group");
    expect(rows.map((r) => r.textContent?.trim())).toEqual([
      "/ecs/web 5.3 GB · kept 30 days",
      "/ecs/orders 120 kB · kept forever",
      "/aws/lambda/checkout size unknown · kept 7 days",
    ]);
    expect(calls.find((c) => c.cmd === "log_groups")?.args.target).toEqual({ profile: "prod", region: "us-east-2" });
    fireEvent.change(screen.getByTestId("group-search"), { target: { value: "ECS/" } });
    expect(screen.getAllByTestId("log-group").map((r) => r.querySelector(".group-name")?.textContent)).toEqual([
      "/ecs/web",
      "/ecs/orders",
    ]);
  });

  it("pulls with live progress and ETA, then hands the workspace over and offers Review", async () => {
    const pulled: WorkspaceInfo[] = [];
    let reviewed = false;
    render(<Sources workspace={workspace} onImported={(ws) => pulled.push(ws)} onReview={() => (reviewed = true)} />);
    await waitFor(() => expect((screen.getByTestId("aws-region") as HTMLSelectElement).value).toBe("eu-west-1"));
    await listAndPick(["/ecs/web", "/ecs/orders"]);
    fireEvent.change(screen.getByTestId("pull-window"), { target: { value: "7d" } });
    fireEvent.change(screen.getByTestId("pull-sample"), { target: { value: "5000" } });
    fireEvent.change(screen.getByTestId("pull-filter"), { target: { value: ' "payment declined" ' } });
    const pull = pendingPull();
    fireEvent.click(screen.getByTestId("pull"));

    const args = calls.find((c) => c.cmd === "pull_cloudwatch")?.args.args as PullArgs;
    expect(args).toEqual({
      target: { profile: "default", region: "eu-west-1" },
      groups: ["/ecs/web", "/ecs/orders"],
      window: { kind: "last", minutes: 7 * 24 * 60 },
      sample: 5000,
      filter: '"payment declined"',
    });
    pull.send({
      event: "pulling",
      data: { events: 1200, target: 5000, bytes: 180_000, throttled: 2, elapsed_ms: 3000, eta_ms: 65_000 },
    });
    const bar = screen.getByTestId("pull-progress");
    expect(bar.textContent).toBe("1,200 of 5,000 events · 180 kB · about 1m 05s left · 2 throttled, slowing down");
    expect((bar.querySelector(".progress-bar") as HTMLElement).style.width).toBe("24%");
    expect((screen.getByTestId("pull") as HTMLButtonElement).disabled).toBe(true);

    await pull.finish(summary(true));
    expect(screen.queryByTestId("pull-progress")).toBeNull();
    expect(screen.getByTestId("pull-message").textContent).toContain(
      "Pulled 2,100 events. The workspace now has 2,400 events in 9 templates.",
    );
    expect(screen.getByTestId("pull-readers").textContent?.replace(/\s+/g, " ")).toBe(
      "Read by 2 metric filters (1 alarm), 1 subscription filter, 1 account subscription policy, 0 saved queries, " +
        "2 dashboard widgets and 3 other queries run recently. " +
        "Rules that would drop lines these read are refused.",
    );
    expect(screen.getByTestId("pull-warnings").textContent).toContain("logs:DescribeQueryDefinitions");
    expect(pulled).toEqual([after]);
    fireEvent.click(screen.getByTestId("open-review"));
    expect(reviewed).toBe(true);
  });

  it("cancels a pull and says the events pulled stay", async () => {
    handlers.set("cancel_pull", () => true);
    render(<Sources workspace={workspace} onImported={() => {}} />);
    await waitFor(() => expect((screen.getByTestId("aws-profile") as HTMLSelectElement).value).toBe("default"));
    await listAndPick(["/ecs/web"]);
    const pull = pendingPull();
    fireEvent.click(screen.getByTestId("pull"));
    fireEvent.click(await screen.findByTestId("cancel-pull"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "cancel_pull")).toBe(true));
    expect(screen.getByTestId("cancel-pull").textContent).toBe("Stopping…");
    await pull.finish({ ...summary(false), events: 700, pull_events: 700 });
    expect(screen.getByTestId("pull-message").textContent).toContain(
      "Stopped after 700 events, which are kept; pull again with the same settings to resume.",
    );
    expect(screen.queryByTestId("cancel-pull")).toBeNull();
    // A stopped pull has not read what reads the groups yet: nothing is claimed.
    expect(screen.queryByTestId("pull-readers")).toBeNull();
  });

  it("sends a custom window as a range and refuses one that ends before it starts", async () => {
    handlers.set("pull_cloudwatch", () => summary(true));
    render(<Sources workspace={workspace} onImported={() => {}} />);
    await waitFor(() => expect((screen.getByTestId("aws-profile") as HTMLSelectElement).value).toBe("default"));
    await listAndPick(["/ecs/web"]);
    fireEvent.change(screen.getByTestId("pull-window"), { target: { value: "custom" } });
    fireEvent.change(screen.getByTestId("pull-start"), { target: { value: "2026-03-02T12:00" } });
    fireEvent.change(screen.getByTestId("pull-end"), { target: { value: "2026-03-02T10:00" } });
    fireEvent.click(screen.getByTestId("pull"));
    expect(screen.getByTestId("pull-error").textContent).toContain("ends before it starts");
    expect(calls.some((c) => c.cmd === "pull_cloudwatch")).toBe(false);
    fireEvent.change(screen.getByTestId("pull-end"), { target: { value: "2026-03-02T14:00" } });
    fireEvent.click(screen.getByTestId("pull"));
    await screen.findByTestId("pull-message");
    const args = calls.find((c) => c.cmd === "pull_cloudwatch")?.args.args as PullArgs;
    expect(args.window).toEqual({
      kind: "range",
      start_ms: new Date("2026-03-02T12:00").getTime(),
      end_ms: new Date("2026-03-02T14:00").getTime(),
    });
  });

  it("shows the backend's errors where the user acts on them, with their code", async () => {
    handlers.set("log_groups", () => {
      throw { code: "aws_credentials", message: "AWS refused the credentials as expired or invalid (ExpiredTokenException): refresh them" };
    });
    render(<Sources workspace={workspace} onImported={() => {}} />);
    await waitFor(() => expect((screen.getByTestId("aws-profile") as HTMLSelectElement).value).toBe("default"));
    fireEvent.click(screen.getByTestId("load-groups"));
    const groupsError = await screen.findByTestId("groups-error");
    expect(groupsError.dataset.code).toBe("aws_credentials");
    expect(groupsError.textContent).toContain("expired or invalid");

    handlers.set("log_groups", () => groups);
    await listAndPick(["/ecs/web"]);
    expect(screen.queryByTestId("groups-error")).toBeNull();
    handlers.set("pull_cloudwatch", () => {
      throw { code: "missing_log_group", message: "log group `/ecs/web` does not exist in region eu-west-1: pick one from the list" };
    });
    fireEvent.click(screen.getByTestId("pull"));
    const pullError = await screen.findByTestId("pull-error");
    expect(pullError.dataset.code).toBe("missing_log_group");
    expect(screen.queryByTestId("pull-progress")).toBeNull();
  });

  it("says when the AWS config files cannot be read", async () => {
    handlers.set("aws_profiles", () => {
      throw { code: "invalid_argument", message: "the AWS config files cannot be read (bad line 3): fix them" };
    });
    render(<Sources workspace={workspace} onImported={() => {}} />);
    expect((await screen.findByTestId("cloudwatch-setup-error")).textContent).toContain("cannot be read");
  });

  it("formats time left", () => {
    expect(duration(45_200)).toBe("45s");
    expect(duration(65_000)).toBe("1m 05s");
    expect(duration(2 * 3_600_000 + 5 * 60_000)).toBe("2h 05m");
  });
});

describe("Sources: local files", () => {
  beforeEach(() => reset());

  it("says which picked file does not look like text, next to what was imported", async () => {
    open.mockResolvedValueOnce(["/home/me/photo.jpg"] as never);
    const imported: ImportSummary = {
      events: 870,
      templates: 861,
      problems: [],
      not_text: ["/home/me/photo.jpg: does not look like text: 860 of 870 lines (98.9%) hold bytes that text does not"],
      workspace: after,
    };
    handlers.set("import_files", () => imported);
    render(<Sources workspace={workspace} onImported={() => {}} />);
    fireEvent.click(screen.getByTestId("pick-files"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "import_files")).toBe(true));
    const message = await screen.findByText(/Imported 870 events/);
    expect(message.textContent).toContain("/home/me/photo.jpg: does not look like text: 860 of 870 lines");
  });

  it("says nothing of text when every file is text", async () => {
    open.mockResolvedValueOnce(["/home/me/app.log"] as never);
    handlers.set("import_files", () => ({ events: 10, templates: 2, problems: [], not_text: [], workspace: after }));
    render(<Sources workspace={workspace} onImported={() => {}} />);
    fireEvent.click(screen.getByTestId("pick-files"));
    const message = await screen.findByText(/Imported 10 events/);
    expect(message.textContent).not.toContain("does not look like text");
  });
});
