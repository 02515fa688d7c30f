import { Link } from "react-router";

import { Field } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { StatusBadge } from "../../components/StatusBadge";
import { useUrlState } from "../../hooks/useUrlState";
import {
  formatDuration,
  formatNumber,
  formatRelative,
  shortId,
} from "../../lib/format";
import {
  RUN_STATUSES,
  RUNS_PAGE_SIZE,
  useDatasetChoices,
  useRuns,
  type JobStatus,
  type Run,
} from "./api";
import { progressOf, secondsBetween } from "./eta";
import { section } from "./facts";
import "./runs.css";

const FILTER_KEYS = ["status", "dataset_key", "offset"] as const;

function asStatus(value: string): JobStatus | null {
  return (RUN_STATUSES as readonly string[]).includes(value)
    ? (value as JobStatus)
    : null;
}

/** /runs: every training run, newest first, filtered by status and dataset in the URL. */
export function RunsPage() {
  const [filters, setFilters] = useUrlState(FILTER_KEYS);
  const status = asStatus(filters.status);
  const offset = Math.max(0, Number.parseInt(filters.offset, 10) || 0);
  const runs = useRuns({
    status,
    dataset_key: filters.dataset_key || null,
    offset,
  });
  const datasets = useDatasetChoices();
  const filtered = status !== null || filters.dataset_key !== "";

  return (
    <div className="page">
      <PageHeader
        title="Runs"
        description="Fine-tuning runs: queued, running and finished, with their progress and results."
        actions={
          <Link to="/runs/new" className="button button-primary">
            New run
          </Link>
        }
      />
      <div className="filters" role="search" aria-label="Filter runs">
        <Field label="Status">
          <select
            value={status ?? ""}
            onChange={(event) =>
              setFilters({ status: event.target.value, offset: null })
            }
          >
            <option value="">All statuses</option>
            {RUN_STATUSES.map((value) => (
              <option key={value} value={value}>
                {value.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Dataset">
          <select
            value={filters.dataset_key}
            onChange={(event) =>
              setFilters({ dataset_key: event.target.value, offset: null })
            }
          >
            <option value="">All datasets</option>
            {filters.dataset_key !== "" &&
              !datasets.data?.data.some(
                (d) => d.dataset_key === filters.dataset_key,
              ) && (
                <option value={filters.dataset_key}>
                  {filters.dataset_key}
                </option>
              )}
            {datasets.data?.data.map((dataset) => (
              <option key={dataset.dataset_key} value={dataset.dataset_key}>
                {dataset.dataset_key}
              </option>
            ))}
          </select>
        </Field>
        {filtered && (
          <button
            type="button"
            className="button"
            onClick={() =>
              setFilters({ status: null, dataset_key: null, offset: null })
            }
          >
            Clear filters
          </button>
        )}
      </div>
      <QueryState
        query={runs}
        what="runs"
        isEmpty={(page) => page.data.length === 0 && offset === 0}
        empty={
          filtered ? (
            "No runs match these filters."
          ) : (
            <>
              No runs yet. <Link to="/runs/new">Start the first one</Link>.
            </>
          )
        }
      >
        {(page) => (
          <>
            <RunsTable runs={page.data} />
            {(offset > 0 || page.pagination.next_offset !== null) && (
              <nav className="pager" aria-label="Pages of runs">
                <button
                  type="button"
                  className="button"
                  disabled={offset === 0}
                  onClick={() => {
                    const newer = Math.max(0, offset - RUNS_PAGE_SIZE);
                    setFilters({ offset: newer === 0 ? null : String(newer) });
                  }}
                >
                  Newer
                </button>
                <span className="muted">
                  {page.data.length === 0
                    ? "No more runs"
                    : `Runs ${offset + 1}–${offset + page.data.length}`}
                </span>
                <button
                  type="button"
                  className="button"
                  disabled={page.pagination.next_offset === null}
                  onClick={() =>
                    setFilters({ offset: String(page.pagination.next_offset) })
                  }
                >
                  Older
                </button>
              </nav>
            )}
          </>
        )}
      </QueryState>
    </div>
  );
}

function RunsTable({ runs }: { runs: Run[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Dataset</th>
            <th scope="col">Model</th>
            <th scope="col">Progress</th>
            <th scope="col" className="num">
              Loss
            </th>
            <th scope="col">Created</th>
            <th scope="col" className="num">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <RunRow key={run.run_id} run={run} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunRow({ run }: { run: Run }) {
  const progress = progressOf(run.progress);
  const loss = section(run.result, "metrics")?.loss;
  return (
    <tr>
      <td>
        <Link to={`/runs/${run.run_id}`} className="mono">
          {shortId(run.run_id)}
        </Link>
        {run.dry_run && <span className="muted"> (dry run)</span>}
      </td>
      <td>
        <StatusBadge status={run.status} />
      </td>
      <td>{run.dataset_key}</td>
      <td className="mono run-model" title={run.model_id}>
        {run.model_id}
      </td>
      <td>
        {progress ? (
          <span className="run-progress-cell">
            <span
              className="progress"
              role="progressbar"
              aria-label={`Progress of run ${shortId(run.run_id)}`}
              aria-valuemin={0}
              aria-valuemax={progress.total}
              aria-valuenow={progress.step}
            >
              <span
                style={{
                  width: `${progress.total > 0 ? (100 * progress.step) / progress.total : 0}%`,
                }}
              />
            </span>
            <span className="muted">
              {progress.step}/{progress.total}
            </span>
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="num">
        {typeof loss === "number" ? formatNumber(loss) : "—"}
      </td>
      <td title={run.created_at}>{formatRelative(run.created_at)}</td>
      <td className="num">
        {formatDuration(secondsBetween(run.started_at, run.finished_at))}
      </td>
    </tr>
  );
}
