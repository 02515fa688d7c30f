/** One entry of `lineage.evaluations` (EvaluationSummary in registry/schemas.py). */
export type EvaluationSummary = {
  evaluation_id: string;
  model_ref: string;
  dataset_key: string;
  split: string;
  means: Record<string, number | null>;
  finished_at: string | null;
};

/** A version's `lineage` (free-form JSON on the API) read into the fields the page shows. */
export type Lineage = {
  sourceRun: {
    id: string;
    status: string | null;
    finishedAt: string | null;
    step: number | null;
    metrics: [string, number][];
  } | null;
  baseModel: string | null;
  baseModelRef: string | null;
  dataset: { key: string | null; hash: string | null } | null;
  config: Record<string, unknown> | null;
  model: { family: string | null; parameters: number | null } | null;
  code: { tunixRt: string | null; packages: [string, string][] };
  evaluations: EvaluationSummary[];
};

type Json = Record<string, unknown>;

function obj(value: unknown): Json | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Json)
    : null;
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function readLineage(raw: Record<string, unknown>): Lineage {
  const run = obj(raw.source_run);
  const dataset = obj(raw.dataset);
  const model = obj(raw.model);
  const code = obj(raw.code_version);
  const baseVersion = obj(raw.base_model_version);
  const metrics = Object.entries(obj(run?.metrics) ?? {})
    .filter((entry): entry is [string, number] => num(entry[1]) !== null)
    .sort(([a], [b]) => a.localeCompare(b));
  const packages = Object.entries(obj(code?.packages) ?? {})
    .filter((entry): entry is [string, string] => str(entry[1]) !== null)
    .sort(([a], [b]) => a.localeCompare(b));
  const evaluations = Array.isArray(raw.evaluations)
    ? (raw.evaluations.filter(
        (e) => str(obj(e)?.evaluation_id) !== null,
      ) as EvaluationSummary[])
    : [];
  return {
    sourceRun:
      run && str(run.id)
        ? {
            id: str(run.id)!,
            status: str(run.status),
            finishedAt: str(run.finished_at),
            step: num(run.step),
            metrics,
          }
        : null,
    baseModel: str(raw.base_model),
    baseModelRef: str(baseVersion?.pinned) ?? str(baseVersion?.ref),
    dataset: dataset
      ? { key: str(dataset.key), hash: str(dataset.hash) }
      : null,
    config: obj(raw.config),
    model: model
      ? { family: str(model.family), parameters: num(model.parameters) }
      : null,
    code: { tunixRt: str(code?.tunix_rt), packages },
    evaluations,
  };
}

/** Judge names across evaluations, for one column each. */
export function judgeColumns(evaluations: EvaluationSummary[]): string[] {
  const names = new Set<string>();
  for (const e of evaluations) for (const judge in e.means) names.add(judge);
  return [...names].sort();
}
