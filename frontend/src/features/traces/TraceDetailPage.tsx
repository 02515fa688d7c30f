import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";

import { ConfirmDialog } from "../../components/Dialog";
import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import {
  EmptyState,
  ErrorNotice,
  QueryState,
} from "../../components/QueryState";
import { formatDateTime, formatNumber, shortId } from "../../lib/format";
import {
  payloadOf,
  useDeleteTrace,
  useScoreTrace,
  useTrace,
  useTraceScores,
  type ScoreResult,
  type TraceDetail,
} from "./api";
import { filtersSearch } from "./filters";
import { criterionLabel, scoreCriteria } from "./scores";
import { orderedSteps, type Step } from "./stepDiff";
import "./traces.css";

/** The steps as a numbered timeline, in the order of their index `i`. */
export function StepTimeline({ steps }: { steps: readonly Step[] }) {
  return (
    <ol className="timeline">
      {orderedSteps(steps).map((step, index) => (
        <li key={step.i} className="timeline-step">
          <span className="timeline-number" aria-hidden="true">
            {index + 1}
          </span>
          <div className="timeline-body">
            <div className="timeline-head">
              <span className="visually-hidden">Step {index + 1}: </span>
              <span className="badge badge-muted">{step.type}</span>
              <span className="muted mono">i={step.i}</span>
            </div>
            <p className="timeline-content">{step.content}</p>
          </div>
        </li>
      ))}
    </ol>
  );
}

function ScoreBreakdown({ score }: { score: ScoreResult }) {
  const criteria = scoreCriteria(score.details);
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Score by criterion</caption>
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <th scope="col" className="num">
              Points
            </th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {criteria.map((c) => (
            <tr key={c.name}>
              <td>{criterionLabel(c.name)}</td>
              <td className="num">
                {formatNumber(c.points, 2)} / {c.maxPoints}
              </td>
              <td className="muted">{c.explanation}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ScoresPanel({ traceId }: { traceId: string }) {
  const scores = useTraceScores(traceId);
  const score = useScoreTrace(traceId);
  return (
    <Panel title="Scores">
      <QueryState query={scores} what="scores">
        {({ data }) => {
          const [latest, ...older] = data;
          return (
            <div className="stack">
              {latest ? (
                <>
                  <p className="score-line">
                    <span className="score-big">
                      {formatNumber(latest.score, 2)}
                    </span>{" "}
                    <span className="muted">
                      / 100 · {latest.criteria} · scored{" "}
                      {formatDateTime(latest.created_at)}
                    </span>
                  </p>
                  <ScoreBreakdown score={latest} />
                  {older.length > 0 && (
                    <p className="muted">
                      Earlier:{" "}
                      {older.map((s) => formatNumber(s.score, 2)).join(", ")}
                    </p>
                  )}
                </>
              ) : (
                <EmptyState>
                  Not scored yet. The baseline score (0–100) judges the
                  trace&apos;s structure, not whether the answer is right.
                </EmptyState>
              )}
              <div>
                <button
                  type="button"
                  className={latest ? "button" : "button button-primary"}
                  disabled={score.isPending}
                  onClick={() => score.mutate()}
                >
                  {score.isPending
                    ? "Scoring…"
                    : latest
                      ? "Score again"
                      : "Compute baseline score"}
                </button>
              </div>
              {score.isError && (
                <ErrorNotice title="Could not score" error={score.error} />
              )}
            </div>
          );
        }}
      </QueryState>
    </Panel>
  );
}

function MetadataPanel({ trace }: { trace: TraceDetail }) {
  const { meta, trace_version } = payloadOf(trace.payload);
  return (
    <Panel title="Metadata">
      <dl className="facts">
        <dt>ID</dt>
        <dd className="mono">{trace.id}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(trace.created_at)}</dd>
        <dt>Version</dt>
        <dd>{trace_version}</dd>
        <dt>Source</dt>
        <dd>
          {trace.source ? (
            <Link to={`/traces${filtersSearch({ source: trace.source })}`}>
              {trace.source}
            </Link>
          ) : (
            "—"
          )}
        </dd>
        <dt>Tags</dt>
        <dd>
          {trace.tags.length === 0
            ? "—"
            : trace.tags.map((tag) => (
                <Link
                  key={tag}
                  className="badge badge-muted tag-link"
                  to={`/traces${filtersSearch({ tag })}`}
                >
                  {tag}
                </Link>
              ))}
        </dd>
        <dt>Content hash</dt>
        <dd className="mono">{trace.content_hash}</dd>
      </dl>
      {Object.keys(meta).length > 0 && (
        <details className="meta-json" open>
          <summary>meta</summary>
          <pre className="block">{JSON.stringify(meta, null, 2)}</pre>
        </details>
      )}
    </Panel>
  );
}

function DeleteTrace({ traceId }: { traceId: string }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteTrace(traceId);
  const navigate = useNavigate();
  const close = () => {
    if (!remove.isPending) {
      setOpen(false);
      remove.reset();
    }
  };
  return (
    <>
      <button
        type="button"
        className="button button-danger"
        onClick={() => setOpen(true)}
      >
        Delete
      </button>
      <ConfirmDialog
        title="Delete this trace?"
        open={open}
        onClose={close}
        keepLabel="Cancel"
        confirmLabel="Delete trace"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => void navigate("/traces"),
          })
        }
      >
        <p>
          Trace <code>{shortId(traceId)}</code> and its scores will be removed.
          Traces that belong to a dataset cannot be deleted.
        </p>
        {remove.isError && (
          <ErrorNotice title="Could not delete" error={remove.error} />
        )}
      </ConfirmDialog>
    </>
  );
}

export function TraceDetailPage() {
  const { traceId = "" } = useParams();
  const trace = useTrace(traceId);
  return (
    <div className="page">
      <PageHeader
        title={`Trace ${shortId(traceId)}`}
        description={<Link to="/traces">← All traces</Link>}
        actions={
          trace.isSuccess && (
            <>
              <Link
                className="button"
                to={`/traces?pick=${encodeURIComponent(traceId)}`}
              >
                Compare with…
              </Link>
              <DeleteTrace traceId={traceId} />
            </>
          )
        }
      />
      <QueryState query={trace} what="the trace">
        {(data) => {
          const payload = payloadOf(data.payload);
          return (
            <div className="trace-detail">
              <div className="trace-main">
                <Panel title="Prompt">
                  <p className="trace-text">{payload.prompt}</p>
                </Panel>
                <Panel title={`Steps (${payload.steps.length})`}>
                  <StepTimeline steps={payload.steps} />
                </Panel>
                <Panel title="Final answer">
                  <p className="trace-text trace-answer">
                    {payload.final_answer}
                  </p>
                </Panel>
              </div>
              <div className="trace-side">
                <ScoresPanel traceId={data.id} />
                <MetadataPanel trace={data} />
              </div>
            </div>
          );
        }}
      </QueryState>
    </div>
  );
}
