import { describe, expect, it } from "vitest";

import {
  logTicks,
  metricSeries,
  numericParams,
  paramRange,
  paramScale,
  scatterPoints,
  type Trial,
} from "./chart";

function trial(
  key: string,
  params: Record<string, unknown>,
  final_metric: number | null,
): Trial {
  return {
    id: `id-${key}`,
    trial_key: key,
    params,
    status: final_metric === null ? "running" : "succeeded",
    run_id: null,
    evaluation_id: null,
    intermediate: [],
    final_metric,
    error: null,
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
  };
}

const trials = [
  trial("a", { learning_rate: 0.001, schedule: "cosine" }, 2.5),
  trial("b", { learning_rate: 0.01, schedule: "linear" }, null),
  trial("c", { learning_rate: 0.005, schedule: "cosine" }, 1.9),
  trial("d", { learning_rate: 0.002, schedule: "cosine" }, 2.2),
];

describe("metricSeries", () => {
  it("carries the lowest value so far for a min objective", () => {
    expect(metricSeries(trials, "min")).toEqual([
      { order: 1, trial: "a", value: 2.5, best: 2.5 },
      { order: 2, trial: "b", value: null, best: 2.5 },
      { order: 3, trial: "c", value: 1.9, best: 1.9 },
      { order: 4, trial: "d", value: 2.2, best: 1.9 },
    ]);
  });

  it("carries the highest value so far for a max objective", () => {
    expect(metricSeries(trials, "max").map((p) => p.best)).toEqual([
      2.5, 2.5, 2.5, 2.5,
    ]);
  });

  it("has no best until a trial has a metric", () => {
    expect(metricSeries([trial("x", {}, null)], "min")).toEqual([
      { order: 1, trial: "x", value: null, best: null },
    ]);
  });
});

describe("numericParams", () => {
  it("keeps params that are numbers in every trial", () => {
    expect(numericParams(trials)).toEqual(["learning_rate"]);
  });
});

describe("scatterPoints", () => {
  it("places each trial with a metric at its param value", () => {
    expect(scatterPoints(trials, "learning_rate")).toEqual([
      { x: 0.001, y: 2.5, trial: "a" },
      { x: 0.005, y: 1.9, trial: "c" },
      { x: 0.002, y: 2.2, trial: "d" },
    ]);
    expect(scatterPoints(trials, "schedule")).toEqual([]);
  });
});

describe("paramScale", () => {
  it("uses a log axis for loguniform params", () => {
    const space = {
      learning_rate: { type: "loguniform", min: 0.001, max: 0.01 },
      warmup_ratio: { type: "uniform", min: 0, max: 0.1 },
    };
    expect(paramScale(space, "learning_rate")).toBe("log");
    expect(paramScale(space, "warmup_ratio")).toBe("linear");
  });
});

describe("paramRange", () => {
  it("is the entry's bounds, or null for a choice", () => {
    const space = {
      learning_rate: { type: "loguniform", min: 0.001, max: 0.01 },
      batch_size: { type: "choice", values: [8, 16] },
    };
    expect(paramRange(space, "learning_rate")).toEqual([0.001, 0.01]);
    expect(paramRange(space, "batch_size")).toBeNull();
    expect(paramRange(space, "seed")).toBeNull();
  });
});

describe("logTicks", () => {
  it("spreads ticks evenly in log space", () => {
    expect(logTicks(0.001, 1)).toEqual([0.001, 0.01, 0.1, 1]);
    expect(logTicks(0.001, 0.01, 3)).toEqual([0.001, 0.0032, 0.01]);
  });
});
