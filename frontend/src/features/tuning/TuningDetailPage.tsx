import { useState } from "react";
import { Link, useParams } from "react-router";

import { ConfirmDialog } from "../../components/Dialog";
import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import { ErrorNotice, QueryState } from "../../components/QueryState";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDateTime, formatDuration } from "../../lib/format";
import {
  canCancel,
  isActive,
  useCancelTuningJob,
  useStartTuningJob,
  useTuningJob,
  type TuningJobDetail,
} from "./api";
import { BestTrialPanel } from "./BestTrialPanel";
import type { Direction } from "./chart";
import {
  describeEntry,
  finishedTrials,
  objectiveLabel,
  valueText,
} from "./labels";
import { MetricOverTrials, ParamsAgainstMetric } from "./TrialCharts";
import { TrialTable } from "./TrialTable";
import "./tuning.css";

function elapsed(job: TuningJobDetail): number | null {
  if (!job.started_at) return null;
  const end = job.finished_at ? new Date(job.finished_at) : new Date();
  return (end.getTime() - new Date(job.started_at).getTime()) / 1000;
}

function CancelButton({ job }: { job: TuningJobDetail }) {
  const [open, setOpen] = useState(false);
  const cancel = useCancelTuningJob(job.id);
  const close = () => {
    setOpen(false);
    cancel.reset();
  };
  return (
    <>
      <button
        type="button"
        className="button button-danger"
        onClick={() => setOpen(true)}
      >
        Cancel search
      </button>
      <ConfirmDialog
        title="Cancel this search?"
        open={open}
        onClose={close}
        keepLabel="Keep running"
        confirmLabel="Cancel search"
        pendingLabel="Cancelling…"
        pending={cancel.isPending}
        onConfirm={() => cancel.mutate(undefined, { onSuccess: close })}
      >
        <p>
          Trials still running are stopped and their runs cancelled; finished
          trials keep their results. A cancelled search cannot be restarted.
        </p>
        {cancel.isError && (
          <ErrorNotice title="Could not cancel" error={cancel.error} />
        )}
      </ConfirmDialog>
    </>
  );
}

function StartButton({ job }: { job: TuningJobDetail }) {
  const start = useStartTuningJob(job.id);
  return (
    <>
      <button
        type="button"
        className="button button-primary"
        disabled={start.isPending}
        onClick={() => start.mutate()}
      >
        {start.isPending ? "Starting…" : "Start search"}
      </button>
      {start.isError && (
        <ErrorNotice title="Could not start the search" error={start.error} />
      )}
    </>
  );
}

function Summary({ job }: { job: TuningJobDetail }) {
  const done = finishedTrials(job.trial_counts);
  const scheduler = job.scheduler;
  return (
    <Panel title="Search">
      <div
        className="progress"
        role="progressbar"
        aria-label="Trials finished"
        aria-valuemin={0}
        aria-valuemax={job.num_samples}
        aria-valuenow={done}
      >
        <span style={{ width: `${(100 * done) / job.num_samples}%` }} />
      </div>
      <p className="tuning-counts">
        {done} of {job.num_samples} trials finished
        {Object.entries(job.trial_counts).map(([status, count]) => (
          <span key={status}>
            {" "}
            · {count} <StatusBadge status={status} />
          </span>
        ))}
      </p>
      <dl className="facts">
        <dt>Dataset</dt>
        <dd>
          <Link to={`/datasets/${job.dataset_key}`}>{job.dataset_key}</Link>
        </dd>
        <dt>Base model</dt>
        <dd>
          <code>
            {typeof job.model_version?.pinned === "string"
              ? job.model_version.pinned
              : job.base_model}
          </code>
        </dd>
        <dt>Objective</dt>
        <dd>{objectiveLabel(job.objective)}</dd>
        <dt>Search</dt>
        <dd>
          {job.search_alg === "tpe" ? "Optuna TPE" : "random"}, seed {job.seed};{" "}
          {job.max_concurrent_trials} at a time
        </dd>
        <dt>Scheduler</dt>
        <dd>
          {scheduler.type === "asha"
            ? `ASHA (grace period ${valueText(scheduler.grace_period)}, reduction factor ${valueText(scheduler.reduction_factor)})`
            : "FIFO"}
        </dd>
        <dt>Steps per trial</dt>
        <dd>{job.trial_max_steps}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(job.created_at)}</dd>
        <dt>Started</dt>
        <dd>{formatDateTime(job.started_at)}</dd>
        <dt>Finished</dt>
        <dd>{formatDateTime(job.finished_at)}</dd>
        <dt>Elapsed</dt>
        <dd>{formatDuration(elapsed(job))}</dd>
      </dl>
    </Panel>
  );
}

function SpacePanel({ job }: { job: TuningJobDetail }) {
  return (
    <Panel title="Search space">
      <dl className="facts">
        {Object.entries(job.search_space).map(([name, entry]) => (
          <div key={name} className="tuning-facts-row">
            <dt>
              <code>{name}</code>
            </dt>
            <dd>{describeEntry(entry)}</dd>
          </div>
        ))}
      </dl>
      <details>
        <summary>Fixed config</summary>
        <pre className="block">{JSON.stringify(job.fixed_config, null, 2)}</pre>
      </details>
    </Panel>
  );
}

function TuningJobView({ job }: { job: TuningJobDetail }) {
  const metric = valueText(job.objective.metric);
  const direction: Direction =
    job.objective.direction === "max" ? "max" : "min";
  const params = Object.keys(job.search_space);
  return (
    <>
      <PageHeader
        title={job.name}
        description={
          <>
            <StatusBadge status={job.status} />{" "}
            {job.status_note && <span>{job.status_note}</span>}
            {isActive(job.status) && (
              <span className="muted"> · updates every few seconds</span>
            )}
          </>
        }
        actions={
          <>
            {job.status === "created" && <StartButton job={job} />}
            {canCancel(job.status) && <CancelButton job={job} />}
            <Link to="/tuning" className="button">
              All searches
            </Link>
          </>
        }
      />
      {job.error && (
        <ErrorNotice
          title={`The search ${job.status}`}
          error={new Error(job.error)}
        />
      )}
      <div className="grid">
        <Summary job={job} />
        <SpacePanel job={job} />
      </div>
      <Panel title="Trials">
        <TrialTable
          trials={job.trials}
          params={params}
          metric={metric}
          bestTrialId={job.best_trial_id}
        />
      </Panel>
      <div className="grid">
        <Panel title={`${metric} over trials`}>
          <MetricOverTrials
            trials={job.trials}
            metric={metric}
            direction={direction}
            searchSpace={job.search_space}
          />
        </Panel>
        <Panel title={`Hyperparameters against ${metric}`}>
          <ParamsAgainstMetric
            trials={job.trials}
            metric={metric}
            direction={direction}
            searchSpace={job.search_space}
          />
        </Panel>
      </div>
      <BestTrialPanel job={job} />
    </>
  );
}

export function TuningDetailPage() {
  const { tuningJobId = "" } = useParams();
  const job = useTuningJob(tuningJobId);
  return (
    <div className="page">
      <QueryState query={job} what="the tuning job">
        {(data) => <TuningJobView job={data} />}
      </QueryState>
    </div>
  );
}
