/**
 * The tuning API's 422s by form field. Pydantic errors name the entry's kind in their path
 * ("search_space.learning_rate.loguniform.min"); the service's checks answer one string
 * ("search_space.batch_size: ...; fixed_config: ..."). Both end up keyed the way the form
 * names its fields: "search_space.learning_rate.min", "search_space.batch_size",
 * "fixed_config", "objective.metric", "scheduler.grace_period", "dataset_key".
 */
import { ApiError, fieldErrors } from "../../api/client";
import { SPACE_KINDS } from "./space";

const KIND_IN_PATH = new RegExp(
  `^(search_space\\..+?)\\.(?:${SPACE_KINDS.join("|")})(\\..+)?$`,
);

// A condition's problem is shown beside the row's "Only when", whatever part of it pydantic
// names ("search_space.warmup_ratio.when.schedule.0").
const INSIDE_WHEN = /^(search_space\..+?\.when)\..+$/;

/** "search_space.lora.rank.randint.min" -> "search_space.lora.rank.min". */
export function normaliseField(field: string): string {
  const match = KIND_IN_PATH.exec(field);
  const plain = match ? `${match[1] ?? ""}${match[2] ?? ""}` : field;
  return INSIDE_WHEN.exec(plain)?.[1] ?? plain;
}

// Where each problem of a one-string detail starts: a field name and ": ".
const FIELD_START =
  /(?:^|; )(search_space(?:\.[\w.]+)?|fixed_config(?:\.[\w.]+)?|objective(?:\.\w+)?|scheduler(?:\.\w+)?): /g;

function add(out: Record<string, string>, field: string, message: string) {
  out[field] = out[field] ? `${out[field]}; ${message}` : message;
}

/** A one-string detail split into its problems by the field each names ("" for the rest). */
export function splitDetail(detail: string): Record<string, string> {
  const out: Record<string, string> = {};
  const starts = [...detail.matchAll(FIELD_START)];
  if (starts.length === 0) {
    if (/^dataset(_key)? /.test(detail)) add(out, "dataset_key", detail);
    else add(out, "", detail);
    return out;
  }
  const before = detail.slice(0, starts[0]?.index ?? 0).trim();
  if (before) add(out, "", before);
  starts.forEach((match, i) => {
    const field = match[1] ?? "";
    const from = (match.index ?? 0) + match[0].length;
    const to = starts[i + 1]?.index ?? detail.length;
    add(out, normaliseField(field), detail.slice(from, to));
  });
  return out;
}

/** Messages of a failed create by form field; "" holds what belongs to no field. */
export function tuningFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 422) return {};
  if (typeof error.detail === "string") return splitDetail(error.detail);
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    add(out, field === "body" ? "" : normaliseField(field), message);
  }
  return out;
}

/** The messages no field of the form shows, joined into one line (null when none). */
export function unplacedErrors(
  errors: Record<string, string>,
  placed: ReadonlySet<string>,
): string | null {
  const rest = Object.entries(errors)
    .filter(([field]) => !placed.has(field))
    .map(([field, message]) => (field ? `${field}: ${message}` : message));
  return rest.length > 0 ? rest.join("; ") : null;
}
