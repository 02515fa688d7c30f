/** Registry answers for the tests, shaped as the API sends them (values from a real run). */
import type {
  AliasMoveResult,
  Baseline,
  ModelVersion,
  RegisteredModel,
  RegressionCheck,
  Run,
} from "./api";

export const lastPage = { limit: 100, offset: 0, next_offset: null };

export const model: RegisteredModel = {
  id: "m-1",
  name: "arith",
  description: "one-digit sums",
  tags: ["math"],
  latest_version: 2,
  version_count: 2,
  aliases: { production: 1 },
  alias_gates: {},
  created_at: "2025-01-02T10:00:00Z",
  updated_at: "2025-01-02T11:00:00Z",
};

export function version(
  number: number,
  extra: Partial<ModelVersion> = {},
): ModelVersion {
  return {
    id: `v-${number}`,
    model_id: "m-1",
    model_name: "arith",
    version: number,
    label: number === 1 ? "good" : null,
    ref: `registry://arith@${number}`,
    path: `/srv/var/registry/models/arith/${number}`,
    content_hash: "a695f4bf".padEnd(64, "0"),
    size_bytes: 2_508_397,
    files: [
      { path: "config.json", size: 581, sha256: "d1250d20".padEnd(64, "1") },
      {
        path: "model.safetensors",
        size: 2_496_056,
        sha256: "d29629a8".padEnd(64, "2"),
      },
    ],
    aliases: number === 1 ? ["production"] : [],
    source_run_id: `run-${number}-0000-0000`,
    lineage: {},
    created_at: "2025-01-02T10:30:00Z",
    ...extra,
  };
}

export const baseline: Baseline = {
  name: "prod-bar",
  description: null,
  evaluation_id: "eval-good",
  run_id: "run-1-0000-0000",
  model_version_id: null,
  model_name: "run:run-1-0000-0000",
  dataset_key: "arith-v1",
  dataset_hash: "b770b7ab",
  split: "eval",
  judge: "trace_format",
  judge_version: "1.0.0",
  judge_key: "2c26b46b68ffc68f",
  judge_setup: {
    name: "trace_format",
    version: "1.0.0",
    params: {},
    judge_key: "2c26b46b68ffc68f",
  },
  metric: "mean",
  value: 0.6875,
  ci: { low: 0.6667, high: 0.7292 },
  direction: "higher",
  tolerance: 0.1,
  tolerance_kind: "absolute",
  created_at: "2025-01-02T10:40:00Z",
};

export const failingCheck: RegressionCheck = {
  check_id: "c-1",
  baseline_name: "prod-bar",
  verdict: "fail",
  metric: "mean",
  baseline_value: 0.6875,
  current_value: 0,
  delta: -0.6875,
  delta_percent: -100,
  direction: "higher",
  tolerance: 0.1,
  tolerance_kind: "absolute",
  allowed_drop: 0.1,
  significant: true,
  baseline_ci: { low: 0.6667, high: 0.7292 },
  current_ci: { low: 0, high: 0 },
  baseline_evaluation_id: "eval-good",
  evaluation_id: "eval-worse",
  judge: "trace_format",
  baseline_judge_version: "1.0.0",
  judge_version: "1.0.0",
  dataset_key: "arith-v1",
  split: "eval",
  created_at: "2025-01-02T10:50:00Z",
};

export const refusedBody = {
  detail:
    "version 2 of 'arith' fails regression baseline 'prod-bar', so alias 'production' was not moved; set force=true to move it anyway (recorded as forced)",
  check: failingCheck,
};

export const forcedMove: AliasMoveResult = {
  alias: "production",
  version: 2,
  version_id: "v-2",
  updated_at: "2025-01-02T11:00:00Z",
  event: {
    id: 2,
    alias: "production",
    from_version: 1,
    to_version: 2,
    forced: true,
    check: failingCheck,
    reason: "hotfix for the demo",
    created_at: "2025-01-02T11:00:00Z",
  },
};

export function run(id: string, extra: Partial<Run> = {}): Run {
  return {
    run_id: id,
    status: "succeeded",
    dataset_key: "arith-v1",
    dataset_hash: "b770b7ab",
    model_id: "tiny",
    dry_run: false,
    config: { model: "tiny", max_steps: 24 },
    progress: null,
    result: null,
    error: null,
    attempt: 1,
    max_attempts: 3,
    priority: 0,
    timeout_s: null,
    last_checkpoint: null,
    created_at: "2025-01-02T09:00:00Z",
    started_at: "2025-01-02T09:00:01Z",
    finished_at: "2025-01-02T09:01:00Z",
    ...extra,
  };
}
