import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";

import { fieldErrors } from "../../api/client";
import { Field } from "../../components/Field";
import { Panel } from "../../components/Panel";
import { ErrorNotice } from "../../components/QueryState";
import { formatNumber } from "../../lib/format";
import { filtersSearch } from "./filters";
import {
  generateBody,
  initialValues,
  useGenerate,
  type FormValue,
  type GeneratorInfo,
  type ParamSpec,
} from "./generators";

function label(name: string): string {
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function ChoicesField({
  name,
  spec,
  value,
  error,
  onChange,
}: {
  name: string;
  spec: Extract<ParamSpec, { type: "array" }>;
  value: string[];
  error: string | undefined;
  onChange: (value: string[]) => void;
}) {
  const id = useId();
  return (
    <fieldset
      className={error ? "field choices field-invalid" : "field choices"}
      aria-describedby={`${id}-help${error ? ` ${id}-error` : ""}`}
    >
      <legend>{label(name)}</legend>
      <div className="choice-list">
        {spec.items.enum.map((choice) => (
          <label key={choice} className="checkbox">
            <input
              type="checkbox"
              checked={value.includes(choice)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...value, choice]
                    : value.filter((v) => v !== choice),
                )
              }
            />{" "}
            {choice}
          </label>
        ))}
      </div>
      <small id={`${id}-help`} className="field-help">
        {spec.description}
      </small>
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </fieldset>
  );
}

function ParamField({
  name,
  spec,
  value,
  error,
  onChange,
}: {
  name: string;
  spec: ParamSpec;
  value: FormValue | undefined;
  error: string | undefined;
  onChange: (value: FormValue) => void;
}) {
  if (spec.type === "array")
    return (
      <ChoicesField
        name={name}
        spec={spec}
        value={Array.isArray(value) ? value : []}
        error={error}
        onChange={onChange}
      />
    );
  if (spec.type === "boolean")
    return (
      <Field label={label(name)} help={spec.description} error={error}>
        <select
          value={value === true ? "true" : "false"}
          onChange={(event) => onChange(event.target.value === "true")}
        >
          <option value="false">No</option>
          <option value="true">Yes</option>
        </select>
      </Field>
    );
  const range =
    spec.minimum !== undefined && spec.maximum !== undefined
      ? ` (${spec.minimum}–${spec.maximum})`
      : "";
  return (
    <Field
      label={label(name)}
      help={`${spec.description}${range}`}
      error={error}
    >
      <input
        type="number"
        inputMode="numeric"
        value={typeof value === "string" ? value : ""}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}

/** A form built from a generator's param spec; the API validates and errors show per field. */
export function GeneratorForm({ generator }: { generator: GeneratorInfo }) {
  const [values, setValues] = useState(() => initialValues(generator));
  const generate = useGenerate(generator.name);
  const errors = fieldErrors(generate.error);
  const set = (key: string) => (value: FormValue) =>
    setValues((current) => ({ ...current, [key]: value }));
  const fieldKeys = new Set([
    "count",
    "seed",
    ...Object.keys(generator.params).map((name) => `params.${name}`),
  ]);
  const otherErrors = Object.entries(errors).filter(
    ([key]) => !fieldKeys.has(key),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    generate.mutate(generateBody(generator, values));
  };
  const result = generate.data;

  return (
    <Panel title={`${label(generator.name)} v${generator.version}`}>
      <p className="muted">{generator.description}</p>
      <form
        className="form"
        onSubmit={submit}
        aria-label={`Generate ${generator.name} traces`}
        noValidate
      >
        <div className="form-grid">
          <Field
            label="Count"
            help="Traces to generate (1–10,000)"
            error={errors.count}
          >
            <input
              type="number"
              inputMode="numeric"
              value={String(values.count)}
              onChange={(event) => set("count")(event.target.value)}
            />
          </Field>
          <Field
            label="Seed"
            help="Same seed and params give the same traces; blank for a random one"
            error={errors.seed}
          >
            <input
              type="number"
              inputMode="numeric"
              value={String(values.seed)}
              onChange={(event) => set("seed")(event.target.value)}
            />
          </Field>
          {Object.entries(generator.params).map(([name, spec]) => (
            <ParamField
              key={name}
              name={name}
              spec={spec}
              value={values[`params.${name}`]}
              error={errors[`params.${name}`]}
              onChange={set(`params.${name}`)}
            />
          ))}
        </div>
        <div>
          <button
            type="submit"
            className="button button-primary"
            disabled={generate.isPending}
          >
            {generate.isPending ? "Generating…" : "Generate"}
          </button>
        </div>
      </form>
      {generate.isError &&
        (Object.keys(errors).length === 0 || otherErrors.length > 0) && (
          <ErrorNotice title="Could not generate" error={generate.error} />
        )}
      {result && (
        <div className="state generated" role="status">
          <strong>
            Generated {formatNumber(result.traces.length, 0)}{" "}
            {result.traces.length === 1 ? "trace" : "traces"}
          </strong>{" "}
          ({formatNumber(result.created_count, 0)} new,{" "}
          {formatNumber(result.duplicate_count, 0)} already stored) with seed{" "}
          <code>{result.seed}</code>.{" "}
          <Link
            to={`/traces${filtersSearch({
              meta: [`generator=${result.generator}`, `seed=${result.seed}`],
            })}`}
          >
            See these traces
          </Link>
          {result.traces[0]?.id && (
            <>
              {" · "}
              <Link to={`/traces/${encodeURIComponent(result.traces[0].id)}`}>
                Open the first one
              </Link>
            </>
          )}
        </div>
      )}
    </Panel>
  );
}
