import type { Run } from "./api";

/** A run as the API returns it; tests override what they need. */
export function makeRun(overrides: Partial<Run> = {}): Run {
  return {
    run_id: "0b7f1e2a-1111-4222-8333-944455556666",
    status: "running",
    dataset_key: "arith-v1",
    dataset_hash: "f00dfeedf00dfeedf00d",
    model_id: "tiny",
    dry_run: false,
    config: { model: "tiny", learning_rate: 0.003, mesh: { fsdp: 1, tp: 1 } },
    progress: { step: 10, total: 40, epoch: 0.5 },
    result: null,
    error: null,
    attempt: 1,
    max_attempts: 3,
    priority: 0,
    timeout_s: null,
    last_checkpoint: null,
    created_at: "2025-01-01T00:00:00Z",
    started_at: "2025-01-01T00:00:05Z",
    finished_at: null,
    ...overrides,
  };
}
