import { Link } from "react-router";

import { Field } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { StatusBadge } from "../../components/StatusBadge";
import { useUrlState } from "../../hooks/useUrlState";
import { formatRelative } from "../../lib/format";
import {
  PAGE_SIZE,
  TUNING_STATUSES,
  useTuningJobs,
  type TuningJob,
} from "./api";
import { finishedTrials, objectiveLabel } from "./labels";
import "./tuning.css";

function TuningRow({ job }: { job: TuningJob }) {
  return (
    <tr>
      <td>
        <Link to={`/tuning/${job.id}`}>{job.name}</Link>
      </td>
      <td>
        <StatusBadge status={job.status} />
      </td>
      <td>
        <code>{job.dataset_key}</code>
      </td>
      <td>{objectiveLabel(job.objective)}</td>
      <td>{job.search_alg === "tpe" ? "Optuna TPE" : "random"}</td>
      <td className="num">
        {finishedTrials(job.trial_counts)} / {job.num_samples}
      </td>
      <td>
        <time dateTime={job.created_at}>{formatRelative(job.created_at)}</time>
      </td>
    </tr>
  );
}

export function TuningListPage() {
  const [filters, setFilters] = useUrlState(["status", "offset"] as const);
  const offset = Number(filters.offset) || 0;
  const jobs = useTuningJobs(filters.status, offset);
  return (
    <div className="page">
      <PageHeader
        title="Tuning"
        description="Hyperparameter searches: each trial is a training run, scored by an objective on the eval split."
        actions={
          <Link to="/tuning/new" className="button button-primary">
            New search
          </Link>
        }
      />
      <div className="filters">
        <Field label="Status">
          <select
            value={filters.status}
            onChange={(event) =>
              setFilters({ status: event.target.value, offset: null })
            }
          >
            <option value="">any</option>
            {TUNING_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <QueryState
        query={jobs}
        what="tuning jobs"
        isEmpty={(page) => page.data.length === 0 && offset === 0}
        empty={
          filters.status ? (
            <>No tuning jobs with status {filters.status}.</>
          ) : (
            <>
              No tuning jobs yet. <Link to="/tuning/new">Start a search</Link>.
            </>
          )
        }
      >
        {(page) => (
          <>
            <div className="table-wrap">
              <table className="table" aria-label="Tuning jobs">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Status</th>
                    <th scope="col">Dataset</th>
                    <th scope="col">Objective</th>
                    <th scope="col">Search</th>
                    <th scope="col" className="num">
                      Trials done
                    </th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((job) => (
                    <TuningRow key={job.id} job={job} />
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="tuning-pager" aria-label="Pages">
              <button
                type="button"
                className="button"
                disabled={offset === 0}
                onClick={() =>
                  setFilters({
                    offset: String(Math.max(0, offset - PAGE_SIZE) || ""),
                  })
                }
              >
                Newer
              </button>
              <button
                type="button"
                className="button"
                disabled={page.pagination.next_offset === null}
                onClick={() =>
                  setFilters({
                    offset: String(page.pagination.next_offset ?? ""),
                  })
                }
              >
                Older
              </button>
            </nav>
          </>
        )}
      </QueryState>
    </div>
  );
}
