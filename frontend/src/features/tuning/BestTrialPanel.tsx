import { Fragment, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";

import { fieldErrors } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { Field } from "../../components/Field";
import { Panel } from "../../components/Panel";
import {
  EmptyState,
  ErrorNotice,
  QueryState,
} from "../../components/QueryState";
import { formatNumber } from "../../lib/format";
import {
  useBestTrial,
  usePromoteBest,
  useRunBest,
  type BestTrial,
  type TuningJobDetail,
} from "./api";
import { valueText } from "./labels";

function TurnIntoRun({ job, best }: { job: TuningJobDetail; best: BestTrial }) {
  const navigate = useNavigate();
  const runBest = useRunBest(job.id);
  const [steps, setSteps] = useState("");
  const [evaluate, setEvaluate] = useState(false);
  const errors = fieldErrors(runBest.error);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    runBest.mutate(
      {
        maxSteps: steps.trim() === "" ? null : Number(steps),
        autoEvaluate: evaluate,
      },
      { onSuccess: (run) => void navigate(`/runs/${run.run_id}`) },
    );
  };
  return (
    <form
      className="form"
      onSubmit={onSubmit}
      aria-label="Turn the best trial into a run"
    >
      <div className="form-grid">
        <Field
          label="Training steps"
          error={errors.max_steps}
          help={`empty: ${job.trial_max_steps}, as the trial trained`}
        >
          <input
            type="number"
            min={1}
            placeholder={String(job.trial_max_steps)}
            value={steps}
            onChange={(event) => setSteps(event.target.value)}
          />
        </Field>
        <label className="tuning-check">
          <input
            type="checkbox"
            checked={evaluate}
            onChange={(event) => setEvaluate(event.target.checked)}
          />{" "}
          Evaluate the run as the objective did
        </label>
      </div>
      {runBest.isError && !errors.max_steps && (
        <ErrorNotice title="Could not start the run" error={runBest.error} />
      )}
      <div>
        <button
          type="submit"
          className="button button-primary"
          disabled={runBest.isPending}
        >
          {runBest.isPending ? "Starting…" : "Turn into a run"}
        </button>{" "}
        <span className="muted">
          trains trial <code>{best.trial.trial_key}</code>'s config as a normal
          run
        </span>
      </div>
    </form>
  );
}

function PromoteDialog({
  job,
  open,
  onClose,
}: {
  job: TuningJobDetail;
  open: boolean;
  onClose: () => void;
}) {
  const promote = usePromoteBest(job.id);
  const [modelName, setModelName] = useState("");
  const [label, setLabel] = useState("");
  const errors = fieldErrors(promote.error);
  const version = promote.data;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    promote.mutate({
      model_name: modelName.trim(),
      label: label.trim() === "" ? null : label.trim(),
    });
  };
  return (
    <Dialog
      title="Promote the best trial to the registry"
      open={open}
      onClose={onClose}
      actions={
        version ? (
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="submit"
              form="tuning-promote"
              className="button button-primary"
              disabled={promote.isPending}
            >
              {promote.isPending ? "Promoting…" : "Promote"}
            </button>
          </>
        )
      }
    >
      {version ? (
        <p role="status">
          Registered as <code>{version.ref}</code>.{" "}
          <Link to={`/models/${encodeURIComponent(version.model_name)}`}>
            Open {version.model_name}
          </Link>
        </p>
      ) : (
        <form id="tuning-promote" className="form" onSubmit={onSubmit}>
          <Field
            label="Model name"
            error={errors.model_name}
            help="created when missing; used in registry://name@N"
          >
            <input
              type="text"
              value={modelName}
              onChange={(event) => setModelName(event.target.value)}
            />
          </Field>
          <Field
            label="Label"
            error={errors.label}
            help={`empty: tuning ${job.name}: trial …`}
          >
            <input
              type="text"
              maxLength={200}
              value={label}
              onChange={(event) => setLabel(event.target.value)}
            />
          </Field>
          {promote.isError && !errors.model_name && !errors.label && (
            <ErrorNotice title="Could not promote" error={promote.error} />
          )}
        </form>
      )}
    </Dialog>
  );
}

function BestTrialBody({
  job,
  best,
}: {
  job: TuningJobDetail;
  best: BestTrial;
}) {
  const [promoting, setPromoting] = useState(false);
  return (
    <div className="tuning-best">
      <dl className="facts">
        <dt>Trial</dt>
        <dd>
          <code>{best.trial.trial_key}</code>
        </dd>
        <dt>
          {best.metric} ({best.direction})
        </dt>
        <dd>
          <strong>{formatNumber(best.value)}</strong>
        </dd>
        {Object.entries(best.trial.params).map(([name, value]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>
              <code>
                {typeof value === "number"
                  ? formatNumber(value, 6)
                  : valueText(value)}
              </code>
            </dd>
          </Fragment>
        ))}
        {best.trial.run_id && (
          <>
            <dt>Trial run</dt>
            <dd>
              <Link to={`/runs/${best.trial.run_id}`}>{best.trial.run_id}</Link>
            </dd>
          </>
        )}
      </dl>
      <details>
        <summary>Training config</summary>
        <pre className="block">{JSON.stringify(best.config, null, 2)}</pre>
      </details>
      <TurnIntoRun job={job} best={best} />
      <div>
        <button
          type="button"
          className="button"
          onClick={() => setPromoting(true)}
        >
          Promote to registry…
        </button>
      </div>
      <PromoteDialog
        job={job}
        open={promoting}
        onClose={() => setPromoting(false)}
      />
    </div>
  );
}

/** The best trial so far, its config, and turning it into a run or a registry version. */
export function BestTrialPanel({ job }: { job: TuningJobDetail }) {
  const best = useBestTrial(job.id, job.best_trial_id);
  return (
    <Panel title="Best trial">
      {job.best_trial_id === null ? (
        <EmptyState>No trial has a final metric yet.</EmptyState>
      ) : (
        <QueryState query={best} what="the best trial">
          {(data) => <BestTrialBody job={job} best={data} />}
        </QueryState>
      )}
    </Panel>
  );
}
