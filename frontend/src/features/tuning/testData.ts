/** API answers shared by the tuning page tests. */
import type { Schemas } from "../../api/types";
import type { Trial } from "./chart";

/** GET /api/tuning/tunables, as the backend answers it. */
export const tunables: Schemas["Tunable"][] = [
  {
    name: "learning_rate",
    takes: "float",
    types: ["choice", "uniform", "loguniform", "quniform", "randint"],
    default: 0.003,
    choices: null,
    minimum: 0.0,
    maximum: 10.0,
    exclusive_minimum: true,
    exclusive_maximum: false,
  },
  {
    name: "warmup_ratio",
    takes: "float",
    types: ["choice", "uniform", "loguniform", "quniform", "randint"],
    default: 0.05,
    choices: null,
    minimum: 0.0,
    maximum: 1.0,
    exclusive_minimum: false,
    exclusive_maximum: true,
  },
  {
    name: "weight_decay",
    takes: "float",
    types: ["choice", "uniform", "loguniform", "quniform", "randint"],
    default: 0.0,
    choices: null,
    minimum: 0.0,
    maximum: null,
    exclusive_minimum: false,
    exclusive_maximum: false,
  },
  {
    name: "max_grad_norm",
    takes: "float",
    types: ["choice", "uniform", "loguniform", "quniform", "randint"],
    default: 1.0,
    choices: null,
    minimum: 0.0,
    maximum: null,
    exclusive_minimum: true,
    exclusive_maximum: false,
  },
  {
    name: "batch_size",
    takes: "int",
    types: ["choice", "randint", "quniform"],
    default: 32,
    choices: null,
    minimum: 1.0,
    maximum: 4096.0,
    exclusive_minimum: false,
    exclusive_maximum: false,
  },
  {
    name: "gradient_accumulation_steps",
    takes: "int",
    types: ["choice", "randint", "quniform"],
    default: 1,
    choices: null,
    minimum: 1.0,
    maximum: 1024.0,
    exclusive_minimum: false,
    exclusive_maximum: false,
  },
  {
    name: "max_seq_length",
    takes: "int",
    types: ["choice", "randint", "quniform"],
    default: 128,
    choices: null,
    minimum: 8.0,
    maximum: 131072.0,
    exclusive_minimum: false,
    exclusive_maximum: false,
  },
  {
    name: "schedule",
    takes: "categorical",
    types: ["choice"],
    default: "cosine",
    choices: ["cosine", "linear", "constant"],
    minimum: null,
    maximum: null,
    exclusive_minimum: false,
    exclusive_maximum: false,
  },
  {
    name: "seed",
    takes: "int",
    types: ["choice", "randint", "quniform"],
    default: 0,
    choices: null,
    minimum: 0.0,
    maximum: 4294967295.0,
    exclusive_minimum: false,
    exclusive_maximum: false,
  },
  {
    name: "lora.rank",
    takes: "int",
    types: ["choice", "randint", "quniform"],
    default: 8,
    choices: null,
    minimum: 1.0,
    maximum: 1024.0,
    exclusive_minimum: false,
    exclusive_maximum: false,
  },
  {
    name: "lora.alpha",
    takes: "float",
    types: ["choice", "uniform", "loguniform", "quniform", "randint"],
    default: 16.0,
    choices: null,
    minimum: 0.0,
    maximum: null,
    exclusive_minimum: true,
    exclusive_maximum: false,
  },
];

export const lastPage = { limit: 100, offset: 0, next_offset: null };

export const datasets = {
  data: [
    {
      dataset_key: "arith-v1",
      name: "arith",
      version: "v1",
      build_id: "b1",
      created_at: "2025-01-01T00:00:00Z",
      trace_count: 40,
      selection_strategy: "latest",
      content_hash: "h",
      splits: { train: 36, eval: 4 },
    },
  ],
  pagination: lastPage,
} satisfies Schemas["Page_DatasetSummary_"];

export const judges = [
  { name: "answer_correctness", requires_model: false, description: "d" },
  { name: "llm_judge", requires_model: true, description: "d" },
];

export function trial(key: string, fields: Partial<Trial> = {}): Trial {
  return {
    id: `trial-${key}`,
    trial_key: key,
    params: { learning_rate: 0.001 },
    status: "succeeded",
    run_id: `run-${key}-0000`,
    evaluation_id: null,
    intermediate: [
      { step: 0, value: 2.4 },
      { step: 4, value: 2.1 },
    ],
    final_metric: 2.1,
    error: null,
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
    ...fields,
  };
}

export function tuningJob(
  fields: Partial<Schemas["TuningJobDetail"]> = {},
): Schemas["TuningJobDetail"] {
  return {
    id: "tj-1",
    name: "lr search",
    status: "succeeded",
    status_note: null,
    job_id: "job-1",
    dataset_key: "arith-v1",
    dataset_hash: "h",
    base_model: "tiny",
    model_version: null,
    objective: { kind: "loss", metric: "eval_loss", direction: "min" },
    search_space: {
      learning_rate: { type: "loguniform", min: 0.001, max: 0.01 },
    },
    fixed_config: { batch_size: 8 },
    trial_max_steps: 4,
    num_samples: 2,
    max_concurrent_trials: 1,
    search_alg: "random",
    scheduler: { type: "fifo", grace_period: 1, reduction_factor: 4 },
    seed: 0,
    progress: null,
    result: null,
    error: null,
    trial_counts: { succeeded: 2 },
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
    started_at: "2025-01-01T00:00:01Z",
    finished_at: "2025-01-01T00:01:01Z",
    trials: [],
    best_trial_id: null,
    ...fields,
  };
}

type FetchCall = [input: unknown, init?: RequestInit];

/** The JSON bodies (null for none) sent with `method` to paths ending in `suffix`. */
export function sentBodies(
  fetchMock: { mock: { calls: unknown[][] } },
  method: string,
  suffix: string,
): unknown[] {
  return (fetchMock.mock.calls as FetchCall[])
    .filter(([input, init]) => {
      const url = typeof input === "string" ? input : (input as Request).url;
      return init?.method === method && url.endsWith(suffix);
    })
    .map(([, init]) =>
      typeof init?.body === "string"
        ? (JSON.parse(init.body) as unknown)
        : null,
    );
}
