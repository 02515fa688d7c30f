/** Short texts the tuning pages show for a search. */

/** A JSON value as text: strings as they are, other values as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "—";
  return JSON.stringify(value);
}

/** Trials that have ended, whatever their outcome. */
export function finishedTrials(counts: Record<string, number>): number {
  return (counts.succeeded ?? 0) + (counts.stopped ?? 0) + (counts.failed ?? 0);
}

/** "eval_loss (min)", "answer_correctness mean (max)". */
export function objectiveLabel(objective: Record<string, unknown>): string {
  const metric = valueText(objective.metric);
  const judge = typeof objective.judge === "string" ? objective.judge : null;
  const direction = valueText(objective.direction);
  return `${judge ? `${judge} ${metric}` : metric} (${direction})`;
}

/** One line for a stored search-space entry: "loguniform: 0.0001 – 0.01", "choice: 16, 32",
 * "uniform: 0 – 0.2, only when schedule is cosine". */
export function describeEntry(entry: Record<string, unknown>): string {
  return `${describeDistribution(entry)}${describeCondition(entry.when)}`;
}

function describeDistribution(entry: Record<string, unknown>): string {
  const type = valueText(entry.type);
  if (Array.isArray(entry.values))
    return `${type}: ${entry.values.map(valueText).join(", ")}`;
  const range = `${valueText(entry.min)} – ${valueText(entry.max)}`;
  return entry.q !== undefined
    ? `${type}: ${range}, q ${valueText(entry.q)}`
    : `${type}: ${range}`;
}

function describeCondition(when: unknown): string {
  if (typeof when !== "object" || when === null) return "";
  const [parent, values] = Object.entries(when)[0] ?? [];
  if (parent === undefined || !Array.isArray(values)) return "";
  const listed = values.map(valueText);
  return listed.length === 1
    ? `, only when ${parent} is ${listed[0] ?? ""}`
    : `, only when ${parent} is one of ${listed.join(", ")}`;
}
