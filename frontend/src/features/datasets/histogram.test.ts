import { describe, expect, it } from "vitest";

import { histogram, niceWidth } from "./histogram";

describe("niceWidth", () => {
  it("rounds up to 1, 2 or 5 times a power of ten", () => {
    expect([0.3, 1, 1.2, 2, 3, 7, 11, 26, 140].map(niceWidth)).toEqual([
      1, 1, 2, 2, 5, 10, 20, 50, 200,
    ]);
  });
});

describe("histogram", () => {
  it("is empty when no item has a value", () => {
    expect(histogram({ train: [], eval: [] })).toEqual([]);
  });

  it("gives one bin per value over a small range, keeping empty values", () => {
    const bins = histogram({
      train: [
        { value: 2, count: 3 },
        { value: 5, count: 1 },
      ],
      eval: [{ value: 3, count: 2 }],
    });
    expect(bins).toEqual([
      { start: 2, end: 2, label: "2", train: 3, eval: 0 },
      { start: 3, end: 3, label: "3", train: 0, eval: 2 },
      { start: 4, end: 4, label: "4", train: 0, eval: 0 },
      { start: 5, end: 5, label: "5", train: 1, eval: 0 },
    ]);
  });

  it("groups a wide range into at most maxBins aligned bins of a nice width", () => {
    const bins = histogram(
      {
        train: [
          { value: 13, count: 1 },
          { value: 19, count: 2 },
          { value: 20, count: 4 },
        ],
        eval: [{ value: 57, count: 5 }],
      },
      5,
    );
    // 13..57 is 45 values: 45 / 5 = 9 -> width 10, bins start at 10.
    expect(bins.map((b) => b.label)).toEqual([
      "10–19",
      "20–29",
      "30–39",
      "40–49",
      "50–59",
    ]);
    expect(bins.map((b) => [b.train, b.eval])).toEqual([
      [3, 0],
      [4, 0],
      [0, 0],
      [0, 0],
      [0, 5],
    ]);
  });

  it("keeps every item: bin totals equal the counts", () => {
    const train = Array.from({ length: 300 }, (_, i) => ({
      value: i * 7,
      count: (i % 4) + 1,
    }));
    const eval_ = [{ value: 2093, count: 9 }];
    const bins = histogram({ train, eval: eval_ });
    expect(bins.length).toBeLessThanOrEqual(20);
    const total = (split: "train" | "eval") =>
      bins.reduce((sum, b) => sum + b[split], 0);
    expect(total("train")).toBe(train.reduce((s, c) => s + c.count, 0));
    expect(total("eval")).toBe(9);
  });

  it("handles a single value", () => {
    expect(histogram({ train: [], eval: [{ value: 0, count: 4 }] })).toEqual([
      { start: 0, end: 0, label: "0", train: 0, eval: 4 },
    ]);
  });
});
