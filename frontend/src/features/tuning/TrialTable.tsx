import { Link } from "react-router";

import { EmptyState } from "../../components/QueryState";
import { StatusBadge } from "../../components/StatusBadge";
import { formatNumber, shortId } from "../../lib/format";
import type { Trial } from "./chart";
import { valueText } from "./labels";

// More evaluations than this show as the first and the last few.
const SHOWN_POINTS = 4;

function formatParam(value: unknown): string {
  if (typeof value === "number") return formatNumber(value, 6);
  return valueText(value);
}

function Intermediate({ points }: { points: Trial["intermediate"] }) {
  if (points.length === 0) return <span className="muted">—</span>;
  const shown =
    points.length > SHOWN_POINTS
      ? [points[0]!, ...points.slice(-(SHOWN_POINTS - 1))]
      : points;
  return (
    <ol className="tuning-points" aria-label="eval loss by step">
      {shown.map((point, index) => (
        <li key={point.step}>
          {index === 1 && shown.length < points.length && (
            <span className="muted">… </span>
          )}
          <span className="muted">{point.step}:</span>{" "}
          {formatNumber(point.value)}
        </li>
      ))}
    </ol>
  );
}

type TrialTableProps = {
  trials: Trial[];
  params: string[];
  metric: string;
  bestTrialId: string | null;
};

/** Every trial with its params, eval losses while it trains, final metric and links. */
export function TrialTable({
  trials,
  params,
  metric,
  bestTrialId,
}: TrialTableProps) {
  if (trials.length === 0)
    return (
      <EmptyState>
        No trials yet: they appear here as the search starts them.
      </EmptyState>
    );
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Trials">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Trial</th>
            <th scope="col">Status</th>
            {params.map((param) => (
              <th scope="col" key={param} className="num">
                {param}
              </th>
            ))}
            <th scope="col">Eval loss by step</th>
            <th scope="col" className="num">
              {metric}
            </th>
            <th scope="col">Run</th>
            <th scope="col">Evaluation</th>
          </tr>
        </thead>
        <tbody>
          {trials.map((trial, index) => (
            <tr
              key={trial.id}
              className={
                trial.id === bestTrialId ? "tuning-best-row" : undefined
              }
            >
              <td className="num">{index + 1}</td>
              <td>
                <code>{trial.trial_key}</code>
                {trial.id === bestTrialId && (
                  <>
                    {" "}
                    <span className="badge badge-ok">best</span>
                  </>
                )}
              </td>
              <td>
                <StatusBadge status={trial.status} />
                {trial.error && (
                  <div className="tuning-trial-error">{trial.error}</div>
                )}
              </td>
              {params.map((param) => (
                <td key={param} className="num">
                  {formatParam(trial.params[param])}
                </td>
              ))}
              <td>
                <Intermediate points={trial.intermediate} />
              </td>
              <td className="num">{formatNumber(trial.final_metric)}</td>
              <td>
                {trial.run_id ? (
                  <Link to={`/runs/${trial.run_id}`}>
                    run {shortId(trial.run_id)}
                  </Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                {trial.evaluation_id ? (
                  <Link to={`/evaluations/${trial.evaluation_id}`}>
                    evaluation {shortId(trial.evaluation_id)}
                  </Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
