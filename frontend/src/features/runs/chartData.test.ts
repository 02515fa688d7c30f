import { describe, expect, it } from "vitest";

import {
  chartRows,
  formatTick,
  latest,
  mergeMetrics,
  pointCount,
  thinRows,
  type ChartRow,
} from "./chartData";

describe("mergeMetrics", () => {
  it("joins history and live points into one sorted series per metric, once per step", () => {
    const merged = mergeMetrics(
      {
        loss: [
          { step: 1, value: 3 },
          { step: 2, value: 2.5 },
        ],
        eval_loss: [{ step: 0, value: 3.2 }],
      },
      [
        { name: "loss", step: 2, value: 2.5 },
        { name: "loss", step: 3, value: 2.1 },
        { name: "learning_rate", step: 3, value: 0.001 },
      ],
    );
    expect(merged).toEqual({
      loss: [
        { step: 1, value: 3 },
        { step: 2, value: 2.5 },
        { step: 3, value: 2.1 },
      ],
      eval_loss: [{ step: 0, value: 3.2 }],
      learning_rate: [{ step: 3, value: 0.001 }],
    });
  });

  it("keeps the streamed value when a step is in both", () => {
    const merged = mergeMetrics({ loss: [{ step: 4, value: 9 }] }, [
      { name: "loss", step: 4, value: 1 },
    ]);
    expect(merged.loss).toEqual([{ step: 4, value: 1 }]);
  });

  it("works before the history has loaded", () => {
    expect(
      mergeMetrics(undefined, [{ name: "loss", step: 1, value: 2 }]),
    ).toEqual({ loss: [{ step: 1, value: 2 }] });
  });
});

describe("chartRows", () => {
  it("makes one row per step with a column for each metric present there", () => {
    const rows = chartRows(
      {
        loss: [
          { step: 1, value: 3 },
          { step: 2, value: 2 },
        ],
        eval_loss: [
          { step: 0, value: 3.5 },
          { step: 2, value: 2.2 },
        ],
        learning_rate: [{ step: 1, value: 0.1 }],
      },
      ["loss", "eval_loss"],
    );
    expect(rows).toEqual([
      { step: 0, eval_loss: 3.5 },
      { step: 1, loss: 3 },
      { step: 2, loss: 2, eval_loss: 2.2 },
    ]);
  });
});

describe("thinRows", () => {
  const rows: ChartRow[] = Array.from({ length: 10 }, (_, step) => ({
    step,
    loss: step,
  }));

  it("leaves short series alone", () => {
    expect(thinRows(rows, 20)).toHaveLength(10);
  });

  it("keeps every n-th row plus the last one", () => {
    expect(thinRows(rows, 5).map((r) => r.step)).toEqual([0, 2, 4, 6, 8, 9]);
  });

  it("never drops a row that carries a sparse metric", () => {
    const withEval = rows.map((row) =>
      row.step === 5 ? { ...row, eval_loss: 1 } : row,
    );
    expect(thinRows(withEval, 5, ["eval_loss"]).map((r) => r.step)).toContain(
      5,
    );
  });
});

describe("pointCount and latest", () => {
  const series = {
    loss: [
      { step: 1, value: 3 },
      { step: 2, value: 2 },
    ],
    eval_loss: [{ step: 2, value: 2.4 }],
  };

  it("counts the points of a chart's metrics", () => {
    expect(pointCount(series, ["loss", "eval_loss"])).toBe(3);
    expect(pointCount(series, ["tokens_per_s"])).toBe(0);
  });

  it("finds the newest value of a metric", () => {
    expect(latest(series, "loss")).toEqual({ step: 2, value: 2 });
    expect(latest(series, "grad_norm")).toBeNull();
  });
});

describe("formatTick", () => {
  it("tells close ticks apart and writes tiny ones as exponents", () => {
    expect(formatTick(0.0015)).toBe("0.0015");
    expect(formatTick(0.0025)).toBe("0.0025");
    expect(formatTick(0.0008)).toBe("8.0e-4");
    expect(formatTick(1250)).toBe("1,250");
    expect(formatTick(0)).toBe("0");
  });
});
