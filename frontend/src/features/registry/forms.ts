/** The registry's forms: what the API would refuse, caught before sending (same rules). */
import { fieldErrors } from "../../api/client";

// backend/tunix_rt/core/registry_refs.py and registry/schemas.py
export const MODEL_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;
export const ALIAS_NAME = /^[a-z][a-z0-9._-]{0,63}$/;
const TAG = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const LABEL_MAX = 200;
const REASON_MAX = 2000;
const RESERVED_ALIASES = ["history"];

export type Errors = Record<string, string>;

/** "math, arith  ,math" -> ["math", "arith"]. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  return [...new Set(tags)];
}

export type NewModelForm = { name: string; description: string; tags: string };

export function validateNewModel(form: NewModelForm): Errors {
  const errors: Errors = {};
  const name = form.name.trim();
  if (name === "") errors.name = "Give the model a name.";
  else if (!MODEL_NAME.test(name))
    errors.name =
      "Use lowercase letters, digits, '.', '_' or '-', starting with a letter or digit (at most 100).";
  else if (name === "versions")
    errors.name = "'versions' is reserved; choose another name.";
  const bad = parseTags(form.tags).filter((t) => !TAG.test(t));
  if (bad.length > 0)
    errors.tags = `Not a valid tag: ${bad.join(", ")} (letters, digits, '.', '_', ':' or '-').`;
  return errors;
}

export type PromoteForm = { runId: string; label: string };

export function validatePromote(form: PromoteForm): Errors {
  const errors: Errors = {};
  if (form.runId.trim() === "")
    errors.run_id = "Pick a succeeded run to promote.";
  if (form.label.length > LABEL_MAX)
    errors.label = `At most ${LABEL_MAX} characters (now ${form.label.length}).`;
  return errors;
}

export type MoveForm = {
  alias: string;
  version: string;
  baseline: string;
  reason: string;
};

export function validateMove(form: MoveForm): Errors {
  const errors: Errors = {};
  const alias = form.alias.trim();
  if (alias === "") errors.alias = "Name the alias, e.g. production.";
  else if (!ALIAS_NAME.test(alias))
    errors.alias =
      "Use lowercase letters, digits, '.', '_' or '-', starting with a letter (at most 64).";
  else if (RESERVED_ALIASES.includes(alias))
    errors.alias = `'${alias}' is reserved; choose another name.`;
  if (form.version === "") errors.version = "Pick the version to point at.";
  if (form.reason.length > REASON_MAX)
    errors.reason = `At most ${REASON_MAX} characters.`;
  return errors;
}

export function validateForceReason(reason: string): string | undefined {
  if (reason.trim() === "")
    return "Say why the failing version goes out anyway.";
  if (reason.length > REASON_MAX) return `At most ${REASON_MAX} characters.`;
  return undefined;
}

/**
 * The API's 422 messages placed on the form's fields ("tags[2]" goes to "tags"); messages
 * for anything else are joined into `unplaced`, to be shown above the submit button.
 */
export function placeErrors(
  apiErrors: Errors,
  fields: readonly string[],
): { byField: Errors; unplaced: string | null } {
  const byField: Errors = {};
  const rest: string[] = [];
  for (const [path, message] of Object.entries(apiErrors)) {
    const field = path.split(/[.[]/)[0] ?? path;
    if (fields.includes(field))
      byField[field] = byField[field]
        ? `${byField[field]}; ${message}`
        : message;
    else rest.push(path === "body" ? message : `${path}: ${message}`);
  }
  return { byField, unplaced: rest.length > 0 ? rest.join("; ") : null };
}

/** The message to show beside each field: the form's own check first, then the API's. */
export function formFieldErrors(
  local: Errors,
  error: unknown,
  fields: readonly string[],
): Errors {
  return { ...placeErrors(fieldErrors(error), fields).byField, ...local };
}
