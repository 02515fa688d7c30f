import type { EvaluationCreate, JudgeInfo, JudgeParam, Split } from "./api";

export type ModelKind = "run" | "registry";

export type GenerationFields = {
  max_new_tokens: string;
  temperature: string;
  top_p: string;
  top_k: string;
  seed: string;
  batch_size: string;
};

/** What the new-evaluation form holds, as the user typed it. */
export type EvaluationForm = {
  modelKind: ModelKind;
  runId: string;
  modelRef: string;
  datasetKey: string;
  split: Split;
  limit: string;
  /** Chosen judges, in the order they were ticked. */
  judges: string[];
  /** Parameter values by judge and name; empty means the judge's default. */
  params: Record<string, Record<string, string>>;
  generation: GenerationFields;
  tags: string;
  force: boolean;
};

/** The API's defaults (EvaluationGeneration), shown so nobody has to guess them. */
export const DEFAULT_GENERATION: GenerationFields = {
  max_new_tokens: "160",
  temperature: "0",
  top_p: "",
  top_k: "",
  seed: "0",
  batch_size: "32",
};

export function emptyForm(
  initial: Partial<EvaluationForm> = {},
): EvaluationForm {
  return {
    modelKind: "run",
    runId: "",
    modelRef: "",
    datasetKey: "",
    split: "eval",
    limit: "",
    judges: ["answer_correctness"],
    params: {},
    generation: { ...DEFAULT_GENERATION },
    tags: "",
    force: false,
    ...initial,
  };
}

/** A typed number, or the text itself so the API can say what is wrong with it. */
function numberOrText(text: string): number | string {
  const value = Number(text);
  return text.trim() !== "" && Number.isFinite(value) ? value : text;
}

function paramValue(spec: JudgeParam | undefined, text: string): unknown {
  if (spec?.type === "number" || spec?.type === "integer")
    return numberOrText(text);
  if (spec?.type === "boolean") return text === "true";
  return text;
}

/**
 * The POST /api/evaluations body for what the form holds. Blank optional fields are left
 * out (the API fills defaults); nothing is checked here: the API's 422s are shown per field.
 */
export function evaluationRequest(
  form: EvaluationForm,
  judges: readonly JudgeInfo[],
): EvaluationCreate {
  const specs = new Map(judges.map((j) => [j.name, j.params]));
  const optional = (text: string) =>
    text.trim() === "" ? null : (numberOrText(text) as number);
  const g = form.generation;
  return {
    ...(form.modelKind === "run"
      ? { run_id: form.runId.trim() || null }
      : { model: form.modelRef.trim() || null }),
    dataset_key: form.datasetKey.trim(),
    split: form.split,
    limit: optional(form.limit),
    judges: form.judges.map((name) => {
      const params: Record<string, unknown> = {};
      for (const [key, text] of Object.entries(form.params[name] ?? {})) {
        if (text !== "") params[key] = paramValue(specs.get(name)?.[key], text);
      }
      return { name, params };
    }),
    generation: {
      max_new_tokens: numberOrText(g.max_new_tokens) as number,
      temperature: numberOrText(g.temperature) as number,
      top_p: optional(g.top_p),
      top_k: optional(g.top_k),
      seed: numberOrText(g.seed) as number,
      batch_size: numberOrText(g.batch_size) as number,
    },
    tags: form.tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    force: form.force,
    priority: 0,
  };
}
