import {
  useMemo,
  useState,
  type ChangeEvent,
  type FormEvent,
  type ReactNode,
} from "react";
import { useNavigate } from "react-router";

import { errorMessage, fieldErrors } from "../../api/client";
import { Field } from "../../components/Field";
import { ErrorNotice } from "../../components/QueryState";
import { useBuildDataset, useDatasetPreview, type DatasetPreview } from "./api";
import {
  errorFor,
  INITIAL_VALUES,
  STRATEGIES,
  toBuildRequest,
  toSelection,
  unplacedErrors,
  type BuildFormValues,
} from "./buildForm";
import { useDebouncedValue } from "./useDebouncedValue";

// Long enough to wait out typing, short enough to feel live.
export const PREVIEW_DEBOUNCE_MS = 350;

type Key = keyof BuildFormValues;

/**
 * The form that builds an immutable dataset from stored traces: filters, selection
 * strategy and train/eval split, with a live count of what the build would take.
 */
export function BuildDatasetForm({ onCancel }: { onCancel?: () => void }) {
  const navigate = useNavigate();
  const [values, setValues] = useState<BuildFormValues>(INITIAL_VALUES);
  const { selection, problems } = useMemo(() => toSelection(values), [values]);
  const settled = useDebouncedValue(selection, PREVIEW_DEBOUNCE_MS);
  const preview = useDatasetPreview(settled);
  const build = useBuildDataset();

  const apiErrors = {
    ...fieldErrors(preview.error),
    ...fieldErrors(build.error),
  };
  const errorOf = (field: Key) => problems[field] ?? errorFor(apiErrors, field);
  const set = (field: Key) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (build.isError) build.reset();
  };
  const bind = (field: Key) => ({
    value: values[field],
    onChange: (
      event: ChangeEvent<
        HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
      >,
    ) => set(field)(event.target.value),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (selection === null) return;
    build.mutate(toBuildRequest(values, selection), {
      onSuccess: (dataset) =>
        void navigate(`/datasets/${encodeURIComponent(dataset.dataset_key)}`),
    });
  };

  const buildFieldErrors = fieldErrors(build.error);
  const otherBuildErrors = unplacedErrors(buildFieldErrors);
  const strategy = values.selection_strategy;

  return (
    <form className="form build-form" onSubmit={onSubmit} noValidate>
      <fieldset>
        <legend>Dataset</legend>
        <div className="form-grid">
          <Field
            label="Name"
            help="Letters, digits, _ . -; the key is name-version"
            error={errorOf("dataset_name")}
          >
            <input {...bind("dataset_name")} autoComplete="off" />
          </Field>
          <Field
            label="Version"
            help="A new version for each rebuild: datasets are immutable"
            error={errorOf("dataset_version")}
          >
            <input {...bind("dataset_version")} autoComplete="off" />
          </Field>
          <Field label="Description" error={errorOf("description")}>
            <input {...bind("description")} />
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>Filters</legend>
        <div className="form-grid">
          <Field
            label="Source"
            help="meta.source equals this"
            error={errorOf("source")}
          >
            <input {...bind("source")} />
          </Field>
          <Field
            label="Tag"
            help="meta.tags contains this"
            error={errorOf("tag")}
          >
            <input {...bind("tag")} />
          </Field>
          <Field
            label="Text"
            help="In the prompt or the final answer (any case)"
            error={errorOf("q")}
          >
            <input {...bind("q")} type="search" />
          </Field>
          <Field
            label="Meta filters"
            help="One key=value per line; all must match, e.g. generator=arithmetic"
            error={errorOf("filters")}
          >
            <textarea {...bind("filters")} rows={3} spellCheck={false} />
          </Field>
          <Field
            label="Stored after"
            help="Inclusive, your time zone"
            error={errorOf("created_after")}
          >
            <input {...bind("created_after")} type="datetime-local" step={1} />
          </Field>
          <Field
            label="Stored before"
            help="Exclusive"
            error={errorOf("created_before")}
          >
            <input {...bind("created_before")} type="datetime-local" step={1} />
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>Selection and split</legend>
        <div className="form-grid">
          <Field label="Strategy" error={errorOf("selection_strategy")}>
            <select {...bind("selection_strategy")}>
              {STRATEGIES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Limit"
            help="At most this many items"
            error={errorOf("limit")}
          >
            <input
              {...bind("limit")}
              type="number"
              min={1}
              inputMode="numeric"
            />
          </Field>
          {strategy === "stratified" && (
            <Field
              label="Stratify by"
              help="A meta key; each value gets its proportional share"
              error={errorOf("stratify_by")}
            >
              <input {...bind("stratify_by")} />
            </Field>
          )}
          <Field
            label="Seed"
            help={
              strategy === "latest"
                ? "Optional; fixes which items are eval"
                : "Required: the same seed gives the same dataset"
            }
            error={errorOf("seed")}
          >
            <input {...bind("seed")} type="number" inputMode="numeric" />
          </Field>
          <Field
            label="Eval fraction"
            help="0 to 0.9 of the items are tagged eval"
            error={errorOf("eval_fraction")}
          >
            <input
              {...bind("eval_fraction")}
              type="number"
              min={0}
              max={0.9}
              step={0.05}
            />
          </Field>
        </div>
      </fieldset>

      <LiveCount
        ready={selection !== null}
        preview={preview.data}
        counting={
          (selection !== null && selection !== settled) || preview.isFetching
        }
        invalid={Object.keys(fieldErrors(preview.error)).length > 0}
        error={preview.isError ? preview.error : null}
      />

      {build.isError &&
        (Object.keys(buildFieldErrors).length === 0 ||
          otherBuildErrors.length > 0) && (
          <ErrorNotice
            title="Could not build the dataset"
            error={
              otherBuildErrors.length > 0
                ? new Error(otherBuildErrors.join("; "))
                : build.error
            }
          />
        )}

      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={build.isPending || selection === null}
        >
          {build.isPending ? "Building…" : "Build dataset"}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

type LiveCountProps = {
  ready: boolean;
  preview: DatasetPreview | undefined;
  counting: boolean;
  /** The API named fields (their messages are shown beside them). */
  invalid: boolean;
  error: unknown;
};

function LiveCount({
  ready,
  preview,
  counting,
  invalid,
  error,
}: LiveCountProps) {
  let body: ReactNode;
  if (!ready || invalid) {
    body = (
      <span className="muted">
        Fix the highlighted fields to count the matching traces.
      </span>
    );
  } else if (error) {
    body = (
      <span className="field-error">
        Could not count the matching traces: {errorMessage(error)}
      </span>
    );
  } else if (!preview) {
    body = <span className="muted">Counting the matching traces…</span>;
  } else {
    body = <PreviewFacts preview={preview} />;
  }
  return (
    <div
      className="live-count"
      role="status"
      aria-live="polite"
      aria-label="Matching traces"
      aria-busy={counting}
      data-counting={counting || undefined}
    >
      {body}
    </div>
  );
}

function PreviewFacts({ preview }: { preview: DatasetPreview }) {
  const { matching_count, selected_count, splits } = preview;
  if (matching_count === 0) {
    return (
      <span>
        <strong data-testid="matching-count">0</strong> traces match these
        filters; a build would be refused.
      </span>
    );
  }
  const evalShare = selected_count > 0 ? splits.eval / selected_count : 0;
  return (
    <>
      <p>
        <strong data-testid="matching-count">
          {matching_count.toLocaleString()}
        </strong>{" "}
        {matching_count === 1 ? "trace matches" : "traces match"}. A build takes{" "}
        <strong>{selected_count.toLocaleString()}</strong>:{" "}
        <span data-testid="split-sizes">
          {splits.train.toLocaleString()} train / {splits.eval.toLocaleString()}{" "}
          eval
        </span>
        .
      </p>
      <div
        className="split-bar"
        aria-hidden="true"
        title={`${splits.train} train / ${splits.eval} eval`}
      >
        <span className="split-train" style={{ flexGrow: 1 - evalShare }} />
        <span className="split-eval" style={{ flexGrow: evalShare }} />
      </div>
    </>
  );
}
