import { describe, expect, it } from "vitest";

import {
  asProgress,
  currentStep,
  datasetBody,
  DEMO,
  DEMO_DATASET_KEY,
  demoLeaderboardHref,
  demoReducer,
  generateBody,
  initialDemoState,
  runBody,
  type DemoAction,
  type DemoState,
} from "./demo";

function play(actions: DemoAction[], from = initialDemoState): DemoState {
  return actions.reduce(demoReducer, from);
}

const throughTraining: DemoAction[] = [
  { type: "start" },
  { type: "generated", created: 40, duplicates: 8, seed: 7 },
  {
    type: "datasetReady",
    datasetKey: "demo-arithmetic-v1",
    train: 30,
    eval: 10,
    reused: false,
  },
  { type: "runQueued", runId: "run-1" },
  { type: "runUpdate", status: "running", progress: { step: 20, total: 60 } },
];

describe("the demo's step reducer", () => {
  it("starts with the first step running and the others pending", () => {
    const state = play([{ type: "start" }]);
    expect(state.phase).toBe("running");
    expect(state.steps.generate.status).toBe("running");
    expect(state.steps.dataset.status).toBe("pending");
    expect(currentStep(state)).toBe("generate");
  });

  it("moves on as each step finishes, with what it did", () => {
    const state = play(throughTraining);
    expect(state.steps.generate).toMatchObject({
      status: "done",
      detail: "48 traces generated (seed 7): 40 stored, 8 were duplicates",
    });
    expect(state.steps.dataset).toMatchObject({
      status: "done",
      detail: "demo-arithmetic-v1: 30 train and 10 eval items",
    });
    expect(state.steps.train).toMatchObject({
      status: "running",
      detail: "run running: step 20 of 60",
      progress: { step: 20, total: 60 },
    });
    expect(state.runId).toBe("run-1");
    expect(state.steps.evaluate.status).toBe("pending");
  });

  it("says a queued job waits for the worker", () => {
    const state = play(throughTraining.slice(0, 4));
    expect(state.steps.train.detail).toBe("run queued, waiting for the worker");
  });

  it("ends done with the evaluation's scores", () => {
    const state = play([
      ...throughTraining,
      { type: "runSucceeded", progress: { step: 60, total: 60 } },
      {
        type: "evaluationQueued",
        evaluationId: "ev-1",
        modelName: "run:run-1",
      },
      { type: "evaluationUpdate", status: "running", progress: null },
      {
        type: "evaluated",
        scores: [
          {
            judge: "answer_correctness",
            mean: 0.25,
            passed: 3,
            failed: 9,
            unparseable: 0,
          },
        ],
      },
    ]);
    expect(state.phase).toBe("done");
    expect(currentStep(state)).toBeNull();
    expect(state.steps.train).toMatchObject({
      status: "done",
      detail: "trained 60 steps",
      progress: { step: 60, total: 60 },
    });
    expect(state.steps.evaluate.detail).toBe(
      "answer_correctness: 3 of 12 passed",
    );
    expect(state.evaluationId).toBe("ev-1");
    expect(state.modelName).toBe("run:run-1");
  });

  it("stops at a failing step with the API's message", () => {
    const state = play([
      { type: "start" },
      { type: "generated", created: 48, duplicates: 0, seed: 7 },
      {
        type: "failed",
        step: "dataset",
        message: "no trace matches the filters; nothing was built",
      },
    ]);
    expect(state.phase).toBe("failed");
    expect(state.steps.dataset).toMatchObject({
      status: "failed",
      error: "no trace matches the filters; nothing was built",
    });
    expect(state.steps.generate.status).toBe("done");
    expect(state.steps.train.status).toBe("pending");
  });

  it("tries again from the failed step, keeping the steps already done", () => {
    const failed = play([
      ...throughTraining,
      { type: "failed", step: "train", message: "The run failed: boom" },
    ]);
    const retried = demoReducer(failed, { type: "retry" });
    expect(retried.phase).toBe("running");
    expect(retried.steps.generate.status).toBe("done");
    expect(retried.steps.dataset.status).toBe("done");
    expect(retried.steps.train).toMatchObject({
      status: "running",
      error: null,
      progress: null,
    });
    expect(retried.datasetKey).toBe("demo-arithmetic-v1");
  });

  it("starts over from nothing when run again", () => {
    const done = play(throughTraining);
    const again = demoReducer(done, { type: "start" });
    expect(again.runId).toBeNull();
    expect(again.steps.dataset.status).toBe("pending");
  });

  it("mentions a dataset reused from an earlier demo", () => {
    const state = play([
      { type: "start" },
      { type: "generated", created: 0, duplicates: 48, seed: 7 },
      {
        type: "datasetReady",
        datasetKey: "demo-arithmetic-v1",
        train: 30,
        eval: 10,
        reused: true,
      },
    ]);
    expect(state.steps.dataset.detail).toContain("reused");
  });
});

describe("the demo's requests", () => {
  it("generates a fixed, seeded set of one-digit additions", () => {
    expect(generateBody()).toEqual({
      count: DEMO.count,
      seed: DEMO.seed,
      params: { digits: 1, operations: ["add"] },
      persist: true,
    });
  });

  it("builds its dataset from exactly what the generator tagged", () => {
    const body = datasetBody();
    expect(`${body.dataset_name}-${body.dataset_version}`).toBe(
      DEMO_DATASET_KEY,
    );
    expect(body.filters).toEqual({
      generator: "arithmetic",
      seed: DEMO.seed,
      digits: 1,
      operation: "add",
    });
    expect(body.eval_fraction).toBeGreaterThan(0);
  });

  it("trains tiny briefly and asks for an evaluation when it succeeds", () => {
    const body = runBody("demo-arithmetic-v1");
    expect(body.dataset_key).toBe("demo-arithmetic-v1");
    expect(body.config).toMatchObject({ model: "tiny", max_steps: 60 });
    expect(body.auto_evaluate?.split).toBe("eval");
    expect(body.auto_evaluate?.judges?.map((j) => j.name)).toContain(
      "answer_correctness",
    );
  });

  it("links to its leaderboard by dataset, split and judge", () => {
    expect(demoLeaderboardHref("demo-arithmetic-v1")).toBe(
      "/leaderboard?dataset_key=demo-arithmetic-v1&split=eval&judge=answer_correctness",
    );
  });

  it("reads a job's progress only when it has a step and a total", () => {
    expect(asProgress({ step: 3, total: 10, epoch: 1 })).toEqual({
      step: 3,
      total: 10,
    });
    expect(asProgress({ step: 3 })).toBeNull();
    expect(asProgress(null)).toBeNull();
  });
});
