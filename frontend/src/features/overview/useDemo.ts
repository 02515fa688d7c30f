import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useSyncExternalStore } from "react";

import { api, errorMessage } from "../../api/client";
import type { Schemas } from "../../api/types";
import {
  asProgress,
  currentStep,
  datasetBody,
  DEMO,
  DEMO_DATASET_KEY,
  demoReducer,
  generateBody,
  initialDemoState,
  runBody,
  scoresOf,
  STEP_IDS,
  withDefaults,
  type DemoAction,
  type DemoState,
  type StepId,
} from "./demo";

const FINISHED = new Set(["succeeded", "failed", "cancelled", "timed_out"]);
// The worker queues the evaluation just after it marks the run succeeded.
const EVALUATION_APPEARS_WITHIN_MS = 60_000;

/** A step that ended badly for a reason the API told us (not a thrown request). */
class StepFailure extends Error {}

type Context = {
  dispatch: (action: DemoAction) => void;
  signal: AbortSignal;
  pollMs: number;
  /** Each finished step changes what the overview counts. */
  refresh: () => void;
};

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

async function generate({ dispatch, signal }: Context) {
  const out = await api.post("/api/generators/{name}/generate", {
    path: { name: DEMO.generator },
    body: generateBody(),
    signal,
  });
  dispatch({
    type: "generated",
    created: out.created_count,
    duplicates: out.duplicate_count,
    seed: out.seed,
  });
}

async function buildDataset({ dispatch, signal }: Context): Promise<string> {
  // Datasets are immutable: an earlier demo's is the same selection of the same traces.
  const earlier = await api.get("/api/datasets", {
    query: { name: DEMO.datasetName, limit: 100 },
    signal,
  });
  let dataset = earlier.data.find((d) => d.dataset_key === DEMO_DATASET_KEY);
  const reused = dataset !== undefined;
  if (dataset === undefined) {
    dataset = await api.post("/api/datasets/build", {
      body: datasetBody(),
      signal,
    });
  }
  dispatch({
    type: "datasetReady",
    datasetKey: dataset.dataset_key,
    train: dataset.splits.train ?? 0,
    eval: dataset.splits.eval ?? 0,
    reused,
  });
  return dataset.dataset_key;
}

async function train(ctx: Context, datasetKey: string): Promise<string> {
  const { dispatch, signal, pollMs } = ctx;
  const run = await api.post("/api/tunix/runs", {
    body: runBody(datasetKey),
    signal,
  });
  dispatch({ type: "runQueued", runId: run.run_id });
  ctx.refresh();
  for (;;) {
    await wait(pollMs, signal);
    const now = await api.get("/api/tunix/runs/{run_id}/status", {
      path: { run_id: run.run_id },
      signal,
    });
    const progress = asProgress(now.progress);
    if (now.status === "succeeded") {
      dispatch({ type: "runSucceeded", progress });
      return run.run_id;
    }
    if (FINISHED.has(now.status)) {
      throw new StepFailure(
        `The run ${now.status.replace(/_/g, " ")}${now.error ? `: ${now.error}` : "."}`,
      );
    }
    dispatch({ type: "runUpdate", status: now.status, progress });
  }
}

/** The run's auto-evaluation, once the worker has queued it. */
async function findEvaluation(
  { signal, pollMs }: Context,
  runId: string,
): Promise<Schemas["Evaluation"]> {
  const giveUpAt = Date.now() + EVALUATION_APPEARS_WITHIN_MS;
  for (;;) {
    const found = await api.get("/api/evaluations", {
      query: { run_id: runId, limit: 1 },
      signal,
    });
    if (found.data[0]) return found.data[0];
    if (Date.now() > giveUpAt)
      throw new StepFailure(
        "The run succeeded but no evaluation of it was queued.",
      );
    await wait(pollMs, signal);
  }
}

async function evaluate(
  ctx: Context,
  runId: string,
  datasetKey: string,
  earlier: string | null,
) {
  const { dispatch, signal, pollMs } = ctx;
  let evaluation =
    earlier === null
      ? await findEvaluation(ctx, runId)
      : await api.get("/api/evaluations/{evaluation_id}", {
          path: { evaluation_id: earlier },
          signal,
        });
  if (earlier !== null && FINISHED.has(evaluation.status)) {
    // Trying again after a failed evaluation: evaluate the same model once more.
    evaluation = await api.post("/api/evaluations", {
      body: withDefaults<Schemas["EvaluationCreate"]>({
        run_id: runId,
        dataset_key: datasetKey,
        split: DEMO.split,
        judges: DEMO.judges.map((name) => ({ name })),
        force: true,
      }),
      signal,
    });
  }
  const evaluationId = evaluation.evaluation_id;
  dispatch({
    type: "evaluationQueued",
    evaluationId,
    modelName: evaluation.model_name,
  });
  for (;;) {
    if (evaluation.status === "succeeded") {
      dispatch({ type: "evaluated", scores: scoresOf(evaluation) });
      return;
    }
    if (FINISHED.has(evaluation.status)) {
      throw new StepFailure(
        `The evaluation ${evaluation.status.replace(/_/g, " ")}${
          evaluation.error ? `: ${evaluation.error}` : "."
        }`,
      );
    }
    dispatch({
      type: "evaluationUpdate",
      status: evaluation.status,
      progress: asProgress(evaluation.progress),
    });
    await wait(pollMs, signal);
    evaluation = await api.get("/api/evaluations/{evaluation_id}", {
      path: { evaluation_id: evaluationId },
      signal,
    });
  }
}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`the demo lost its ${what}`);
  return value;
}

/** Run the demo from the first step of `from` that is not done. */
async function runDemo(ctx: Context, from: DemoState) {
  const first = currentStep(from);
  if (first === null) return;
  let datasetKey = from.datasetKey;
  let runId = from.runId;
  let step: StepId = first;
  try {
    for (step of STEP_IDS.slice(STEP_IDS.indexOf(first))) {
      switch (step) {
        case "generate":
          await generate(ctx);
          break;
        case "dataset":
          datasetKey = await buildDataset(ctx);
          break;
        case "train":
          runId = await train(ctx, required(datasetKey, "dataset"));
          break;
        case "evaluate":
          await evaluate(
            ctx,
            required(runId, "run"),
            required(datasetKey, "dataset"),
            // Only a retried evaluate step (same run) has an earlier evaluation.
            runId === from.runId ? from.evaluationId : null,
          );
          break;
      }
      ctx.refresh();
    }
  } catch (error) {
    if (ctx.signal.aborted) return;
    ctx.dispatch({ type: "failed", step, message: errorMessage(error) });
    ctx.refresh();
  }
}

/** The demo's state outside React, so it lives on while the user visits other pages. */
export type DemoStore = {
  getState: () => DemoState;
  subscribe: (listener: () => void) => () => void;
  /** Start (or try again): stops following any earlier demo's jobs first. */
  launch: (
    action: { type: "start" } | { type: "retry" },
    options: { pollMs: number; refresh: () => void },
  ) => void;
};

export function createDemoStore(): DemoStore {
  let state = initialDemoState;
  let controller: AbortController | null = null;
  const listeners = new Set<() => void>();
  const dispatch = (action: DemoAction) => {
    state = demoReducer(state, action);
    listeners.forEach((listener) => listener());
  };
  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    launch: (action, { pollMs, refresh }) => {
      const from = action.type === "start" ? initialDemoState : state;
      controller?.abort();
      controller = new AbortController();
      dispatch(action);
      void runDemo(
        { dispatch, signal: controller.signal, pollMs, refresh },
        from,
      );
    },
  };
}

const sharedStore = createDemoStore();

type Options = {
  /** How often a queued or running job is asked about (ms). */
  pollMs?: number;
  /** For tests: a store of their own. */
  store?: DemoStore;
};

/**
 * The one-click demo: generate → dataset → train → evaluate, each step's state in a
 * reducer. "Try again" goes on from the step that failed. The demo keeps following its
 * jobs while the user looks at other pages, and shows where it is when they come back.
 */
export function useDemo({ pollMs = 1000, store = sharedStore }: Options = {}) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const queryClient = useQueryClient();

  const launch = useCallback(
    (type: "start" | "retry") =>
      store.launch(
        { type },
        {
          pollMs,
          // Each finished step changes what the overview counts.
          refresh: () =>
            void queryClient.invalidateQueries({ queryKey: ["overview"] }),
        },
      ),
    [pollMs, queryClient, store],
  );

  const start = useCallback(() => launch("start"), [launch]);
  const retry = useCallback(() => launch("retry"), [launch]);

  return { state, start, retry };
}
