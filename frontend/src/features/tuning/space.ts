/**
 * The search-space editor's rows and the API's `search_space` object, both ways.
 *
 * A row keeps every input's text whatever its kind, so switching uniform -> loguniform
 * keeps the bounds; only the inputs of the chosen kind are sent.
 */
import type { Schemas } from "../../api/types";

export type SpaceKind =
  "choice" | "uniform" | "loguniform" | "randint" | "quniform";

export const SPACE_KINDS: readonly SpaceKind[] = [
  "choice",
  "uniform",
  "loguniform",
  "randint",
  "quniform",
];

export type SpaceEntry = Schemas["TuningJobCreate"]["search_space"][string];
export type SearchSpace = Record<string, SpaceEntry>;

/** What a kind needs besides its name: a values list, bounds, and a step. */
export const KIND_INPUTS: Record<
  SpaceKind,
  readonly ("values" | "min" | "max" | "q")[]
> = {
  choice: ["values"],
  uniform: ["min", "max"],
  loguniform: ["min", "max"],
  randint: ["min", "max"],
  quniform: ["min", "max", "q"],
};

export const KIND_HELP: Record<SpaceKind, string> = {
  choice: "one of the listed values, equally likely",
  uniform: "a float in [min, max]",
  loguniform: "a float whose log is uniform; 0 < min < max",
  randint: "an integer from min to max, both included",
  quniform: "uniform, rounded to a multiple of q",
};

export type SpaceRow = {
  /** Stable React key; not sent. */
  id: string;
  name: string;
  kind: SpaceKind;
  /** Comma-separated, e.g. "16, 32" or "cosine, linear". */
  values: string;
  min: string;
  max: string;
  q: string;
  /** "Only when": the name of the (choice) row this one depends on; "" for always. */
  whenParent: string;
  /** The parent's values that make this row sampled, comma-separated like `values`. */
  whenValues: string;
};

let nextRowId = 0;

export function newRow(fields: Partial<Omit<SpaceRow, "id">> = {}): SpaceRow {
  nextRowId += 1;
  return {
    id: `row-${nextRowId}`,
    name: "",
    kind: "uniform",
    values: "",
    min: "",
    max: "",
    q: "",
    whenParent: "",
    whenValues: "",
    ...fields,
  };
}

/** The tunables as the editor needs them: what a search may name (GET /api/tuning/tunables). */
export type TunableInfo = Pick<
  Schemas["Tunable"],
  | "name"
  | "types"
  | "default"
  | "minimum"
  | "maximum"
  | "exclusive_minimum"
  | "exclusive_maximum"
>;

function isKind(type: string): type is SpaceKind {
  return (SPACE_KINDS as readonly string[]).includes(type);
}

/** The kinds `name` accepts (all of them while the list is loading or for a name it lacks;
 * the API checks again and names what it refuses). */
export function kindsFor(
  name: string,
  tunables: readonly TunableInfo[] | undefined,
): readonly SpaceKind[] {
  const tunable = tunables?.find((t) => t.name === name);
  return tunable ? tunable.types.filter(isKind) : SPACE_KINDS;
}

/** `row` with `name` chosen, its kind kept when the name takes it, else the first it takes. */
export function withName(
  row: SpaceRow,
  name: string,
  tunables: readonly TunableInfo[] | undefined,
): SpaceRow {
  const kinds = kindsFor(name, tunables);
  const kind = kinds.includes(row.kind) ? row.kind : (kinds[0] ?? "choice");
  return { ...row, name, kind };
}

/** "default 0.003 · training accepts (0, 10]" for the hyperparameter's help line. */
export function tunableHelp(tunable: TunableInfo): string {
  const parts = [`default ${JSON.stringify(tunable.default)}`];
  const { minimum, maximum } = tunable;
  if (minimum !== null || maximum !== null) {
    const low =
      minimum === null
        ? "(-∞"
        : `${tunable.exclusive_minimum ? "(" : "["}${minimum}`;
    const high =
      maximum === null
        ? "∞)"
        : `${maximum}${tunable.exclusive_maximum ? ")" : "]"}`;
    parts.push(`training accepts ${low}, ${high}`);
  }
  return parts.join(" · ");
}

/** "16, 32, cosine, true" -> [16, 32, "cosine", true]. */
export function parseValues(text: string): (string | number | boolean)[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      if (part === "true") return true;
      if (part === "false") return false;
      const number = Number(part);
      return Number.isFinite(number) ? number : part;
    });
}

function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : null;
}

export type SpaceResult = {
  searchSpace: SearchSpace;
  /** Problems found before sending, keyed like the API's: "search_space.learning_rate.min". */
  errors: Record<string, string>;
};

/** Rows another row may depend on: named, unconditional `choice` rows (one level only). */
export function parentChoices(
  rows: readonly SpaceRow[],
  row: SpaceRow,
): string[] {
  return rows
    .filter(
      (other) =>
        other.id !== row.id &&
        other.name.trim() !== "" &&
        other.kind === "choice" &&
        other.whenParent === "",
    )
    .map((other) => other.name.trim());
}

/** The row's `when`, or the problem with it (the API checks the rest: one level, values). */
function condition(
  row: SpaceRow,
  rows: readonly SpaceRow[],
): { when?: Record<string, (string | number | boolean)[]>; error?: string } {
  const parent = row.whenParent;
  if (parent === "") return {};
  if (!rows.some((other) => other.name.trim() === parent))
    return { error: `${parent} is no longer in the search space` };
  const values = parseValues(row.whenValues);
  if (values.length === 0)
    return { error: `List the values of ${parent} that sample this one` };
  return { when: { [parent]: values } };
}

/** The API's `search_space` from the editor's rows, or what must be fixed first. */
export function rowsToSearchSpace(rows: readonly SpaceRow[]): SpaceResult {
  const searchSpace: SearchSpace = {};
  const errors: Record<string, string> = {};
  const entries = rowsToEntries(rows, errors);
  rows.forEach((row) => {
    const name = row.name.trim();
    const entry = entries.get(row);
    if (entry === undefined) return;
    const { when, error } = condition(row, rows);
    if (error !== undefined) errors[`search_space.${name}.when`] = error;
    else searchSpace[name] = when ? { ...entry, when } : entry;
  });
  return { searchSpace, errors };
}

/** Each row's entry without its condition; problems go into `errors`. */
function rowsToEntries(
  rows: readonly SpaceRow[],
  errors: Record<string, string>,
): Map<SpaceRow, SpaceEntry> {
  const searchSpace = new Map<SpaceRow, SpaceEntry>();
  const names = new Set<string>();
  rows.forEach((row, index) => {
    const name = row.name.trim();
    if (name === "") {
      errors[`search_space.#${index}`] = "Choose a hyperparameter";
      return;
    }
    const key = `search_space.${name}`;
    if (names.has(name)) {
      errors[key] = `${name} is listed twice; keep one row per hyperparameter`;
      return;
    }
    names.add(name);
    if (row.kind === "choice") {
      const values = parseValues(row.values);
      if (values.length === 0)
        errors[`${key}.values`] = "List at least one value";
      else searchSpace.set(row, { type: "choice", values });
      return;
    }
    const numbers: Partial<Record<"min" | "max" | "q", number>> = {};
    for (const input of KIND_INPUTS[row.kind]) {
      if (input === "values") continue;
      const value = parseNumber(row[input]);
      if (value === null) errors[`${key}.${input}`] = "Enter a number";
      else if (row.kind === "randint" && !Number.isInteger(value))
        errors[`${key}.${input}`] = "Enter a whole number";
      else numbers[input] = value;
    }
    const { min, max, q } = numbers;
    if (min === undefined || max === undefined) return;
    if (row.kind === "quniform") {
      if (q !== undefined)
        searchSpace.set(row, { type: "quniform", min, max, q });
      return;
    }
    searchSpace.set(row, { type: row.kind, min, max });
  });
  return searchSpace;
}

/** The editor's rows for a stored `search_space` (e.g. a search's, to show or copy). */
export function searchSpaceToRows(
  searchSpace: Record<string, Record<string, unknown>>,
): SpaceRow[] {
  return Object.entries(searchSpace).map(([name, entry]) => {
    const kind = SPACE_KINDS.find((k) => k === entry.type) ?? "choice";
    const text = (value: unknown) =>
      typeof value === "number" ? String(value) : "";
    const listed = (values: unknown) =>
      Array.isArray(values) ? values.map((v) => String(v)).join(", ") : "";
    const [whenParent, whenValues] = Object.entries(
      (entry.when as Record<string, unknown> | null | undefined) ?? {},
    )[0] ?? ["", []];
    return newRow({
      name,
      kind,
      values: listed(entry.values),
      min: text(entry.min),
      max: text(entry.max),
      q: text(entry.q),
      whenParent,
      whenValues: listed(whenValues),
    });
  });
}

/** The error key of a row's own problems (its name, a duplicate, a refused kind). */
export function rowErrorKey(row: SpaceRow, index: number): string {
  const name = row.name.trim();
  return name === "" ? `search_space.#${index}` : `search_space.${name}`;
}

/** Every error key the editor shows beside a field, for the rows it has. */
export function editorErrorKeys(rows: readonly SpaceRow[]): string[] {
  const keys = ["search_space"];
  rows.forEach((row, index) => {
    const key = rowErrorKey(row, index);
    keys.push(
      key,
      ...KIND_INPUTS[row.kind].map((input) => `${key}.${input}`),
      `${key}.when`,
    );
  });
  return keys;
}
