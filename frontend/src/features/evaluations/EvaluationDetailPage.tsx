import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";

import { apiUrl } from "../../api/client";
import { ConfirmDialog } from "../../components/Dialog";
import { LogViewer } from "../../components/LogViewer";
import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import { ErrorNotice, QueryState } from "../../components/QueryState";
import { StatusBadge } from "../../components/StatusBadge";
import { useJobStream, type JobStream } from "../../hooks/useJobStream";
import { useUrlState } from "../../hooks/useUrlState";
import {
  formatDateTime,
  formatDuration,
  formatNumber,
  shortId,
} from "../../lib/format";
import {
  ITEM_FILTER_KEYS,
  isFinished,
  judgesOf,
  useCancelEvaluation,
  useEvaluation,
  type Evaluation,
} from "./api";
import { ItemTable } from "./ItemTable";
import { ModelLink } from "./ModelLink";
import { JudgeAggregates } from "./JudgeAggregates";
import "./evaluations.css";

/** One evaluation: live status while it runs, then per-judge aggregates and its items. */
export function EvaluationDetailPage() {
  const { evaluationId = "" } = useParams();
  const evaluation = useEvaluation(evaluationId);
  return (
    <div className="page">
      <QueryState query={evaluation} what="the evaluation">
        {(e) => <EvaluationView evaluation={e} />}
      </QueryState>
    </div>
  );
}

function EvaluationView({ evaluation: e }: { evaluation: Evaluation }) {
  const judges = judgesOf(e);
  const [, setItemFilters] = useUrlState(ITEM_FILTER_KEYS);
  const running = !isFinished(e.status);
  const client = useQueryClient();
  const stream = useJobStream(
    apiUrl("/api/evaluations/{evaluation_id}/logs", {
      path: { evaluation_id: e.evaluation_id },
    }),
  );
  // The stream says first when the job ends: fetch the final record at once.
  const ended = stream.end?.status;
  useEffect(() => {
    if (ended) {
      void client.invalidateQueries({
        queryKey: ["evaluations", "detail", e.evaluation_id],
      });
      void client.invalidateQueries({ queryKey: ["evaluations", "list"] });
    }
  }, [ended, client, e.evaluation_id]);
  return (
    <>
      <PageHeader
        title={`Evaluation ${shortId(e.evaluation_id)}`}
        description={
          <>
            {e.model_name} on {e.dataset_key} ({e.split}) ·{" "}
            <StatusBadge status={e.status} />
          </>
        }
        actions={
          <>
            {e.status === "succeeded" && (
              <Link
                className="button"
                to={`/evaluations/compare?a=${e.evaluation_id}`}
              >
                Compare with…
              </Link>
            )}
            {running && <CancelButton evaluationId={e.evaluation_id} />}
          </>
        }
      />

      <div className="grid">
        <Panel title="Status">
          <StatusFacts evaluation={e} />
        </Panel>
        <Panel title="Setup">
          <SetupFacts evaluation={e} />
        </Panel>
      </div>

      {running && <Logs stream={stream} status={e.status} />}

      <section aria-labelledby="eval-scores-heading">
        <h2 id="eval-scores-heading" className="eval-section-title">
          Scores by judge
        </h2>
        {e.scores.length > 0 ? (
          <JudgeAggregates
            evaluation={e}
            judges={judges}
            onShowItems={(judge, outcome) => {
              setItemFilters({ judge, outcome, offset: null });
              document
                .getElementById("eval-items-heading")
                ?.scrollIntoView({ block: "start" });
            }}
          />
        ) : (
          <p className="state state-empty">
            {running
              ? "Scores appear when the evaluation has finished."
              : "This evaluation stored no scores."}
          </p>
        )}
      </section>

      <ItemTable
        evaluationId={e.evaluation_id}
        status={e.status}
        judges={judges.map((j) => j.name)}
      />

      {!running && <Logs stream={stream} status={e.status} />}
    </>
  );
}

function Logs({ stream, status }: { stream: JobStream; status: string }) {
  return (
    <Panel title="Logs">
      <LogViewer
        lines={stream.logs}
        connection={stream.connection}
        label="Evaluation logs"
        emptyText={
          status === "queued"
            ? "Waiting for the worker to start the evaluation…"
            : "No log lines."
        }
      />
    </Panel>
  );
}

function StatusFacts({ evaluation: e }: { evaluation: Evaluation }) {
  const step = Number(e.progress?.step);
  const total = Number(e.progress?.total);
  // Progress matters while it moves; afterwards the item count says it all.
  const hasProgress =
    !isFinished(e.status) &&
    Number.isFinite(step) &&
    Number.isFinite(total) &&
    total > 0;
  const phase = (name: string) => {
    const value = e.result?.[name];
    return value && typeof value === "object"
      ? (value as Record<string, unknown>)
      : null;
  };
  const generation = phase("generation");
  const judging = phase("judging");
  return (
    <>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={e.status} />
        </dd>
        {hasProgress && (
          <>
            <dt>Progress</dt>
            <dd>
              <div
                className="progress"
                role="progressbar"
                aria-label="Generation batches"
                aria-valuemin={0}
                aria-valuemax={total}
                aria-valuenow={step}
              >
                <span style={{ width: `${(100 * step) / total}%` }} />
              </div>
              <small className="muted">
                batch {step} of {total}
              </small>
            </dd>
          </>
        )}
        <dt>Created</dt>
        <dd>{formatDateTime(e.created_at)}</dd>
        <dt>Finished</dt>
        <dd>{formatDateTime(e.finished_at)}</dd>
        {e.finished_at && (
          <>
            <dt>Took</dt>
            <dd>
              {formatDuration(
                (new Date(e.finished_at).getTime() -
                  new Date(e.created_at).getTime()) /
                  1000,
              )}
            </dd>
          </>
        )}
        <dt>Items</dt>
        <dd>{e.item_count ?? "—"}</dd>
        {generation && (
          <>
            <dt>Generation</dt>
            <dd>{formatNumber(Number(generation.items_per_s), 2)} items/s</dd>
          </>
        )}
        {judging && (
          <>
            <dt>Judging</dt>
            <dd>{formatNumber(Number(judging.items_per_s), 2)} items/s</dd>
          </>
        )}
      </dl>
      {e.error && <ErrorNotice title="The evaluation failed" error={e.error} />}
    </>
  );
}

function SetupFacts({ evaluation: e }: { evaluation: Evaluation }) {
  const generation = Object.entries(e.generation).filter(([, v]) => v !== null);
  return (
    <dl className="facts">
      <dt>Model</dt>
      <dd>
        <ModelLink model={e} />
        {e.model_ref !== e.model_name && (
          <div className="muted mono">{e.model_ref}</div>
        )}
      </dd>
      <dt>Dataset</dt>
      <dd>
        <Link to={`/datasets/${encodeURIComponent(e.dataset_key)}`}>
          {e.dataset_key}
        </Link>{" "}
        <span className="muted mono" title={e.dataset_hash}>
          {shortId(e.dataset_hash)}
        </span>
      </dd>
      <dt>Split</dt>
      <dd>{e.split}</dd>
      <dt>Generation</dt>
      <dd className="mono eval-params">
        {generation.map(([k, v]) => (
          <div key={k}>
            {k}={JSON.stringify(v)}
          </div>
        ))}
      </dd>
      <dt>Tags</dt>
      <dd>
        {e.tags.length > 0
          ? e.tags.map((t) => (
              <span key={t} className="badge badge-muted eval-tag">
                {t}
              </span>
            ))
          : "—"}
      </dd>
    </dl>
  );
}

function CancelButton({ evaluationId }: { evaluationId: string }) {
  const [open, setOpen] = useState(false);
  const cancel = useCancelEvaluation(evaluationId);
  return (
    <>
      <button
        type="button"
        className="button button-danger"
        onClick={() => setOpen(true)}
      >
        Cancel evaluation
      </button>
      <ConfirmDialog
        title="Cancel this evaluation?"
        open={open}
        onClose={() => setOpen(false)}
        keepLabel="Keep it running"
        confirmLabel="Cancel evaluation"
        pendingLabel="Cancelling…"
        pending={cancel.isPending}
        onConfirm={() =>
          cancel.mutate(undefined, { onSuccess: () => setOpen(false) })
        }
      >
        <p>
          A queued evaluation is cancelled at once; a running one is stopped by
          the worker. Its scores are not stored.
        </p>
        {cancel.isError && (
          <ErrorNotice title="Could not cancel" error={cancel.error} />
        )}
      </ConfirmDialog>
    </>
  );
}
