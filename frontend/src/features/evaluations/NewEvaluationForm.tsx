import { useId, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";

import { ErrorNotice } from "../../components/QueryState";
import { Field } from "../../components/Field";
import { formatDateTime, shortId } from "../../lib/format";
import {
  SPLITS,
  useCreateEvaluation,
  useDatasetChoices,
  useJudges,
  useRunChoices,
  type Evaluation,
  type JudgeInfo,
  type JudgeParam,
  type Split,
} from "./api";
import { formErrors } from "./errors";
import {
  emptyForm,
  evaluationRequest,
  type EvaluationForm,
  type GenerationFields,
} from "./request";

const GENERATION_FIELDS: {
  key: keyof GenerationFields;
  label: string;
  help: string;
}[] = [
  {
    key: "max_new_tokens",
    label: "Max new tokens",
    help: "Longest output per item (1–32768).",
  },
  { key: "temperature", label: "Temperature", help: "0 is greedy (0–10)." },
  { key: "top_p", label: "Top-p", help: "Optional nucleus sampling (0–1]." },
  { key: "top_k", label: "Top-k", help: "Optional, at least 1." },
  { key: "seed", label: "Seed", help: "Sampling seed." },
  {
    key: "batch_size",
    label: "Batch size",
    help: "Items generated together (1–4096).",
  },
];

type Props = {
  /** Values to start from, e.g. a run id from `?run_id=` when coming from a run's page. */
  initial?: Partial<EvaluationForm>;
  onClose: () => void;
};

/** Queue an evaluation: model under test, dataset split, judges with params, generation. */
export function NewEvaluationForm({ initial, onClose }: Props) {
  const [form, setForm] = useState(() => emptyForm(initial));
  const judges = useJudges();
  const datasets = useDatasetChoices();
  const runs = useRunChoices();
  const create = useCreateEvaluation();
  const navigate = useNavigate();
  const ids = useId();

  const errors = formErrors(create.error);
  // 422s about judges name them by their index in the request that was sent.
  const sentJudges = create.variables?.judges?.map((j) => j.name) ?? [];
  const judgeError = (name: string, suffix = "") => {
    const index = sentJudges.indexOf(name);
    return index < 0 ? undefined : errors[`judges[${index}]${suffix}`];
  };
  const placed = new Set<string>([
    "run_id",
    "model",
    "dataset_key",
    "split",
    "limit",
    "tags",
    "judges",
    ...GENERATION_FIELDS.map((f) => `generation.${f.key}`),
  ]);
  sentJudges.forEach((name, index) => {
    placed.add(`judges[${index}]`);
    placed.add(`judges[${index}].name`);
    placed.add(`judges[${index}].params`);
    const info = judges.data?.find((j) => j.name === name);
    for (const key of Object.keys(info?.params ?? {}))
      placed.add(`judges[${index}].params.${key}`);
  });
  // Pydantic names no field when the body as a whole is wrong; this one is about the model.
  const oneModel = errors.body?.includes("run_id or model")
    ? errors.body
    : undefined;
  const unplaced = Object.entries(errors).filter(
    ([key]) => !placed.has(key) && !(key === "body" && oneModel),
  );

  const set = (change: Partial<EvaluationForm>) =>
    setForm((f) => ({ ...f, ...change }));
  const setGeneration = (key: keyof GenerationFields, value: string) =>
    setForm((f) => ({ ...f, generation: { ...f.generation, [key]: value } }));
  const setParam = (judge: string, key: string, value: string) =>
    setForm((f) => ({
      ...f,
      params: { ...f.params, [judge]: { ...f.params[judge], [key]: value } },
    }));
  const toggleJudge = (name: string, on: boolean) =>
    setForm((f) => ({
      ...f,
      judges: on
        ? [...f.judges.filter((j) => j !== name), name]
        : f.judges.filter((j) => j !== name),
    }));
  const chooseRun = (runId: string) => {
    const run = runs.data?.data.find((r) => r.run_id === runId);
    setForm((f) => ({
      ...f,
      runId,
      // A run's own dataset is the usual choice; keep one the user already picked.
      datasetKey: f.datasetKey || run?.dataset_key || "",
    }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(evaluationRequest(form, judges.data ?? []), {
      onSuccess: (evaluation) => {
        if (!evaluation.existing)
          void navigate(`/evaluations/${evaluation.evaluation_id}`);
      },
    });
  };

  const existing = create.data?.existing ? create.data : null;

  return (
    <form className="form" onSubmit={submit} aria-label="New evaluation">
      <fieldset className="eval-fieldset">
        <legend>Model under test</legend>
        <div
          className="eval-choice"
          role="radiogroup"
          aria-label="Model source"
        >
          <label>
            <input
              type="radio"
              name={`${ids}-kind`}
              checked={form.modelKind === "run"}
              onChange={() => set({ modelKind: "run" })}
            />{" "}
            A training run
          </label>
          <label>
            <input
              type="radio"
              name={`${ids}-kind`}
              checked={form.modelKind === "registry"}
              onChange={() => set({ modelKind: "registry" })}
            />{" "}
            A registry version
          </label>
        </div>
        {form.modelKind === "run" ? (
          <Field
            label="Run id"
            help={
              runs.isError
                ? "Succeeded runs could not be listed; paste a run id."
                : "A succeeded training run; suggestions list the newest."
            }
            error={errors.run_id ?? oneModel}
          >
            <input
              value={form.runId}
              list={`${ids}-runs`}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => chooseRun(e.target.value)}
            />
          </Field>
        ) : (
          <Field
            label="Registry ref"
            help="registry://name@3 (a version) or registry://name#production (an alias)."
            error={errors.model ?? oneModel}
          >
            <input
              value={form.modelRef}
              placeholder="registry://name@1"
              spellCheck={false}
              onChange={(e) => set({ modelRef: e.target.value })}
            />
          </Field>
        )}
        <datalist id={`${ids}-runs`}>
          {runs.data?.data.map((run) => (
            <option key={run.run_id} value={run.run_id}>
              {`${shortId(run.run_id)} · ${run.model_id} on ${run.dataset_key} · ${formatDateTime(run.finished_at)}`}
            </option>
          ))}
        </datalist>
      </fieldset>

      <div className="form-grid">
        <Field
          label="Dataset"
          help="A dataset key, e.g. arith-v1."
          error={errors.dataset_key}
        >
          <input
            value={form.datasetKey}
            list={`${ids}-datasets`}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => set({ datasetKey: e.target.value })}
          />
        </Field>
        <datalist id={`${ids}-datasets`}>
          {datasets.data?.data.map((d) => (
            <option key={d.dataset_key} value={d.dataset_key}>
              {`${d.dataset_key} · ${Object.entries(d.splits)
                .map(([split, n]) => `${split} ${n}`)
                .join(", ")}`}
            </option>
          ))}
        </datalist>
        <Field label="Split" error={errors.split}>
          <select
            value={form.split}
            onChange={(e) => set({ split: e.target.value as Split })}
          >
            {SPLITS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Item limit"
          help="Only the first N items; blank for all."
          error={errors.limit}
        >
          <input
            type="number"
            min={1}
            inputMode="numeric"
            value={form.limit}
            onChange={(e) => set({ limit: e.target.value })}
          />
        </Field>
        <Field
          label="Tags"
          help="Comma-separated, e.g. nightly, release."
          error={errors.tags}
        >
          <input
            value={form.tags}
            onChange={(e) => set({ tags: e.target.value })}
          />
        </Field>
      </div>

      <fieldset className="eval-fieldset">
        <legend>Judges</legend>
        {errors.judges && (
          <p className="field-error" role="alert">
            {errors.judges}
          </p>
        )}
        {judges.isPending && <p className="muted">Loading judges…</p>}
        {judges.isError && (
          <ErrorNotice
            title="Could not load the judges"
            error={judges.error}
            onRetry={() => void judges.refetch()}
          />
        )}
        <div className="eval-judges">
          {judges.data?.map((judge) => (
            <JudgeChoice
              key={judge.name}
              judge={judge}
              selected={form.judges.includes(judge.name)}
              values={form.params[judge.name] ?? {}}
              onToggle={(on) => toggleJudge(judge.name, on)}
              onParam={(key, value) => setParam(judge.name, key, value)}
              error={
                judgeError(judge.name) ??
                judgeError(judge.name, ".name") ??
                judgeError(judge.name, ".params")
              }
              paramError={(key) => judgeError(judge.name, `.params.${key}`)}
            />
          ))}
        </div>
      </fieldset>

      <fieldset className="eval-fieldset">
        <legend>Generation</legend>
        <div className="form-grid">
          {GENERATION_FIELDS.map((f) => (
            <Field
              key={f.key}
              label={f.label}
              help={f.help}
              error={errors[`generation.${f.key}`]}
            >
              <input
                type="number"
                step="any"
                value={form.generation[f.key]}
                onChange={(e) => setGeneration(f.key, e.target.value)}
              />
            </Field>
          ))}
        </div>
      </fieldset>

      <label className="eval-check">
        <input
          type="checkbox"
          checked={form.force}
          onChange={(e) => set({ force: e.target.checked })}
        />{" "}
        Evaluate again even if an identical evaluation exists
      </label>

      {unplaced.length > 0 && (
        <ErrorNotice
          title="The evaluation was not started"
          error={unplaced.map(([, message]) => message).join("; ")}
        />
      )}
      {create.isError && Object.keys(errors).length === 0 && (
        <ErrorNotice
          title="The evaluation was not started"
          error={create.error}
        />
      )}
      {existing && <ExistingNotice evaluation={existing} />}

      <div className="eval-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={create.isPending}
        >
          {create.isPending ? "Starting…" : "Start evaluation"}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ExistingNotice({ evaluation }: { evaluation: Evaluation }) {
  return (
    <div className="state eval-existing" role="status">
      <strong>An identical evaluation exists.</strong>{" "}
      <Link to={`/evaluations/${evaluation.evaluation_id}`}>
        Evaluation {shortId(evaluation.evaluation_id)}
      </Link>{" "}
      ({evaluation.status}) has the same model, dataset content, split, limit,
      judges and generation settings, so nothing new was queued. Tick “Evaluate
      again” to run it anyway.
    </div>
  );
}

type JudgeChoiceProps = {
  judge: JudgeInfo;
  selected: boolean;
  values: Record<string, string>;
  onToggle: (on: boolean) => void;
  onParam: (key: string, value: string) => void;
  error: string | undefined;
  paramError: (key: string) => string | undefined;
};

function JudgeChoice({
  judge,
  selected,
  values,
  onToggle,
  onParam,
  error,
  paramError,
}: JudgeChoiceProps) {
  const params = Object.entries(judge.params);
  return (
    <div className={selected ? "eval-judge eval-judge-on" : "eval-judge"}>
      <label className="eval-check">
        <input
          type="checkbox"
          checked={selected}
          onChange={(e) => onToggle(e.target.checked)}
        />{" "}
        <strong>{judge.name}</strong>{" "}
        <span className="muted">
          v{judge.version}
          {judge.requires_model ? " · needs a model" : ""}
        </span>
      </label>
      <p className="muted eval-judge-description">{judge.description}</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {selected && params.length > 0 && (
        <div className="form-grid">
          {params.map(([key, spec]) => (
            <Field
              key={key}
              label={`${judge.name}: ${key}`}
              help={paramHelp(spec)}
              error={paramError(key)}
            >
              <ParamInput
                spec={spec}
                value={values[key] ?? ""}
                onChange={(v) => onParam(key, v)}
              />
            </Field>
          ))}
        </div>
      )}
    </div>
  );
}

/** A default value as text: strings as they are, anything else as JSON. */
function shown(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function paramHelp(spec: JudgeParam): string {
  const { minimum: low, maximum: high } = spec;
  const range =
    low !== undefined && high !== undefined
      ? ` Range ${low}–${high}.`
      : low !== undefined
        ? ` At least ${low}.`
        : high !== undefined
          ? ` At most ${high}.`
          : "";
  const fallback =
    spec.default === "" || spec.default === null
      ? ""
      : ` Default ${shown(spec.default)}.`;
  return `${spec.description.replace(/\.$/, "")}.${range}${fallback}`;
}

type ParamInputProps = {
  spec: JudgeParam;
  value: string;
  onChange: (value: string) => void;
  id?: string;
};

/** One judge parameter; blank keeps the judge's default. Field passes the id and aria. */
function ParamInput({ spec, value, onChange, ...aria }: ParamInputProps) {
  if (spec.type === "boolean" || spec.enum) {
    const choices = spec.enum ?? ["true", "false"];
    return (
      <select
        {...aria}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">default ({shown(spec.default)})</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  }
  if (spec.type === "number" || spec.type === "integer") {
    return (
      <input
        {...aria}
        type="number"
        step={spec.type === "integer" ? 1 : "any"}
        value={value}
        placeholder={shown(spec.default)}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  const long = typeof spec.default === "string" && spec.default.length > 60;
  return long ? (
    <textarea
      {...aria}
      rows={5}
      value={value}
      placeholder={shown(spec.default)}
      onChange={(e) => onChange(e.target.value)}
    />
  ) : (
    <input
      {...aria}
      value={value}
      placeholder={shown(spec.default)}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
