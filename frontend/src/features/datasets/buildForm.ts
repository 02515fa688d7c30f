/** The build form's values, and how they become the API's selection and build bodies. */
import type { Schemas } from "../../api/types";

export type DatasetSelection = Schemas["DatasetSelection"];
export type DatasetBuildRequest = Schemas["DatasetBuildRequest"];
export type SelectionStrategy = NonNullable<
  DatasetSelection["selection_strategy"]
>;

export const STRATEGIES: { value: SelectionStrategy; label: string }[] = [
  { value: "latest", label: "Latest (newest first)" },
  { value: "random", label: "Random (seeded sample)" },
  { value: "stratified", label: "Stratified (by a meta key)" },
];

/** What the inputs hold: text, as typed. */
export type BuildFormValues = {
  dataset_name: string;
  dataset_version: string;
  description: string;
  source: string;
  tag: string;
  q: string;
  /** One `key=value` per line, matched against the trace's meta. */
  filters: string;
  /** `datetime-local` values, in the browser's time zone. */
  created_after: string;
  created_before: string;
  limit: string;
  selection_strategy: SelectionStrategy;
  stratify_by: string;
  seed: string;
  eval_fraction: string;
};

export const INITIAL_VALUES: BuildFormValues = {
  dataset_name: "",
  dataset_version: "v1",
  description: "",
  source: "",
  tag: "",
  q: "",
  filters: "",
  created_after: "",
  created_before: "",
  limit: "100",
  selection_strategy: "latest",
  stratify_by: "",
  seed: "",
  eval_fraction: "0.1",
};

/** Problems found before asking the API, by the API's field names. */
export type Problems = Partial<Record<string, string>>;

export function parseFilters(text: string): {
  filters: Record<string, string>;
  problem?: string;
} {
  const filters: Record<string, string> = {};
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const eq = line.indexOf("=");
    if (eq <= 0)
      return {
        filters,
        problem: `line ${index + 1}: write key=value, e.g. generator=arithmetic`,
      };
    filters[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { filters };
}

function integer(text: string): number | null {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

function isoFromLocal(local: string): string | null {
  if (local === "") return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * The selection the form describes, or the problems that stop it from being sent (so the
 * live count asks only for selections that can be answered). Ranges and key patterns are
 * left to the API, whose 422s name the field.
 */
export function toSelection(values: BuildFormValues): {
  selection: DatasetSelection | null;
  problems: Problems;
} {
  const problems: Problems = {};
  const { filters, problem } = parseFilters(values.filters);
  if (problem) problems.filters = problem;

  const limit = integer(values.limit);
  if (limit === null) problems.limit = "Enter a whole number of items.";

  const evalFraction = Number(values.eval_fraction);
  if (values.eval_fraction.trim() === "" || Number.isNaN(evalFraction))
    problems.eval_fraction = "Enter a fraction between 0 and 0.9.";

  const strategy = values.selection_strategy;
  let seed: number | null = null;
  if (values.seed.trim() !== "") {
    seed = integer(values.seed);
    if (seed === null) problems.seed = "Enter a whole number.";
  } else if (strategy !== "latest") {
    problems.seed = `Required for ${strategy} selection.`;
  }
  const stratifyBy = values.stratify_by.trim();
  if (strategy === "stratified" && stratifyBy === "")
    problems.stratify_by = "Required for stratified selection: a meta key.";

  if (Object.keys(problems).length > 0) return { selection: null, problems };
  const text = (value: string) => (value.trim() === "" ? null : value.trim());
  return {
    selection: {
      filters,
      source: text(values.source),
      tag: text(values.tag),
      q: text(values.q),
      created_after: isoFromLocal(values.created_after),
      created_before: isoFromLocal(values.created_before),
      limit: limit!,
      selection_strategy: strategy,
      stratify_by: strategy === "stratified" ? stratifyBy : null,
      seed,
      eval_fraction: evalFraction,
    },
    problems,
  };
}

export function toBuildRequest(
  values: BuildFormValues,
  selection: DatasetSelection,
): DatasetBuildRequest {
  return {
    ...selection,
    dataset_name: values.dataset_name.trim(),
    dataset_version: values.dataset_version.trim(),
    description: values.description.trim() || null,
  };
}

/** The message for one form field among the API's errors ("filters.lang" belongs to "filters"). */
export function errorFor(
  errors: Record<string, string>,
  field: string,
): string | undefined {
  const messages = Object.entries(errors)
    .filter(
      ([key]) =>
        key === field ||
        key.startsWith(`${field}.`) ||
        key.startsWith(`${field}[`),
    )
    .map(([, message]) => message);
  return messages.length > 0 ? messages.join("; ") : undefined;
}

/** Build fields a form shows; API errors on anything else go in the general notice. */
export const FORM_FIELDS = [
  "dataset_name",
  "dataset_version",
  "description",
  "source",
  "tag",
  "q",
  "filters",
  "created_after",
  "created_before",
  "limit",
  "selection_strategy",
  "stratify_by",
  "seed",
  "eval_fraction",
] as const;

export function unplacedErrors(errors: Record<string, string>): string[] {
  return Object.entries(errors)
    .filter(
      ([key]) =>
        !FORM_FIELDS.some((f) => errorFor({ [key]: "" }, f) !== undefined),
    )
    .map(([key, message]) => (key === "body" ? message : `${key}: ${message}`));
}
