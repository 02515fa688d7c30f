import type { ReactNode } from "react";
import { Link, useParams } from "react-router";

import { apiUrl } from "../../api/client";
import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import { QueryState } from "../../components/QueryState";
import { StatusBadge } from "../../components/StatusBadge";
import {
  formatBytes,
  formatDateTime,
  formatNumber,
  shortId,
} from "../../lib/format";
import { AliasBadges } from "./AliasBadges";
import { useVersion, type ModelFile, type ModelVersion } from "./api";
import { judgeColumns, readLineage, type Lineage } from "./lineage";
import "./registry.css";

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label} className="registry-fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const missing = <span className="muted">—</span>;

function LineagePanel({ lineage }: { lineage: Lineage }) {
  const run = lineage.sourceRun;
  const dataset = lineage.dataset;
  return (
    <Panel title="Lineage">
      <Facts
        rows={[
          [
            "Source run",
            run ? (
              <>
                <Link to={`/runs/${run.id}`} className="mono">
                  {shortId(run.id)}
                </Link>{" "}
                {run.status && <StatusBadge status={run.status} />}{" "}
                <span className="muted">
                  {run.step !== null && `${run.step} steps · `}finished{" "}
                  {formatDateTime(run.finishedAt)}
                </span>
              </>
            ) : (
              missing
            ),
          ],
          [
            "Base model",
            lineage.baseModelRef ? (
              <code>{lineage.baseModelRef}</code>
            ) : (
              (lineage.baseModel ?? missing)
            ),
          ],
          [
            "Architecture",
            lineage.model
              ? `${lineage.model.family ?? "?"}, ${formatNumber(lineage.model.parameters, 0)} parameters`
              : missing,
          ],
          [
            "Dataset",
            dataset?.key ? (
              <Link to={`/datasets/${encodeURIComponent(dataset.key)}`}>
                {dataset.key}
              </Link>
            ) : (
              missing
            ),
          ],
          [
            "Dataset hash",
            dataset?.hash ? (
              <span className="registry-hash">{dataset.hash}</span>
            ) : (
              missing
            ),
          ],
          ["tunix-rt", lineage.code.tunixRt ?? missing],
          [
            "Packages",
            lineage.code.packages.length > 0
              ? lineage.code.packages
                  .map(([pkg, version]) => `${pkg} ${version}`)
                  .join(", ")
              : missing,
          ],
        ]}
      />
      {run && run.metrics.length > 0 && (
        <>
          <h3 className="registry-subheading">Final metrics of the run</h3>
          <Facts
            rows={run.metrics.map(([metric, value]) => [
              metric,
              formatNumber(value),
            ])}
          />
        </>
      )}
    </Panel>
  );
}

function EvaluationsPanel({ lineage }: { lineage: Lineage }) {
  const judges = judgeColumns(lineage.evaluations);
  return (
    <Panel title="Evaluations">
      {lineage.evaluations.length === 0 ? (
        <p className="muted">
          No finished evaluation of this version or its source run yet.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Evaluations">
            <thead>
              <tr>
                <th>Evaluation</th>
                <th>Model</th>
                <th>Dataset</th>
                {judges.map((judge) => (
                  <th key={judge} className="num">
                    {judge}
                  </th>
                ))}
                <th>Finished</th>
              </tr>
            </thead>
            <tbody>
              {lineage.evaluations.map((e) => (
                <tr key={e.evaluation_id}>
                  <td>
                    <Link
                      to={`/evaluations/${e.evaluation_id}`}
                      className="mono"
                    >
                      {shortId(e.evaluation_id)}
                    </Link>
                  </td>
                  <td className="mono">{e.model_ref}</td>
                  <td>
                    {e.dataset_key} / {e.split}
                  </td>
                  {judges.map((judge) => (
                    <td key={judge} className="num">
                      {formatNumber(e.means[judge] ?? null, 3)}
                    </td>
                  ))}
                  <td>{formatDateTime(e.finished_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

function FilesPanel({
  version,
  files,
}: {
  version: ModelVersion;
  files: ModelFile[];
}) {
  return (
    <Panel title="Files">
      <div className="table-wrap">
        <table className="table" aria-label="Files">
          <thead>
            <tr>
              <th>Path</th>
              <th className="num">Size</th>
              <th>sha256</th>
            </tr>
          </thead>
          <tbody>
            {files.map((file) => (
              <tr key={file.path}>
                <td>
                  <a
                    href={apiUrl(
                      "/api/models/{name}/versions/{version}/files/{path}",
                      {
                        path: {
                          name: version.model_name,
                          version: String(version.version),
                          path: file.path,
                        },
                      },
                    )}
                    download
                    aria-label={`Download ${file.path}`}
                  >
                    {file.path}
                  </a>
                </td>
                <td className="num">{formatBytes(file.size)}</td>
                <td className="registry-hash">{file.sha256}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

function VersionBody({ version }: { version: ModelVersion }) {
  const lineage = readLineage(version.lineage);
  return (
    <>
      <Panel title="Version">
        <Facts
          rows={[
            ["Reference", <code key="ref">{version.ref}</code>],
            ["Label", version.label ?? missing],
            ["Aliases", <AliasBadges key="a" aliases={version.aliases} />],
            ["Created", formatDateTime(version.created_at)],
            [
              "Size",
              `${formatBytes(version.size_bytes)} in ${version.files.length} files`,
            ],
            [
              "Content hash",
              <span key="h" className="registry-hash">
                {version.content_hash}
              </span>,
            ],
            ["Stored at", <code key="p">{version.path}</code>],
          ]}
        />
      </Panel>
      <div className="grid">
        <LineagePanel lineage={lineage} />
        <Panel title="Resolved config">
          {lineage.config ? (
            <pre className="block">
              {JSON.stringify(lineage.config, null, 2)}
            </pre>
          ) : (
            <p className="muted">The run recorded no config.</p>
          )}
        </Panel>
      </div>
      <EvaluationsPanel lineage={lineage} />
      <FilesPanel version={version} files={version.files} />
    </>
  );
}

/** /models/:name/versions/:version: where a version came from, its files and downloads. */
export function VersionPage() {
  const { name = "", version = "" } = useParams();
  const query = useVersion(name, version);
  const number = query.data?.version;
  return (
    <div className="page">
      <PageHeader
        title={`${name} · version ${number ?? version}`}
        description={
          <>
            <Link to={`/models/${name}`}>All versions of {name}</Link>
          </>
        }
        actions={
          query.data && (
            <a
              className="button button-primary"
              href={apiUrl("/api/models/{name}/versions/{version}/download", {
                path: { name, version: String(query.data.version) },
              })}
              download
            >
              Download zip
            </a>
          )
        }
      />
      <QueryState query={query} what="the version">
        {(data) => <VersionBody version={data} />}
      </QueryState>
    </div>
  );
}
