/** One criterion of the structural baseline score, as stored in a score's `details`. */
export type Criterion = {
  name: string;
  points: number;
  maxPoints: number;
  explanation: string;
};

/** The criteria of a score's details, in the order the API lists them. */
export function scoreCriteria(details: Record<string, unknown>): Criterion[] {
  const criteria = details.criteria;
  if (criteria === null || typeof criteria !== "object") return [];
  return Object.entries(criteria as Record<string, unknown>).flatMap(
    ([name, raw]) => {
      if (raw === null || typeof raw !== "object") return [];
      const c = raw as Record<string, unknown>;
      return [
        {
          name,
          points: Number(c.points ?? 0),
          maxPoints: Number(c.max_points ?? 0),
          explanation: typeof c.explanation === "string" ? c.explanation : "",
        },
      ];
    },
  );
}

/** "step_count" -> "Step count". */
export function criterionLabel(name: string): string {
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
