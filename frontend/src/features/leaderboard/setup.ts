import type { Schemas } from "../../api/types";

/** How a judge was set up: version, parameters and (model judges) its judge model. */
export type JudgeSetup = Schemas["JudgeSetup"];
/** A setup of a board's judge, with how many evaluations used it. */
export type BoardSetup = Schemas["BoardSetup"];
type Board = Schemas["Board"];

// A rubric is a paragraph: a summary line shows its start.
const LONG_VALUE = 40;

function shown(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length <= LONG_VALUE ? text : `${text.slice(0, LONG_VALUE - 1)}…`;
}

/** `abs_tol=1e-9, rel_tol=0.01`; "no parameters" when there are none. */
export function describeParams(params: Record<string, unknown>): string {
  const keys = Object.keys(params).sort();
  if (keys.length === 0) return "no parameters";
  return keys.map((key) => `${key}=${shown(params[key])}`).join(", ");
}

/** A judge model as a person names it: the pinned ref, or `model at endpoint`. */
export function describeJudgeModel(
  model: Record<string, unknown> | null | undefined,
): string | null {
  if (!model) return null;
  if (model.backend === "local" && typeof model.ref === "string")
    return model.ref;
  if (model.backend === "http")
    return `${String(model.model)} at ${String(model.base_url)}`;
  return JSON.stringify(model);
}

/** `v1.0.0 · abs_tol=1e-9, rel_tol=0.01 · judge model registry://judge@2`. */
export function describeSetup(
  setup: Pick<JudgeSetup, "version" | "params" | "judge_model">,
): string {
  const model = describeJudgeModel(setup.judge_model);
  return [
    `v${setup.version}`,
    describeParams(setup.params),
    model ? `judge model ${model}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** "arith-v1 · eval · answer_correctness", with the setup when it is not the default. */
export function boardName(b: Board): string {
  const name = `${b.dataset_key} · ${b.split} · ${b.judge}`;
  return b.default_setup ? name : `${name} (${describeSetup(b.setup)})`;
}
