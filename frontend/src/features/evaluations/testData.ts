/** Canned API answers for this feature's tests, typed against the generated schema. */
import type { Schemas } from "../../api/types";
import type { JudgeInfo } from "./api";

export const JUDGES: JudgeInfo[] = [
  {
    name: "answer_correctness",
    version: "1.0.0",
    description: "the final answer equals the expected one",
    requires_model: false,
    params: {
      rel_tol: {
        type: "number",
        default: 1e-6,
        description: "relative tolerance for non-integer numbers",
        minimum: 0,
        maximum: 1,
      },
      abs_tol: {
        type: "number",
        default: 1e-9,
        description: "absolute tolerance for non-integer numbers",
        minimum: 0,
      },
    },
  },
  {
    name: "trace_format",
    version: "1.0.0",
    description: "numbered steps then one Answer: line",
    requires_model: false,
    params: {},
  },
];

export function evaluation(
  overrides: Partial<Schemas["Evaluation"]> = {},
): Schemas["Evaluation"] {
  return {
    evaluation_id: "ev1aaaaaaaaa",
    status: "succeeded",
    existing: false,
    model_ref: "run:run1",
    model_name: "run:run1",
    run_id: "run1",
    model_version_id: null,
    dataset_key: "arith-v1",
    dataset_hash: "hash1234567890",
    split: "eval",
    judges: [
      {
        name: "answer_correctness",
        version: "1.0.0",
        params: { rel_tol: 1e-6, abs_tol: 1e-9 },
      },
      { name: "trace_format", version: "1.0.0", params: {} },
    ],
    generation: { max_new_tokens: 160, temperature: 0, limit: null },
    tags: ["nightly"],
    item_count: 2,
    scores: [
      {
        judge: "answer_correctness",
        judge_version: "1.0.0",
        judge_key: "9f86d081884c7d65",
        mean: 0.5,
        ci_low: 0.0,
        ci_high: 1.0,
        n: 2,
        passed: 1,
        failed: 1,
        unparseable: 0,
      },
      {
        judge: "trace_format",
        judge_version: "1.0.0",
        judge_key: "2c26b46b68ffc68f",
        mean: 1,
        ci_low: 1,
        ci_high: 1,
        n: 2,
        passed: 2,
        failed: 0,
        unparseable: 0,
      },
    ],
    progress: null,
    result: null,
    error: null,
    created_at: "2026-01-02T10:00:00Z",
    finished_at: "2026-01-02T10:01:00Z",
    ...overrides,
  };
}

export function item(
  position: number,
  outcome: "pass" | "fail",
): Schemas["EvaluationItem"] {
  return {
    position,
    trace_id: `trace-${position}`,
    prompt: `What is ${position} + ${position}?`,
    expected_answer: String(position * 2),
    output: `Step 1: add\nAnswer: ${outcome === "pass" ? position * 2 : 99}`,
    output_tokens: 12,
    finish_reason: "stop",
    latency_s: 0.25,
    scores: {
      answer_correctness: {
        outcome,
        score: outcome === "pass" ? 1 : 0,
        details: {
          reason:
            outcome === "pass"
              ? "answers match"
              : "99 is not the expected answer",
        },
      },
      trace_format: { outcome: "pass", score: 1, details: { reason: "ok" } },
    },
  };
}

export function page<T>(data: T[], nextOffset: number | null = null) {
  return {
    data,
    pagination: {
      limit: 20,
      offset: 0,
      next_offset: nextOffset,
      next_cursor: null,
    },
  };
}
