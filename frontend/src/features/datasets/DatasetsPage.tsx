import { Link } from "react-router";

import { Field } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import { QueryState } from "../../components/QueryState";
import { useUrlState } from "../../hooks/useUrlState";
import { formatDateTime, formatNumber } from "../../lib/format";
import { DATASETS_PAGE_SIZE, useDatasets, type DatasetSummary } from "./api";
import { BuildDatasetForm } from "./BuildDatasetForm";
import "./datasets.css";

const KEYS = ["name", "offset", "build"] as const;

/** Every dataset, newest first, and the form that builds a new one. */
export function DatasetsPage() {
  const [url, setUrl] = useUrlState(KEYS);
  const offset = Math.max(0, Number(url.offset) || 0);
  const datasets = useDatasets({ name: url.name.trim(), offset });
  const building = url.build === "1";

  return (
    <div className="page">
      <PageHeader
        title="Datasets"
        description="Immutable, versioned selections of stored traces, split into train and eval, ready to export."
        actions={
          <button
            type="button"
            className="button button-primary"
            aria-expanded={building}
            onClick={() => setUrl({ build: building ? null : "1" })}
          >
            New dataset
          </button>
        }
      />

      {building && (
        <Panel title="Build a dataset">
          <BuildDatasetForm onCancel={() => setUrl({ build: null })} />
        </Panel>
      )}

      <Panel title="All datasets">
        <div className="filters" role="search" aria-label="Filter datasets">
          <Field label="Name" help="Exact dataset name (all its versions)">
            <input
              type="search"
              value={url.name}
              onChange={(e) => setUrl({ name: e.target.value, offset: null })}
            />
          </Field>
        </div>
        <QueryState
          query={datasets}
          what="datasets"
          isEmpty={(page) => page.data.length === 0}
          empty={
            url.name || offset > 0 ? (
              "No dataset matches this filter."
            ) : building ? (
              "No datasets yet."
            ) : (
              <>
                No datasets yet.{" "}
                <button
                  type="button"
                  className="button"
                  onClick={() => setUrl({ build: "1" })}
                >
                  Build the first one
                </button>
              </>
            )
          }
        >
          {(page) => (
            <>
              <DatasetTable datasets={page.data} />
              <nav className="pager" aria-label="Pages of datasets">
                <button
                  type="button"
                  className="button"
                  disabled={offset === 0}
                  onClick={() =>
                    setUrl({
                      offset:
                        offset - DATASETS_PAGE_SIZE > 0
                          ? String(offset - DATASETS_PAGE_SIZE)
                          : null,
                    })
                  }
                >
                  Newer
                </button>
                <span className="muted">
                  {offset + 1}–{offset + page.data.length}
                </span>
                <button
                  type="button"
                  className="button"
                  disabled={page.pagination.next_offset == null}
                  onClick={() =>
                    setUrl({ offset: String(page.pagination.next_offset) })
                  }
                >
                  Older
                </button>
              </nav>
            </>
          )}
        </QueryState>
      </Panel>
    </div>
  );
}

function DatasetTable({ datasets }: { datasets: DatasetSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Dataset</th>
            <th scope="col" className="num">
              Items
            </th>
            <th scope="col" className="num">
              Train
            </th>
            <th scope="col" className="num">
              Eval
            </th>
            <th scope="col">Strategy</th>
            <th scope="col">Content hash</th>
            <th scope="col">Built</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((d) => (
            <tr key={d.dataset_key}>
              <td>
                <Link to={`/datasets/${encodeURIComponent(d.dataset_key)}`}>
                  {d.dataset_key}
                </Link>
              </td>
              <td className="num">{formatNumber(d.trace_count)}</td>
              <td className="num">{formatNumber(d.splits.train ?? 0)}</td>
              <td className="num">{formatNumber(d.splits.eval ?? 0)}</td>
              <td>{d.selection_strategy}</td>
              <td>
                <code title={d.content_hash}>
                  {d.content_hash.slice(0, 12)}
                </code>
              </td>
              <td>
                <time dateTime={d.created_at}>
                  {formatDateTime(d.created_at)}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
