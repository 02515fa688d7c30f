import { describe, expect, it } from "vitest";

import { judgeColumns, readLineage } from "./lineage";

const lineage = {
  source_run: {
    id: "run-1",
    status: "succeeded",
    finished_at: "2025-01-02T09:01:00Z",
    step: 24,
    metrics: { loss: 0.93, eval_loss: 0.95, note: "not a number" },
  },
  base_model: "tiny",
  base_model_version: null,
  dataset: { key: "arith-v1", hash: "b770", id: 2 },
  config: { model: "tiny", max_steps: 24 },
  model: { family: "qwen3", parameters: 623360 },
  code_version: {
    tunix_rt: "0.1.0",
    packages: { jax: "0.10.2", flax: "0.12.8" },
  },
  evaluations: [
    {
      evaluation_id: "e-1",
      model_ref: "run:run-1",
      dataset_key: "arith-v1",
      split: "eval",
      means: { trace_format: 0.69, answer_correctness: 0 },
      finished_at: "2025-01-02T09:02:00Z",
    },
  ],
};

describe("readLineage", () => {
  it("reads the source run, data, code and evaluations of a version", () => {
    const read = readLineage(lineage);
    expect(read.sourceRun).toEqual({
      id: "run-1",
      status: "succeeded",
      finishedAt: "2025-01-02T09:01:00Z",
      step: 24,
      metrics: [
        ["eval_loss", 0.95],
        ["loss", 0.93],
      ],
    });
    expect(read.dataset).toEqual({ key: "arith-v1", hash: "b770" });
    expect(read.code.packages).toEqual([
      ["flax", "0.12.8"],
      ["jax", "0.10.2"],
    ]);
    expect(read.model).toEqual({ family: "qwen3", parameters: 623360 });
    expect(read.evaluations).toHaveLength(1);
    expect(judgeColumns(read.evaluations)).toEqual([
      "answer_correctness",
      "trace_format",
    ]);
  });

  it("names the pinned registry version a run started from", () => {
    const read = readLineage({
      ...lineage,
      base_model_version: {
        ref: "registry://arith#production",
        pinned: "registry://arith@1",
      },
    });
    expect(read.baseModelRef).toBe("registry://arith@1");
  });

  it("copes with a version whose lineage is empty", () => {
    expect(readLineage({})).toEqual({
      sourceRun: null,
      baseModel: null,
      baseModelRef: null,
      dataset: null,
      config: null,
      model: null,
      code: { tunixRt: null, packages: [] },
      evaluations: [],
    });
  });
});
