import { describe, expect, it } from "vitest";

import {
  axisName,
  errorBarData,
  intervalsOverlap,
  type LeaderboardRow,
} from "./chartData";

function row(overrides: Partial<LeaderboardRow>): LeaderboardRow {
  return {
    rank: 1,
    model_name: "arith@3",
    model_ref: "registry://arith@3",
    evaluation_id: "ev1",
    run_id: null,
    model_version_id: "v3",
    mean: 0.8,
    ci_low: 0.7,
    ci_high: 0.85,
    n: 100,
    passed: 80,
    failed: 20,
    unparseable: 0,
    judge: { name: "answer_correctness", version: "1.0.0" },
    tags: [],
    created_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

describe("errorBarData", () => {
  it("turns the CI into distances below and above the mean", () => {
    const [point] = errorBarData([row({})]);
    expect(point?.mean).toBe(0.8);
    expect(point?.error[0]).toBeCloseTo(0.1);
    expect(point?.error[1]).toBeCloseTo(0.05);
  });

  it("labels points with rank and model, in the rows' order", () => {
    const points = errorBarData([
      row({ rank: 1, model_name: "a" }),
      row({ rank: 2, model_name: "b", evaluation_id: "ev2" }),
    ]);
    expect(points.map((p) => p.label)).toEqual(["#1 a", "#2 b"]);
    expect(points[1]?.evaluationId).toBe("ev2");
  });

  it("draws no whiskers for a row without an interval", () => {
    const [point] = errorBarData([row({ ci_low: null, ci_high: null })]);
    expect(point?.error).toEqual([0, 0]);
  });

  it("never gives a negative distance when rounding puts an end past the mean", () => {
    const [point] = errorBarData([
      row({ mean: 1, ci_low: 1.0000001, ci_high: 1 }),
    ]);
    expect(point?.error).toEqual([0, 0]);
  });

  it("gives a one-item interval [v, v] zero-length whiskers", () => {
    const [point] = errorBarData([
      row({ mean: 0.5, ci_low: 0.5, ci_high: 0.5 }),
    ]);
    expect(point?.error).toEqual([0, 0]);
  });
});

describe("intervalsOverlap", () => {
  it("tells overlapping intervals from separate ones", () => {
    const [a, b, c] = errorBarData([
      row({ mean: 0.8, ci_low: 0.7, ci_high: 0.9 }),
      row({ mean: 0.65, ci_low: 0.55, ci_high: 0.72 }),
      row({ mean: 0.3, ci_low: 0.2, ci_high: 0.4 }),
    ]);
    expect(intervalsOverlap(a!, b!)).toBe(true);
    expect(intervalsOverlap(a!, c!)).toBe(false);
  });
});

describe("axisName", () => {
  it("cuts a run's uuid to its short id and keeps registry names", () => {
    expect(axisName("run:edec0c31-fb15-413a-bce9-59167a2d1ee7")).toBe(
      "run:edec0c31",
    );
    expect(axisName("arith@3")).toBe("arith@3");
    expect(axisName("x".repeat(40))).toBe(`${"x".repeat(27)}…`);
  });
});
