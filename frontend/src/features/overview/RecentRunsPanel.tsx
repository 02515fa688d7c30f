import type { UseQueryResult } from "@tanstack/react-query";
import { Link } from "react-router";

import { Panel } from "../../components/Panel";
import { QueryState } from "../../components/QueryState";
import { StatusBadge } from "../../components/StatusBadge";
import { formatRelative, shortId } from "../../lib/format";
import type { Overview, RecentRun } from "./api";
import { asProgress, progressText } from "./demo";

function RunProgress({ run }: { run: RecentRun }) {
  const progress = asProgress(run.progress);
  if (!progress) return <span className="muted">—</span>;
  return (
    <div className="overview-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label={`Progress of run ${shortId(run.run_id)}`}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.step}
      >
        <span
          style={{
            width: `${Math.min(100, (100 * progress.step) / progress.total)}%`,
          }}
        />
      </div>
      <small className="muted">{progressText(progress)}</small>
    </div>
  );
}

/** The newest training runs, each a link to its page. */
export function RecentRunsPanel({
  query,
}: {
  query: UseQueryResult<Overview>;
}) {
  return (
    <Panel title="Recent runs">
      <QueryState
        query={query}
        what="recent runs"
        isEmpty={(overview) => overview.recent_runs.length === 0}
        empty={
          <>
            No training runs yet. Run the demo above, or{" "}
            <Link to="/runs">start one from Runs</Link>.
          </>
        }
      >
        {(overview) => (
          <div className="table-wrap">
            <table className="table" aria-label="Recent runs">
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Status</th>
                  <th scope="col">Model</th>
                  <th scope="col">Dataset</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {overview.recent_runs.map((run) => (
                  <tr key={run.run_id}>
                    <td>
                      <Link to={`/runs/${run.run_id}`} className="mono">
                        {shortId(run.run_id)}
                      </Link>
                      {run.dry_run && <span className="muted"> (dry run)</span>}
                    </td>
                    <td>
                      <StatusBadge status={run.status} />
                    </td>
                    <td className="mono">{run.model_id}</td>
                    <td>
                      <Link
                        to={`/datasets/${encodeURIComponent(run.dataset_key)}`}
                      >
                        {run.dataset_key}
                      </Link>
                    </td>
                    <td>
                      <RunProgress run={run} />
                    </td>
                    <td title={run.created_at}>
                      {formatRelative(run.created_at)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </Panel>
  );
}
