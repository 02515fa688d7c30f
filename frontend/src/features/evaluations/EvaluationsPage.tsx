import { useState } from "react";
import { Link } from "react-router";

import { Field } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { StatusBadge } from "../../components/StatusBadge";
import { useUrlState } from "../../hooks/useUrlState";
import { formatDateTime, formatNumber, shortId } from "../../lib/format";
import {
  EVALUATIONS_PAGE_SIZE,
  JOB_STATUSES,
  useEvaluations,
  type Evaluation,
} from "./api";
import { ModelLink } from "./ModelLink";
import { Pager } from "./Pager";
import "./evaluations.css";

const KEYS = [
  "model_name",
  "dataset_key",
  "status",
  "run_id",
  "offset",
] as const;

/** Every evaluation, newest first, with filters in the URL and the form to start one. */
export function EvaluationsPage() {
  const [url, setUrl] = useUrlState(KEYS);
  const offset = Number(url.offset) || 0;
  const evaluations = useEvaluations({
    model_name: url.model_name,
    dataset_key: url.dataset_key,
    status: url.status,
    run_id: url.run_id,
    offset,
  });
  const [selected, setSelected] = useState<string[]>([]);
  const filter = (key: (typeof KEYS)[number], value: string) =>
    setUrl({ [key]: value, offset: null });
  const toggle = (id: string, on: boolean) =>
    // Compare takes two: a third pick replaces the older one.
    setSelected((s) =>
      on
        ? [...s.filter((x) => x !== id), id].slice(-2)
        : s.filter((x) => x !== id),
    );
  const [a, b] = selected;

  return (
    <div className="page">
      <PageHeader
        title="Evaluations"
        description="Models run over a dataset split and scored by judges, with 95% confidence intervals."
        actions={
          <>
            {a && b ? (
              <Link
                className="button"
                to={`/evaluations/compare?a=${a}&b=${b}`}
              >
                Compare selected
              </Link>
            ) : (
              <Link className="button" to="/evaluations/compare">
                Compare…
              </Link>
            )}
            <Link
              className="button button-primary"
              to={
                url.run_id
                  ? `/evaluations/new?run_id=${encodeURIComponent(url.run_id)}`
                  : "/evaluations/new"
              }
            >
              New evaluation
            </Link>
          </>
        }
      />

      <div className="filters" role="search" aria-label="Filter evaluations">
        <Field label="Model">
          <input
            value={url.model_name}
            placeholder="exact name: run:… or name@3"
            onChange={(e) => filter("model_name", e.target.value)}
          />
        </Field>
        <Field label="Dataset">
          <input
            value={url.dataset_key}
            onChange={(e) => filter("dataset_key", e.target.value)}
          />
        </Field>
        <Field label="Run id">
          <input
            value={url.run_id}
            onChange={(e) => filter("run_id", e.target.value)}
          />
        </Field>
        <Field label="Status">
          <select
            value={url.status}
            onChange={(e) => filter("status", e.target.value)}
          >
            <option value="">any</option>
            {JOB_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        </Field>
      </div>

      <QueryState
        query={evaluations}
        what="evaluations"
        isEmpty={(page) => page.data.length === 0}
        empty={
          url.model_name || url.dataset_key || url.status || url.run_id
            ? "No evaluation matches these filters."
            : "No evaluations yet. Start one with “New evaluation”."
        }
      >
        {(page) => (
          <>
            <div className="table-wrap">
              <table className="table" aria-label="Evaluations">
                <thead>
                  <tr>
                    <th scope="col">
                      <span className="visually-hidden">Select</span>
                    </th>
                    <th scope="col">Evaluation</th>
                    <th scope="col">Model</th>
                    <th scope="col">Dataset</th>
                    <th scope="col">Judges (mean)</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((e) => (
                    <EvaluationRow
                      key={e.evaluation_id}
                      evaluation={e}
                      selected={selected.includes(e.evaluation_id)}
                      onSelect={(on) => toggle(e.evaluation_id, on)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              offset={offset}
              pageSize={EVALUATIONS_PAGE_SIZE}
              shown={page.data.length}
              nextOffset={page.pagination.next_offset}
              onOffset={(o) => setUrl({ offset: o ? String(o) : null })}
              what="evaluations"
            />
          </>
        )}
      </QueryState>
    </div>
  );
}

type RowProps = {
  evaluation: Evaluation;
  selected: boolean;
  onSelect: (on: boolean) => void;
};

function EvaluationRow({ evaluation: e, selected, onSelect }: RowProps) {
  const id = shortId(e.evaluation_id);
  return (
    <tr>
      <td>
        <input
          type="checkbox"
          checked={selected}
          onChange={(event) => onSelect(event.target.checked)}
          aria-label={`Select evaluation ${id} to compare`}
        />
      </td>
      <td>
        <Link to={`/evaluations/${e.evaluation_id}`} className="mono">
          {id}
        </Link>
      </td>
      <td>
        <ModelLink model={e} />
      </td>
      <td>
        {e.dataset_key} <span className="muted">· {e.split}</span>
      </td>
      <td>
        {e.scores.length > 0
          ? e.scores.map((s) => (
              <div key={s.judge}>
                {s.judge}{" "}
                <span className="mono">{formatNumber(s.mean, 3)}</span>
              </div>
            ))
          : e.judges.map((j) => (
              <div key={String(j.name)}>{String(j.name)}</div>
            ))}
      </td>
      <td>
        <StatusBadge status={e.status} />
      </td>
      <td>
        <time dateTime={e.created_at}>{formatDateTime(e.created_at)}</time>
      </td>
    </tr>
  );
}
