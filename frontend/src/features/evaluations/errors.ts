import { ApiError, fieldErrors } from "../../api/client";

// "judges[0]", "generation.max_new_tokens", "params.rel_tol": a field path the API names.
const PATH = /^([a-z_]+(?:\[\d+\])*(?:\.[a-z_]+(?:\[\d+\])*)*): (.+)$/s;

// Messages that name the field in words rather than as a path.
const LEADING_WORDS: [RegExp, string][] = [
  [/^(run|train job) /, "run_id"],
  [/^(model|registry:\/\/)/, "model"],
  [/^dataset(_key)? /, "dataset_key"],
];

/**
 * The field a string `detail` is about, and the message without it:
 * "judges[0]: params.rel_tol: must be between 0 and 1" -> ["judges[0].params.rel_tol", "must be…"].
 */
export function splitDetail(detail: string): [string | null, string] {
  let field: string | null = null;
  let message = detail;
  for (let match = PATH.exec(message); match; match = PATH.exec(message)) {
    const [, path = "", rest = ""] = match;
    field = field === null ? path : `${field}.${path}`;
    message = rest;
  }
  if (field !== null) return [field, message];
  for (const [pattern, name] of LEADING_WORDS) {
    if (pattern.test(detail)) return [name, detail];
  }
  return [null, detail];
}

/**
 * Messages by field for a form: FastAPI's validation list, and the service's own 4xx
 * sentences when they name a field ("judges[1].params.scale: …", "run … is failed").
 * What names no field is under "body".
 */
export function formErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  if (typeof error.detail !== "string") return fieldErrors(error);
  const [field, message] = splitDetail(error.detail);
  return { [field ?? "body"]: message };
}
