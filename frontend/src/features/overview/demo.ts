/**
 * The one-click demo as data: its settings, the request bodies it sends, and a pure
 * reducer of its four steps' states (the hook in useDemo.ts only does the I/O).
 */
import type { Schemas } from "../../api/types";
import { leaderboardHref } from "../leaderboard/links";

/**
 * Measured on a 2-core CPU with little else running: about a minute in all (~10 s to start the
 * training child, ~30 s for 60 steps of `tiny` at batch 16, ~15 s to evaluate 10 items). The
 * same on a machine loaded 8 times over took 4 minutes.
 */
export const DEMO = {
  generator: "arithmetic",
  count: 48,
  seed: 7,
  // One-digit additions: short traces, so each training step is cheap.
  params: { digits: 1, operations: ["add"] },
  datasetName: "demo-arithmetic",
  datasetVersion: "v1",
  evalFraction: 0.25,
  model: "tiny",
  maxSteps: 60,
  batchSize: 16,
  learningRate: 0.01,
  split: "eval" as const,
  // The leaderboard's judge, and one that shows what a minute of training does learn.
  judges: ["answer_correctness", "trace_format"],
} as const;

export const DEMO_DATASET_KEY = `${DEMO.datasetName}-${DEMO.datasetVersion}`;
export const LEADERBOARD_JUDGE = DEMO.judges[0];

/**
 * A request body that leaves the API's defaults to the API. The generated types mark every
 * field with a default as required (they describe responses too); keys are still checked.
 */
type Sent<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: Sent<T[K]> }
    : T;

/** `body` as the generated type, for the typed client: the API fills in what it leaves out. */
export function withDefaults<T>(body: Sent<T>): T {
  return body as T;
}

export function generateBody(): Schemas["GenerateRequest"] {
  return {
    count: DEMO.count,
    seed: DEMO.seed,
    params: { ...DEMO.params, operations: [...DEMO.params.operations] },
    persist: true,
  };
}

/** Exactly the traces the demo generated: what the generator wrote into their meta. */
export function datasetBody(): Schemas["DatasetBuildRequest"] {
  return withDefaults<Schemas["DatasetBuildRequest"]>({
    dataset_name: DEMO.datasetName,
    dataset_version: DEMO.datasetVersion,
    filters: {
      generator: DEMO.generator,
      seed: DEMO.seed,
      digits: DEMO.params.digits,
      operation: "add",
    },
    limit: DEMO.count,
    selection_strategy: "random",
    seed: DEMO.seed,
    eval_fraction: DEMO.evalFraction,
    description: "Built by the dashboard's one-click demo.",
  });
}

export function runBody(datasetKey: string): Schemas["RunCreate"] {
  return withDefaults<Schemas["RunCreate"]>({
    dataset_key: datasetKey,
    config: {
      model: DEMO.model,
      max_steps: DEMO.maxSteps,
      batch_size: DEMO.batchSize,
      learning_rate: DEMO.learningRate,
      eval_every_n_steps: DEMO.maxSteps,
      checkpoint_every_n_steps: DEMO.maxSteps,
    },
    auto_evaluate: {
      split: DEMO.split,
      judges: DEMO.judges.map((name) => ({ name })),
    },
  });
}

/** Where the demo's model ranks: its dataset's eval split, by answer correctness. */
export function demoLeaderboardHref(datasetKey: string): string {
  return leaderboardHref({
    dataset_key: datasetKey,
    split: DEMO.split,
    judge: LEADERBOARD_JUDGE,
  });
}

// --- step states --------------------------------------------------------------------

export const STEP_IDS = ["generate", "dataset", "train", "evaluate"] as const;
export type StepId = (typeof STEP_IDS)[number];
export type StepStatus = "pending" | "running" | "done" | "failed";

export const STEP_TITLES: Record<StepId, string> = {
  generate: "Generate arithmetic traces",
  dataset: "Build a dataset",
  train: "Train a tiny model",
  evaluate: "Evaluate it",
};

export type Progress = { step: number; total: number };

export type StepState = {
  status: StepStatus;
  /** What happened, or what is happening now, in a line. */
  detail: string | null;
  /** The API's message when the step failed. */
  error: string | null;
  progress: Progress | null;
};

export type Score = {
  judge: string;
  mean: number | null;
  passed: number;
  failed: number;
  unparseable: number;
};

export type DemoState = {
  phase: "idle" | "running" | "done" | "failed";
  steps: Record<StepId, StepState>;
  datasetKey: string | null;
  runId: string | null;
  evaluationId: string | null;
  modelName: string | null;
  scores: Score[];
};

export type DemoAction =
  | { type: "start" }
  | { type: "retry" }
  | { type: "generated"; created: number; duplicates: number; seed: number }
  | {
      type: "datasetReady";
      datasetKey: string;
      train: number;
      eval: number;
      reused: boolean;
    }
  | { type: "runQueued"; runId: string }
  | { type: "runUpdate"; status: string; progress: Progress | null }
  | { type: "runSucceeded"; progress: Progress | null }
  | { type: "evaluationQueued"; evaluationId: string; modelName: string }
  | { type: "evaluationUpdate"; status: string; progress: Progress | null }
  | { type: "evaluated"; scores: Score[] }
  | { type: "failed"; step: StepId; message: string };

const PENDING: StepState = {
  status: "pending",
  detail: null,
  error: null,
  progress: null,
};

export const initialDemoState: DemoState = {
  phase: "idle",
  steps: {
    generate: PENDING,
    dataset: PENDING,
    train: PENDING,
    evaluate: PENDING,
  },
  datasetKey: null,
  runId: null,
  evaluationId: null,
  modelName: null,
  scores: [],
};

/** The step the demo is on: the first that is not done (null when all are). */
export function currentStep(state: DemoState): StepId | null {
  return STEP_IDS.find((id) => state.steps[id].status !== "done") ?? null;
}

function setStep(
  state: DemoState,
  id: StepId,
  change: Partial<StepState>,
): DemoState {
  return {
    ...state,
    steps: { ...state.steps, [id]: { ...state.steps[id], ...change } },
  };
}

function finish(state: DemoState, id: StepId, detail: string): DemoState {
  const done = setStep(state, id, { status: "done", detail, error: null });
  const next = STEP_IDS[STEP_IDS.indexOf(id) + 1];
  return next === undefined
    ? { ...done, phase: "done" }
    : setStep(done, next, { status: "running", detail: null, error: null });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function progressText(progress: Progress | null): string {
  return progress ? `step ${progress.step} of ${progress.total}` : "";
}

function jobDetail(
  what: string,
  status: string,
  progress: Progress | null,
): string {
  if (status === "queued") return `${what} queued, waiting for the worker`;
  if (status === "running" && progress)
    return `${what} running: ${progressText(progress)}`;
  return `${what} ${status.replace(/_/g, " ")}`;
}

export function demoReducer(state: DemoState, action: DemoAction): DemoState {
  switch (action.type) {
    case "start":
      return setStep({ ...initialDemoState, phase: "running" }, "generate", {
        status: "running",
      });
    case "retry": {
      // Steps that are done stay done: the demo goes on from the one that failed.
      const from = currentStep(state);
      if (from === null) return state;
      return setStep({ ...state, phase: "running" }, from, {
        status: "running",
        detail: null,
        error: null,
        progress: null,
      });
    }
    case "generated":
      return finish(
        state,
        "generate",
        `${plural(action.created + action.duplicates, "trace")} generated (seed ${action.seed}): ` +
          `${action.created} stored, ${action.duplicates} ${action.duplicates === 1 ? "was a duplicate" : "were duplicates"}`,
      );
    case "datasetReady":
      return finish(
        { ...state, datasetKey: action.datasetKey },
        "dataset",
        `${action.datasetKey}: ${action.train} train and ${action.eval} eval items` +
          (action.reused ? " (built by an earlier demo, reused)" : ""),
      );
    case "runQueued":
      return setStep(
        {
          ...state,
          runId: action.runId,
          evaluationId: null,
          modelName: null,
          scores: [],
        },
        "train",
        { detail: jobDetail("run", "queued", null), progress: null },
      );
    case "runUpdate":
      return setStep(state, "train", {
        detail: jobDetail("run", action.status, action.progress),
        progress: action.progress ?? state.steps.train.progress,
      });
    case "runSucceeded":
      return finish(
        setStep(state, "train", {
          progress: action.progress ?? state.steps.train.progress,
        }),
        "train",
        action.progress
          ? `trained ${action.progress.total} steps`
          : "training succeeded",
      );
    case "evaluationQueued":
      return setStep(
        {
          ...state,
          evaluationId: action.evaluationId,
          modelName: action.modelName,
        },
        "evaluate",
        { detail: jobDetail("evaluation", "queued", null), progress: null },
      );
    case "evaluationUpdate":
      return setStep(state, "evaluate", {
        detail: jobDetail("evaluation", action.status, action.progress),
        progress: action.progress ?? state.steps.evaluate.progress,
      });
    case "evaluated":
      return finish(
        { ...state, scores: action.scores },
        "evaluate",
        action.scores
          .map(
            (s) => `${s.judge}: ${s.passed} of ${s.passed + s.failed} passed`,
          )
          .join(", "),
      );
    case "failed":
      return {
        ...setStep(state, action.step, {
          status: "failed",
          error: action.message,
        }),
        phase: "failed",
      };
  }
}

/** A job's `progress` JSON as {step, total}, when it has both. */
export function asProgress(value: unknown): Progress | null {
  if (value === null || typeof value !== "object") return null;
  const { step, total } = value as Record<string, unknown>;
  return typeof step === "number" && typeof total === "number" && total > 0
    ? { step, total }
    : null;
}

export function scoresOf(evaluation: Schemas["Evaluation"]): Score[] {
  return evaluation.scores.map((s) => ({
    judge: s.judge,
    mean: s.mean,
    passed: s.passed,
    failed: s.failed,
    unparseable: s.unparseable,
  }));
}
