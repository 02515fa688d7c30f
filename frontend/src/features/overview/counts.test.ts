import { describe, expect, it } from "vitest";

import { hasActiveRuns, statusLine, type Overview } from "./api";
import { tilesOf } from "./counts";

const zero = {
  queued: 0,
  running: 0,
  succeeded: 0,
  failed: 0,
  cancel_requested: 0,
  cancelled: 0,
  timed_out: 0,
};

describe("statusLine", () => {
  it("lists the statuses that have jobs, busiest first", () => {
    expect(
      statusLine({ ...zero, failed: 2, running: 1, succeeded: 4, queued: 3 }),
    ).toBe("1 running · 3 queued · 4 succeeded · 2 failed");
  });

  it("is empty when nothing has run", () => {
    expect(statusLine(zero)).toBe("");
  });
});

describe("tilesOf", () => {
  it("names each count in the singular or plural, with its page", () => {
    const tiles = tilesOf({
      traces: 1,
      datasets: 2,
      runs: { total: 1, by_status: { ...zero, running: 1 } },
      evaluations: { total: 0, by_status: zero },
      models: 1,
      model_versions: 3,
      tuning_jobs: 0,
    });
    expect(tiles.map((t) => `${t.count} ${t.label}`)).toEqual([
      "1 trace",
      "2 datasets",
      "1 training run",
      "0 evaluations",
      "1 registered model",
      "0 tuning jobs",
    ]);
    expect(tiles[2]).toMatchObject({ to: "/runs", note: "1 running" });
    expect(tiles[4]?.note).toBe("3 versions");
  });
});

describe("hasActiveRuns", () => {
  const withRun = (status: string) =>
    ({ recent_runs: [{ status }] }) as unknown as Overview;

  it("follows queued and running runs closely", () => {
    expect(hasActiveRuns(withRun("queued"))).toBe(true);
    expect(hasActiveRuns(withRun("running"))).toBe(true);
    expect(hasActiveRuns(withRun("succeeded"))).toBe(false);
    expect(hasActiveRuns(undefined)).toBe(false);
  });
});
