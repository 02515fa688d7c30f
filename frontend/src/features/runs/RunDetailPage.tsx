import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router";

import { apiUrl } from "../../api/client";
import { ConfirmDialog } from "../../components/Dialog";
import { LogViewer } from "../../components/LogViewer";
import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import { ErrorNotice, QueryState } from "../../components/QueryState";
import { StatusBadge } from "../../components/StatusBadge";
import { useJobStream } from "../../hooks/useJobStream";
import { formatDateTime, shortId } from "../../lib/format";
import {
  isFinished,
  refreshRun,
  useCancelRun,
  useRun,
  useRunMetrics,
  type Run,
} from "./api";
import { mergeMetrics } from "./chartData";
import { progressOf, recentMedian, secondsBetween } from "./eta";
import { RunCharts } from "./RunCharts";
import {
  ArtifactsPanel,
  ConfigPanel,
  EvaluationsPanel,
  ProgressPanel,
} from "./RunPanels";
import "./runs.css";

/** /runs/:runId: one run, live while it trains. */
export function RunDetailPage() {
  const { runId = "" } = useParams();
  const run = useRun(runId);
  return (
    <div className="page">
      <QueryState query={run} what="the run">
        {(data) => <RunView run={data} />}
      </QueryState>
    </div>
  );
}

/** A clock that ticks every second while `running`, so elapsed time and ETA move. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

function RunView({ run }: { run: Run }) {
  const client = useQueryClient();
  const stream = useJobStream(
    apiUrl("/api/tunix/runs/{run_id}/logs", { path: { run_id: run.run_id } }),
  );
  const history = useRunMetrics(run.run_id);

  // The stream says first when the run ends: fetch its final record, files and evaluations.
  const ended = stream.end?.status;
  useEffect(() => {
    if (ended) refreshRun(client, run.run_id);
  }, [ended, client, run.run_id]);

  const status = run.status;
  const live = !isFinished(status);
  const now = useNow(live);
  const series = useMemo(
    () => mergeMetrics(history.data?.series, stream.metrics),
    [history.data, stream.metrics],
  );
  const recentStepS = useMemo(
    () => recentMedian((series.step_time ?? []).map((p) => p.value)),
    [series],
  );
  const progress =
    progressOf(run.progress) ?? progressOf(stream.heartbeat?.progress ?? null);

  return (
    <>
      <PageHeader
        title={`Run ${shortId(run.run_id)}`}
        description={
          <>
            <span data-testid="run-status">
              <StatusBadge status={status} />
            </span>{" "}
            <span className="mono">{run.model_id}</span> on{" "}
            <Link to={`/datasets/${encodeURIComponent(run.dataset_key)}`}>
              {run.dataset_key}
            </Link>
            {run.dry_run && " (dry run)"}
          </>
        }
        actions={
          <>
            <Link to="/runs" className="button">
              All runs
            </Link>
            {(status === "queued" || status === "running") && (
              <CancelRun run={run} />
            )}
          </>
        }
      />
      {run.error && (
        <div
          className={
            status === "failed" || status === "timed_out"
              ? "state state-error"
              : "state run-note"
          }
          role={status === "failed" ? "alert" : undefined}
        >
          <strong>
            {status === "failed"
              ? "The run failed"
              : `The run ended: ${status.replace(/_/g, " ")}`}
          </strong>
          <pre className="block run-error">{run.error}</pre>
        </div>
      )}
      <div className="run-top">
        <ProgressPanel
          run={run}
          progress={progress}
          elapsedS={secondsBetween(run.started_at, run.finished_at, now)}
          recentStepS={recentStepS}
          live={live}
        />
        <Panel title="Run">
          <dl className="facts">
            <dt>Id</dt>
            <dd className="mono">{run.run_id}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(run.created_at)}</dd>
            <dt>Started</dt>
            <dd>{formatDateTime(run.started_at)}</dd>
            <dt>Finished</dt>
            <dd>{formatDateTime(run.finished_at)}</dd>
            <dt>Attempt</dt>
            <dd>
              {run.attempt} of {run.max_attempts}
            </dd>
            <dt>Priority</dt>
            <dd>{run.priority}</dd>
            <dt>Timeout</dt>
            <dd>{run.timeout_s === null ? "none" : `${run.timeout_s} s`}</dd>
            <dt>Last checkpoint</dt>
            <dd className="mono">{run.last_checkpoint ?? "—"}</dd>
            <dt>Dataset hash</dt>
            <dd className="mono">{run.dataset_hash.slice(0, 16)}</dd>
          </dl>
        </Panel>
      </div>
      <Panel title="Metrics">
        {history.isError && (
          <ErrorNotice
            title="Could not load the metric history; showing live points only"
            error={history.error}
            onRetry={() => void history.refetch()}
          />
        )}
        <RunCharts series={series} />
      </Panel>
      <Panel title="Logs">
        <LogViewer
          lines={stream.logs}
          connection={stream.connection}
          label="Run logs"
          emptyText={
            status === "queued"
              ? "Waiting for the worker to start the run…"
              : "No log lines yet."
          }
        />
      </Panel>
      <div className="grid">
        <ArtifactsPanel run={run} live={live} />
        <EvaluationsPanel run={run} />
      </div>
      <ConfigPanel run={run} />
    </>
  );
}

function CancelRun({ run }: { run: Run }) {
  const [open, setOpen] = useState(false);
  const cancel = useCancelRun(run.run_id);
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
        Cancel run
      </button>
      <ConfirmDialog
        title={`Cancel run ${shortId(run.run_id)}?`}
        open={open}
        onClose={close}
        keepLabel="Keep it"
        confirmLabel="Cancel run"
        pendingLabel="Cancelling…"
        pending={cancel.isPending}
        onConfirm={() => cancel.mutate(undefined, { onSuccess: close })}
      >
        <p>
          {run.status === "queued"
            ? "The run has not started; it will never start."
            : "The worker stops the run at the next step and saves a checkpoint. Its files stay."}
        </p>
        {cancel.isError && (
          <ErrorNotice title="Could not cancel the run" error={cancel.error} />
        )}
      </ConfirmDialog>
    </>
  );
}
