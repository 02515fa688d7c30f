import { describe, expect, it } from "vitest";

import { estimateEta, progressOf, recentMedian, secondsBetween } from "./eta";

describe("estimateEta", () => {
  it("takes the time per step from the elapsed time when there is nothing better", () => {
    expect(estimateEta({ step: 25, total: 100, elapsedS: 50 })).toEqual({
      fraction: 0.25,
      secondsPerStep: 2,
      remainingS: 150,
    });
  });

  it("prefers the recent time per step, which leaves out start-up and compilation", () => {
    const eta = estimateEta({
      step: 10,
      total: 60,
      elapsedS: 30,
      recentStepS: 0.5,
    });
    expect(eta.remainingS).toBe(25);
    expect(eta.secondsPerStep).toBe(0.5);
  });

  it("has no estimate before the first step", () => {
    expect(estimateEta({ step: 0, total: 60, elapsedS: 12 })).toEqual({
      fraction: 0,
      secondsPerStep: null,
      remainingS: null,
    });
  });

  it("says nothing is left once every step is done, and never goes past 100%", () => {
    const eta = estimateEta({ step: 70, total: 60, elapsedS: 30 });
    expect(eta.fraction).toBe(1);
    expect(eta.remainingS).toBe(0);
  });

  it("has no fraction or time left when the total is unknown", () => {
    const eta = estimateEta({ step: 5, total: 0, elapsedS: 10 });
    expect(eta.fraction).toBeNull();
    expect(eta.remainingS).toBeNull();
  });
});

describe("progressOf", () => {
  it("reads the worker's progress object", () => {
    expect(progressOf({ step: 3, total: 40, epoch: 0.2 })).toEqual({
      step: 3,
      total: 40,
      epoch: 0.2,
    });
  });

  it("is null without a step and a total", () => {
    expect(progressOf(null)).toBeNull();
    expect(progressOf({ step: 3 })).toBeNull();
  });
});

describe("recentMedian", () => {
  it("is the median of the last values only", () => {
    expect(recentMedian([100, 1, 3, 2], 3)).toBe(2);
    expect(recentMedian([1, 2, 3, 4])).toBe(2.5);
    expect(recentMedian([])).toBeNull();
  });
});

describe("secondsBetween", () => {
  it("measures to the end, or to now while running", () => {
    expect(secondsBetween("2025-01-01T00:00:00Z", "2025-01-01T00:01:30Z")).toBe(
      90,
    );
    expect(
      secondsBetween(
        "2025-01-01T00:00:00Z",
        null,
        Date.parse("2025-01-01T00:00:10Z"),
      ),
    ).toBe(10);
    expect(secondsBetween(null, null)).toBeNull();
  });
});
