import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";

import { Field } from "../../components/Field";
import { Panel } from "../../components/Panel";
import { ErrorNotice, QueryState } from "../../components/QueryState";
import { useDatasetChoices, useRegisteredModels, type RunCreate } from "./api";
import {
  DEVICES,
  HYPERPARAMETERS,
  LORA_PARAMS,
  PRESETS,
  SCHEDULES,
  SCHEDULING_PARAMS,
  TEMPLATES,
  defaultValues,
  runFieldErrors,
  toRunCreate,
  type ModelSource,
  type NumberParam,
  type RunFormValues,
} from "./formModel";

type RunFormProps = {
  /** Preselected dataset (from ?dataset_key=). */
  datasetKey?: string;
  onSubmit: (body: RunCreate) => void;
  pending: boolean;
  /** The last failed submit's error: its 422 messages go beside their fields. */
  error: unknown;
};

const SOURCES: { value: ModelSource; label: string }[] = [
  { value: "preset", label: "Preset" },
  { value: "checkpoint", label: "Local checkpoint" },
  { value: "registry", label: "Registry model" },
];

/** The new-run form: dataset, model source, hyperparameters and scheduling. */
export function RunForm({
  datasetKey = "",
  onSubmit,
  pending,
  error,
}: RunFormProps) {
  const [values, setValues] = useState<RunFormValues>(() =>
    defaultValues(datasetKey),
  );
  const errors = runFieldErrors(error);
  const set = <K extends keyof RunFormValues>(
    key: K,
    value: RunFormValues[K],
  ) => setValues((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(toRunCreate(values));
  };

  const numberField = (param: NumberParam) => (
    <Field
      key={param.key}
      label={param.label}
      help={param.help}
      error={errors[param.path]}
    >
      <input
        type="number"
        name={param.key}
        inputMode={param.integer ? "numeric" : "decimal"}
        step={param.integer ? 1 : "any"}
        min={param.min}
        max={param.max}
        value={values[param.key]}
        onChange={(event) => set(param.key, event.target.value)}
      />
    </Field>
  );

  return (
    <form className="form run-form" onSubmit={submit} noValidate>
      {error !== null && error !== undefined && (
        <ErrorNotice title="The run was not started" error={error} />
      )}
      <Panel title="Data and model">
        <div className="form-grid">
          <DatasetField
            value={values.dataset_key}
            onChange={(key) => set("dataset_key", key)}
            error={errors.dataset_key}
          />
          <Field
            label="Chat template"
            help="How traces are rendered into prompt and completion."
            error={errors["config.template"]}
          >
            <select
              name="template"
              value={values.template}
              onChange={(event) => set("template", event.target.value)}
            >
              {TEMPLATES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <ModelFields values={values} set={set} error={errors["config.model"]} />
        <Field
          label="System prompt"
          help="Rendered into every example; optional (up to 4,000 characters)."
          error={errors["config.system"]}
        >
          <textarea
            name="system"
            rows={2}
            value={values.system}
            onChange={(event) => set("system", event.target.value)}
          />
        </Field>
      </Panel>

      <Panel title="Hyperparameters">
        {errors.config && (
          <p className="field-error" role="alert">
            {errors.config}
          </p>
        )}
        <div className="form-grid">
          <Field
            label="Schedule"
            help="After warmup: cosine or linear decay to 0, or constant."
            error={errors["config.schedule"]}
          >
            <select
              name="schedule"
              value={values.schedule}
              onChange={(event) => set("schedule", event.target.value)}
            >
              {SCHEDULES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </Field>
          {HYPERPARAMETERS.map(numberField)}
        </div>
      </Panel>

      <Panel title="LoRA">
        <label className="check">
          <input
            type="checkbox"
            name="lora"
            checked={values.lora}
            onChange={(event) => set("lora", event.target.checked)}
          />
          Train LoRA adapters instead of every weight
        </label>
        {errors["config.lora"] && (
          <p className="field-error" role="alert">
            {errors["config.lora"]}
          </p>
        )}
        {values.lora && (
          <div className="form-grid">
            {LORA_PARAMS.map(numberField)}
            <Field
              label="LoRA target modules"
              help="Regular expression over module paths that get adapters."
              error={errors["config.lora.target_modules"]}
            >
              <input
                type="text"
                name="lora_target_modules"
                className="mono"
                value={values.lora_target_modules}
                onChange={(event) =>
                  set("lora_target_modules", event.target.value)
                }
              />
            </Field>
          </div>
        )}
      </Panel>

      <Panel title="Devices and scheduling">
        <div className="form-grid">
          <Field
            label="Device"
            help="auto: JAX's default backend. A gpu or tpu that is not there fails at once."
            error={errors["config.device"]}
          >
            <select
              name="device"
              value={values.device}
              onChange={(event) => set("device", event.target.value)}
            >
              {DEVICES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </Field>
          {SCHEDULING_PARAMS.map(numberField)}
        </div>
        <label className="check">
          <input
            type="checkbox"
            name="auto_evaluate"
            checked={values.auto_evaluate}
            onChange={(event) => set("auto_evaluate", event.target.checked)}
          />
          Evaluate the model on the dataset's eval split when training succeeds
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="dry_run"
            checked={values.dry_run}
            onChange={(event) => set("dry_run", event.target.checked)}
          />
          Dry run: check the data and config and count tokens, without training
        </label>
      </Panel>

      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={pending}
        >
          {pending ? "Starting…" : "Start run"}
        </button>
        <Link to="/runs" className="button">
          Cancel
        </Link>
      </div>
    </form>
  );
}

function DatasetField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (key: string) => void;
  error: string | undefined;
}) {
  const datasets = useDatasetChoices();
  return (
    <QueryState query={datasets} what="datasets">
      {(page) => (
        <Field
          label="Dataset"
          help={
            page.data.length === 0 ? (
              <>
                No datasets yet: <Link to="/datasets">build one</Link> first.
              </>
            ) : (
              "The run trains on its train split and evaluates on its eval split."
            )
          }
          error={error}
        >
          <select
            name="dataset_key"
            value={value}
            onChange={(event) => onChange(event.target.value)}
          >
            <option value="">Choose a dataset…</option>
            {value !== "" &&
              !page.data.some((d) => d.dataset_key === value) && (
                <option value={value}>{value}</option>
              )}
            {page.data.map((dataset) => (
              <option key={dataset.dataset_key} value={dataset.dataset_key}>
                {dataset.dataset_key} ({dataset.splits.train ?? 0} train,{" "}
                {dataset.splits.eval ?? 0} eval)
              </option>
            ))}
          </select>
        </Field>
      )}
    </QueryState>
  );
}

function ModelFields({
  values,
  set,
  error,
}: {
  values: RunFormValues;
  set: <K extends keyof RunFormValues>(key: K, value: RunFormValues[K]) => void;
  error: string | undefined;
}) {
  const legendId = useId();
  return (
    <fieldset className="model-source" aria-labelledby={legendId}>
      <legend id={legendId}>Model</legend>
      <div className="segmented">
        {SOURCES.map((source) => (
          <label key={source.value} className="check">
            <input
              type="radio"
              name="model_source"
              value={source.value}
              checked={values.model_source === source.value}
              onChange={() => set("model_source", source.value)}
            />
            {source.label}
          </label>
        ))}
      </div>
      {values.model_source === "preset" && (
        <Field
          label="Preset model"
          help="Built in, no downloads; the tokenizer is trained on the run's texts."
          error={error}
        >
          <select
            name="preset"
            value={values.preset}
            onChange={(event) => set("preset", event.target.value)}
          >
            {PRESETS.map((preset) => (
              <option key={preset.value} value={preset.value}>
                {preset.label}
              </option>
            ))}
          </select>
        </Field>
      )}
      {values.model_source === "checkpoint" && (
        <Field
          label="Checkpoint directory"
          help="Absolute path on the server to a Hugging Face checkpoint (config.json, *.safetensors, tokenizer); Qwen2/3, Llama 3 and Gemma are supported."
          error={error}
        >
          <input
            type="text"
            name="checkpoint"
            className="mono"
            placeholder="/models/qwen3-0.6b"
            value={values.checkpoint}
            onChange={(event) => set("checkpoint", event.target.value)}
          />
        </Field>
      )}
      {values.model_source === "registry" && (
        <RegistryField
          value={values.registry_ref}
          onChange={(ref) => set("registry_ref", ref)}
          error={error}
        />
      )}
    </fieldset>
  );
}

function RegistryField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (ref: string) => void;
  error: string | undefined;
}) {
  const models = useRegisteredModels();
  const listId = useId();
  const refs = (models.data?.data ?? []).flatMap((model) => [
    ...Object.keys(model.aliases).map(
      (alias) => `registry://${model.name}#${alias}`,
    ),
    ...(model.latest_version === null
      ? []
      : [`registry://${model.name}@${model.latest_version}`]),
  ]);
  return (
    <>
      <Field
        label="Registry reference"
        help="registry://name@version or registry://name#alias; the version is pinned when the run is created."
        error={error}
      >
        <input
          type="text"
          name="registry_ref"
          className="mono"
          list={listId}
          placeholder="registry://my-model#production"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      </Field>
      <datalist id={listId}>
        {refs.map((ref) => (
          <option key={ref} value={ref} />
        ))}
      </datalist>
    </>
  );
}
