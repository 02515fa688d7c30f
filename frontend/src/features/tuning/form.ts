/** The new-search form's state and the POST /api/tuning/jobs body built from it. */
import type { Schemas } from "../../api/types";
import { rowsToSearchSpace, type SpaceRow } from "./space";

export type TuningDraft = {
  name: string;
  dataset_key: string;
  base_model: string;
  /** Training's own eval loss/perplexity, or a judge's score of the eval split. */
  objective_kind: "loss" | "judge";
  loss_metric: "eval_loss" | "eval_perplexity";
  judge: string;
  judge_metric: "mean" | "pass_rate";
  eval_limit: string;
  /** "" lets the API choose: min for losses, max for judge metrics. */
  direction: "" | "min" | "max";
  /** A JSON object of training config keys every trial shares. */
  fixed_config: string;
  trial_max_steps: string;
  num_samples: string;
  max_concurrent_trials: string;
  search_alg: "random" | "tpe";
  scheduler: "fifo" | "asha";
  grace_period: string;
  reduction_factor: string;
  seed: string;
};

export const DEFAULT_DRAFT: TuningDraft = {
  name: "",
  dataset_key: "",
  base_model: "tiny",
  objective_kind: "loss",
  loss_metric: "eval_loss",
  judge: "answer_correctness",
  judge_metric: "mean",
  eval_limit: "",
  direction: "",
  fixed_config: "{}",
  trial_max_steps: "100",
  num_samples: "10",
  max_concurrent_trials: "1",
  search_alg: "random",
  scheduler: "fifo",
  grace_period: "1",
  reduction_factor: "4",
  seed: "0",
};

type Body = Schemas["TuningJobCreate"];

export type BuildResult =
  { body: Body; errors: null } | { body: null; errors: Record<string, string> };

function wholeNumber(
  text: string,
  field: string,
  errors: Record<string, string>,
): number {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isInteger(value))
    errors[field] = "Enter a whole number";
  return value;
}

function objectiveOf(
  draft: TuningDraft,
  errors: Record<string, string>,
): Body["objective"] {
  const direction = draft.direction ? { direction: draft.direction } : {};
  if (draft.objective_kind === "loss")
    return { metric: draft.loss_metric, split: "eval", ...direction };
  if (draft.judge === "") errors["objective.judge"] = "Choose a judge";
  const limit =
    draft.eval_limit.trim() === ""
      ? {}
      : {
          eval_limit: wholeNumber(
            draft.eval_limit,
            "objective.eval_limit",
            errors,
          ),
        };
  return {
    judge: draft.judge,
    metric: draft.judge_metric,
    split: "eval",
    ...direction,
    ...limit,
  };
}

function fixedConfigOf(
  text: string,
  errors: Record<string, string>,
): Record<string, unknown> {
  if (text.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === "object" && !Array.isArray(value))
      return value as Record<string, unknown>;
    errors.fixed_config = 'Give a JSON object, e.g. {"batch_size": 8}';
  } catch (error) {
    errors.fixed_config = `Not valid JSON: ${(error as Error).message}`;
  }
  return {};
}

/** The API body for `draft` and `rows`, or the problems to fix before sending, by field. */
export function buildTuningBody(
  draft: TuningDraft,
  rows: readonly SpaceRow[],
): BuildResult {
  const errors: Record<string, string> = {};
  if (draft.name.trim() === "") errors.name = "Give the search a name";
  if (draft.dataset_key === "") errors.dataset_key = "Choose a dataset";
  if (draft.base_model.trim() === "") errors.base_model = "Give a base model";
  const { searchSpace, errors: spaceErrors } = rowsToSearchSpace(rows);
  Object.assign(errors, spaceErrors);
  const body: Body = {
    name: draft.name.trim(),
    dataset_key: draft.dataset_key,
    base_model: draft.base_model.trim(),
    objective: objectiveOf(draft, errors),
    search_space: searchSpace,
    fixed_config: fixedConfigOf(draft.fixed_config, errors),
    trial_max_steps: wholeNumber(
      draft.trial_max_steps,
      "trial_max_steps",
      errors,
    ),
    num_samples: wholeNumber(draft.num_samples, "num_samples", errors),
    max_concurrent_trials: wholeNumber(
      draft.max_concurrent_trials,
      "max_concurrent_trials",
      errors,
    ),
    search_alg: draft.search_alg,
    scheduler:
      draft.scheduler === "asha"
        ? {
            type: "asha",
            grace_period: wholeNumber(
              draft.grace_period,
              "scheduler.grace_period",
              errors,
            ),
            reduction_factor: Number(draft.reduction_factor),
          }
        : { type: "fifo", grace_period: 1, reduction_factor: 4 },
    seed: wholeNumber(draft.seed, "seed", errors),
  };
  if (
    draft.scheduler === "asha" &&
    !Number.isFinite(body.scheduler?.reduction_factor)
  )
    errors["scheduler.reduction_factor"] = "Enter a number";
  return Object.keys(errors).length > 0
    ? { body: null, errors }
    : { body, errors: null };
}
