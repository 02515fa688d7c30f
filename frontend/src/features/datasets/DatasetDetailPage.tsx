import { Link, useParams } from "react-router";

import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import { QueryState } from "../../components/QueryState";
import { formatDateTime, formatNumber, formatPercent } from "../../lib/format";
import { useDataset, useDatasetValueCounts, type DatasetDetail } from "./api";
import { DatasetHistograms } from "./DatasetHistograms";
import { ExportPanel } from "./ExportPanel";
import { countsOf, filtersOf } from "./spec";
import "./datasets.css";

/** One dataset: what it is, how it was built, its distributions, samples and downloads. */
export function DatasetDetailPage() {
  const { datasetKey = "" } = useParams();
  const dataset = useDataset(datasetKey);
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/datasets">Datasets</Link> /
      </p>
      <QueryState query={dataset} what={`dataset ${datasetKey}`}>
        {(d) => <DatasetView dataset={d} />}
      </QueryState>
    </div>
  );
}

function DatasetView({ dataset }: { dataset: DatasetDetail }) {
  const spec = dataset.build_spec;
  const description =
    typeof spec.description === "string" ? spec.description : null;
  return (
    <>
      <PageHeader
        title={dataset.dataset_key}
        description={description ?? "Immutable dataset of stored traces."}
      />
      <div className="grid">
        <Facts dataset={dataset} />
        <BuildSpec dataset={dataset} />
        <Composition dataset={dataset} />
      </div>
      <Panel title="Distributions">
        <Histograms dataset={dataset} />
      </Panel>
      <ExportPanel dataset={dataset} />
    </>
  );
}

function Facts({ dataset }: { dataset: DatasetDetail }) {
  const train = dataset.splits.train ?? 0;
  const evalCount = dataset.splits.eval ?? 0;
  return (
    <Panel title="Facts">
      <dl className="facts">
        <dt>Key</dt>
        <dd>
          <code>{dataset.dataset_key}</code>
        </dd>
        <dt>Name</dt>
        <dd>{dataset.name}</dd>
        <dt>Version</dt>
        <dd>{dataset.version}</dd>
        <dt>Built</dt>
        <dd>
          <time dateTime={dataset.created_at}>
            {formatDateTime(dataset.created_at)}
          </time>
        </dd>
        <dt>Items</dt>
        <dd data-testid="item-count">{formatNumber(dataset.trace_count)}</dd>
        <dt>Split</dt>
        <dd data-testid="split">
          {formatNumber(train)} train / {formatNumber(evalCount)} eval
        </dd>
        <dt>Content hash</dt>
        <dd>
          <code className="hash">{dataset.content_hash}</code>
        </dd>
        <dt>Build id</dt>
        <dd>
          <code>{dataset.build_id}</code>
        </dd>
      </dl>
    </Panel>
  );
}

function BuildSpec({ dataset }: { dataset: DatasetDetail }) {
  const spec = dataset.build_spec;
  const filters = filtersOf(spec);
  const evalFraction =
    typeof spec.eval_fraction === "number" ? spec.eval_fraction : null;
  return (
    <Panel title="How it was built">
      <dl className="facts">
        <dt>Filters</dt>
        <dd>
          {filters.length === 0 ? (
            <span className="muted">none: every stored trace</span>
          ) : (
            <ul className="plain-list">
              {filters.map(([label, value]) => (
                <li key={label}>
                  {label} = <code>{value}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Strategy</dt>
        <dd>
          {dataset.selection_strategy}
          {typeof spec.stratify_by === "string" && (
            <>
              {" "}
              by <code>{spec.stratify_by}</code>
            </>
          )}
        </dd>
        <dt>Limit</dt>
        <dd>
          {typeof spec.limit === "number" ? formatNumber(spec.limit) : "—"}
        </dd>
        <dt>Seed</dt>
        <dd>{dataset.seed ?? <span className="muted">none</span>}</dd>
        <dt>Eval fraction</dt>
        <dd>{formatPercent(evalFraction, 0)}</dd>
      </dl>
    </Panel>
  );
}

function Composition({ dataset }: { dataset: DatasetDetail }) {
  const sources = countsOf(dataset.stats, "sources");
  const strata = countsOf(dataset.stats, "strata");
  return (
    <Panel title="Sources">
      <CountTable rows={sources} label="Source" />
      {strata.length > 0 && (
        <>
          <h3 className="subheading">
            Strata ({String(dataset.build_spec.stratify_by)})
          </h3>
          <CountTable rows={strata} label="Value" />
        </>
      )}
    </Panel>
  );
}

function CountTable({
  rows,
  label,
}: {
  rows: [string, number][];
  label: string;
}) {
  if (rows.length === 0) return <p className="muted">None recorded.</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{label}</th>
          <th scope="col" className="num">
            Items
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, count]) => (
          <tr key={name}>
            <td>{name}</td>
            <td className="num">{formatNumber(count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Histograms({ dataset }: { dataset: DatasetDetail }) {
  const counts = useDatasetValueCounts(dataset.dataset_key);
  return (
    <QueryState query={counts} what="distributions">
      {(c) => <DatasetHistograms counts={c} stats={dataset.stats} />}
    </QueryState>
  );
}
