import { useState, type FormEvent } from "react";
import { Link } from "react-router";

import { errorMessage } from "../../api/client";
import { Field } from "../../components/Field";
import { formatDateTime, shortId } from "../../lib/format";
import { usePromotableRuns, usePromote, type Run } from "./api";
import { FormError } from "./FormError";
import {
  formFieldErrors,
  validatePromote,
  type Errors,
  type PromoteForm as Form,
} from "./forms";

const FIELDS = ["run_id", "label"] as const;

function runLabel(run: Run): string {
  const steps = run.config.max_steps;
  return [
    shortId(run.run_id),
    run.dataset_key,
    run.model_id,
    typeof steps === "number" ? `${steps} steps` : null,
    `finished ${formatDateTime(run.finished_at)}`,
  ]
    .filter(Boolean)
    .join(" · ");
}

type Props = {
  name: string;
  /** A run to start with, e.g. from `?run_id=` when coming from a run's page. */
  initialRunId?: string | undefined;
};

/** Promote a succeeded run's exported model into a new version of `name`. */
export function PromoteForm({ name, initialRunId = "" }: Props) {
  const [form, setForm] = useState<Form>({ runId: initialRunId, label: "" });
  const [local, setLocal] = useState<Errors>({});
  const runs = usePromotableRuns();
  const promote = usePromote(name);
  const errors = formFieldErrors(local, promote.error, FIELDS);

  const set = (change: Partial<Form>) => setForm((f) => ({ ...f, ...change }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validatePromote(form);
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    const label = form.label.trim();
    promote.mutate(
      { run_id: form.runId, label: label === "" ? null : label },
      { onSuccess: () => setForm({ runId: "", label: "" }) },
    );
  };

  const choices = runs.data ?? [];
  // A deep-linked run may be older than the newest page of runs: keep it selectable.
  const missing =
    form.runId !== "" && !choices.some((r) => r.run_id === form.runId);

  return (
    <form
      className="form"
      onSubmit={submit}
      aria-label="Promote from a run"
      noValidate
    >
      <div className="form-grid">
        <Field
          label="Succeeded run"
          help={
            runs.isError
              ? `Could not list runs: ${errorMessage(runs.error)}`
              : runs.isPending
                ? "Loading runs…"
                : choices.length === 0
                  ? "No succeeded run yet: train one first."
                  : "Its exported model becomes the next version."
          }
          error={errors.run_id}
        >
          <select
            value={form.runId}
            onChange={(e) => set({ runId: e.target.value })}
            required
          >
            <option value="">Pick a run…</option>
            {missing && <option value={form.runId}>{form.runId}</option>}
            {choices.map((run) => (
              <option key={run.run_id} value={run.run_id}>
                {runLabel(run)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Label"
          help="Optional free text, e.g. lr 3e-3."
          error={errors.label}
        >
          <input
            value={form.label}
            onChange={(e) => set({ label: e.target.value })}
            autoComplete="off"
          />
        </Field>
      </div>
      <FormError
        title="Could not promote the run"
        error={promote.error}
        fields={FIELDS}
      />
      <div className="registry-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={promote.isPending}
        >
          {promote.isPending ? "Promoting…" : "Promote"}
        </button>
        {promote.isSuccess && (
          <p className="registry-success" role="status">
            Promoted run {shortId(promote.data.source_run_id)} as{" "}
            <Link to={`/models/${name}/versions/${promote.data.version}`}>
              version {promote.data.version}
            </Link>
            .
          </p>
        )}
      </div>
    </form>
  );
}
