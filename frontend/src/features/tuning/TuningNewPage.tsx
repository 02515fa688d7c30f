import { useState, type FormEvent, type ReactNode } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";

import { ApiError, errorMessage } from "../../api/client";
import { Field } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { ErrorNotice } from "../../components/QueryState";
import { useCreateTuningJob, useDatasetChoices, useTunables } from "./api";
import { tuningFieldErrors, unplacedErrors } from "./errors";
import { buildTuningBody, DEFAULT_DRAFT, type TuningDraft } from "./form";
import { editorErrorKeys, newRow, type SpaceRow } from "./space";
import { ObjectiveFields } from "./ObjectiveFields";
import { SpaceEditor } from "./SpaceEditor";
import "./tuning.css";

// Fields the form shows messages beside (the search-space editor adds its own).
const PLACED = [
  "name",
  "dataset_key",
  "base_model",
  "objective",
  "objective.metric",
  "objective.judge",
  "objective.direction",
  "objective.eval_limit",
  "fixed_config",
  "trial_max_steps",
  "num_samples",
  "max_concurrent_trials",
  "search_alg",
  "scheduler",
  "scheduler.grace_period",
  "scheduler.reduction_factor",
  "seed",
];

function initialRows(): SpaceRow[] {
  return [
    newRow({
      name: "learning_rate",
      kind: "loguniform",
      min: "0.0001",
      max: "0.01",
    }),
  ];
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="panel tuning-section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

export function TuningNewPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<TuningDraft>({
    ...DEFAULT_DRAFT,
    dataset_key: params.get("dataset_key") ?? "",
  });
  const [rows, setRows] = useState<SpaceRow[]>(initialRows);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const datasets = useDatasetChoices();
  const tunables = useTunables();
  const create = useCreateTuningJob();

  const set = <K extends keyof TuningDraft>(key: K, value: TuningDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  const errors = { ...localErrors, ...tuningFieldErrors(create.error) };
  const placed = new Set([...PLACED, ...editorErrorKeys(rows)]);
  const leftOver = unplacedErrors(errors, placed);
  const otherError =
    create.error &&
    !(create.error instanceof ApiError && create.error.status === 422)
      ? create.error
      : leftOver
        ? new Error(leftOver)
        : null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildTuningBody(draft, rows);
    create.reset();
    if (built.errors) {
      setLocalErrors(built.errors);
      return;
    }
    setLocalErrors({});
    create.mutate(built.body, {
      onSuccess: (job) => void navigate(`/tuning/${job.id}`),
    });
  };

  const datasetOptions = datasets.data?.data ?? [];
  return (
    <div className="page">
      <PageHeader
        title="New search"
        description="Sample training configurations from a search space, train each for a few steps, and keep the best by an objective on the eval split."
        actions={
          <Link to="/tuning" className="button">
            All searches
          </Link>
        }
      />
      <form className="form tuning-form" onSubmit={onSubmit} noValidate>
        <Section title="What to tune">
          <div className="form-grid">
            <Field label="Name" error={errors.name}>
              <input
                type="text"
                value={draft.name}
                maxLength={200}
                onChange={(event) => set("name", event.target.value)}
              />
            </Field>
            <Field
              label="Dataset"
              error={errors.dataset_key}
              help={
                datasets.isError ? (
                  "Could not load datasets"
                ) : datasets.isSuccess && datasetOptions.length === 0 ? (
                  <>
                    No datasets yet: <Link to="/datasets">build one</Link>.
                  </>
                ) : (
                  "needs train and eval items"
                )
              }
            >
              <select
                value={draft.dataset_key}
                onChange={(event) => set("dataset_key", event.target.value)}
              >
                <option value="">
                  {datasets.isPending ? "Loading datasets…" : "Choose…"}
                </option>
                {draft.dataset_key &&
                  !datasetOptions.some(
                    (d) => d.dataset_key === draft.dataset_key,
                  ) && (
                    <option value={draft.dataset_key}>
                      {draft.dataset_key}
                    </option>
                  )}
                {datasetOptions.map((dataset) => (
                  <option key={dataset.dataset_key} value={dataset.dataset_key}>
                    {dataset.dataset_key} (train {dataset.splits.train ?? 0},
                    eval {dataset.splits.eval ?? 0})
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label="Base model"
              error={errors.base_model}
              help="tiny, small, a local HF directory, or registry://name@N"
            >
              <input
                type="text"
                list="tuning-base-models"
                value={draft.base_model}
                onChange={(event) => set("base_model", event.target.value)}
              />
            </Field>
            <datalist id="tuning-base-models">
              <option value="tiny" />
              <option value="small" />
            </datalist>
          </div>
        </Section>

        <Section title="Objective">
          <ObjectiveFields draft={draft} set={set} errors={errors} />
        </Section>

        <Section title="Search space">
          {tunables.isError && (
            <p className="field-error" role="alert">
              Could not list the tunable hyperparameters:{" "}
              {errorMessage(tunables.error)}
            </p>
          )}
          <SpaceEditor
            rows={rows}
            onChange={setRows}
            errors={errors}
            tunables={tunables.data}
          />
        </Section>

        <Section title="Trials">
          <div className="form-grid">
            <Field
              label="Steps per trial"
              error={errors.trial_max_steps}
              help="trial_max_steps: each trial's training budget"
            >
              <input
                type="number"
                min={1}
                value={draft.trial_max_steps}
                onChange={(event) => set("trial_max_steps", event.target.value)}
              />
            </Field>
            <Field
              label="Number of trials"
              error={errors.num_samples}
              help="num_samples, 1–200"
            >
              <input
                type="number"
                min={1}
                max={200}
                value={draft.num_samples}
                onChange={(event) => set("num_samples", event.target.value)}
              />
            </Field>
            <Field
              label="Concurrent trials"
              error={errors.max_concurrent_trials}
              help="max_concurrent_trials"
            >
              <input
                type="number"
                min={1}
                value={draft.max_concurrent_trials}
                onChange={(event) =>
                  set("max_concurrent_trials", event.target.value)
                }
              />
            </Field>
            <Field label="Search algorithm" error={errors.search_alg}>
              <select
                value={draft.search_alg}
                onChange={(event) =>
                  set(
                    "search_alg",
                    event.target.value as TuningDraft["search_alg"],
                  )
                }
              >
                <option value="random">random</option>
                <option value="tpe">Optuna TPE</option>
              </select>
            </Field>
            <Field
              label="Scheduler"
              error={errors.scheduler}
              help={
                draft.scheduler === "asha"
                  ? "stops poor trials early on eval_loss"
                  : "runs every trial to its budget"
              }
            >
              <select
                value={draft.scheduler}
                onChange={(event) =>
                  set(
                    "scheduler",
                    event.target.value as TuningDraft["scheduler"],
                  )
                }
              >
                <option value="fifo">FIFO</option>
                <option value="asha">ASHA</option>
              </select>
            </Field>
            {draft.scheduler === "asha" && (
              <>
                <Field
                  label="Grace period"
                  error={errors["scheduler.grace_period"]}
                  help="evaluations before a trial may be stopped"
                >
                  <input
                    type="number"
                    min={1}
                    value={draft.grace_period}
                    onChange={(event) =>
                      set("grace_period", event.target.value)
                    }
                  />
                </Field>
                <Field
                  label="Reduction factor"
                  error={errors["scheduler.reduction_factor"]}
                  help="keeps 1 in this many at each rung"
                >
                  <input
                    type="number"
                    min={1}
                    step="any"
                    value={draft.reduction_factor}
                    onChange={(event) =>
                      set("reduction_factor", event.target.value)
                    }
                  />
                </Field>
              </>
            )}
            <Field label="Search seed" error={errors.seed}>
              <input
                type="number"
                value={draft.seed}
                onChange={(event) => set("seed", event.target.value)}
              />
            </Field>
          </div>
          <Field
            label="Fixed config"
            error={errors.fixed_config}
            help={
              <>
                JSON: training config every trial shares, e.g.{" "}
                <code>{'{"batch_size": 8, "eval_every_n_steps": 2}'}</code>
              </>
            }
          >
            <textarea
              rows={4}
              spellCheck={false}
              value={draft.fixed_config}
              onChange={(event) => set("fixed_config", event.target.value)}
            />
          </Field>
        </Section>

        {otherError && (
          <ErrorNotice title="Could not create the search" error={otherError} />
        )}
        <div>
          <button
            type="submit"
            className="button button-primary"
            disabled={create.isPending}
          >
            {create.isPending ? "Creating…" : "Create search"}
          </button>
        </div>
      </form>
    </div>
  );
}
