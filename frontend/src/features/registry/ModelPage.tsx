import { Link, useParams, useSearchParams } from "react-router";

import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import { QueryState } from "../../components/QueryState";
import {
  formatBytes,
  formatDateTime,
  formatRelative,
  shortId,
} from "../../lib/format";
import { AliasBadges, Tags } from "./AliasBadges";
import { AliasHistory } from "./AliasHistory";
import {
  useAliases,
  useModel,
  useVersions,
  type ModelVersion,
  type RegisteredModel,
} from "./api";
import { MoveAliasForm } from "./MoveAliasForm";
import { PromoteForm } from "./PromoteForm";
import "./registry.css";

function VersionsTable({
  name,
  versions,
}: {
  name: string;
  versions: ModelVersion[];
}) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Label</th>
            <th>Created</th>
            <th className="num">Size</th>
            <th className="num">Files</th>
            <th>Source run</th>
            <th>Aliases</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} data-version={v.version}>
              <td>
                <Link to={`/models/${name}/versions/${v.version}`}>
                  v{v.version}
                </Link>
              </td>
              <td>{v.label ?? <span className="muted">—</span>}</td>
              <td>{formatDateTime(v.created_at)}</td>
              <td className="num">{formatBytes(v.size_bytes)}</td>
              <td className="num">{v.files.length}</td>
              <td>
                {v.source_run_id ? (
                  <Link to={`/runs/${v.source_run_id}`} className="mono">
                    {shortId(v.source_run_id)}
                  </Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                <AliasBadges aliases={v.aliases} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CurrentAliases({
  name,
  gates,
}: {
  name: string;
  gates: Record<string, string>;
}) {
  const aliases = useAliases(name);
  return (
    <QueryState
      query={aliases}
      what="aliases"
      isEmpty={(list) => list.length === 0}
      empty="No aliases yet: point one at a version below."
    >
      {(list) => (
        <ul className="registry-aliases" aria-label="Current aliases">
          {list.map((a) => (
            <li key={a.alias} data-alias={a.alias}>
              <span className="badge alias-badge">{a.alias}</span> →{" "}
              <Link to={`/models/${name}/versions/${a.version}`}>
                version {a.version}
              </Link>{" "}
              <span className="muted">
                since{" "}
                <time
                  dateTime={a.updated_at}
                  title={formatDateTime(a.updated_at)}
                >
                  {formatRelative(a.updated_at)}
                </time>
              </span>
              {gates[a.alias] && (
                <span className="muted"> · gated by {gates[a.alias]}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </QueryState>
  );
}

function ModelBody({ model }: { model: RegisteredModel }) {
  const versions = useVersions(model.name);
  const [search] = useSearchParams();
  return (
    <>
      <Panel title="Versions">
        <QueryState
          query={versions}
          what="versions"
          isEmpty={(page) => page.data.length === 0}
          empty="No versions yet: promote a succeeded run below."
        >
          {(page) => <VersionsTable name={model.name} versions={page.data} />}
        </QueryState>
      </Panel>
      <div className="grid">
        <Panel title="Promote from a run">
          <PromoteForm
            name={model.name}
            initialRunId={search.get("run_id") ?? ""}
          />
        </Panel>
        <Panel title="Aliases">
          <CurrentAliases name={model.name} gates={model.alias_gates} />
          <MoveAliasForm
            name={model.name}
            versions={versions.data?.data ?? []}
            aliases={model.aliases}
            gates={model.alias_gates}
          />
        </Panel>
      </div>
      <Panel title="Alias history">
        <AliasHistory name={model.name} />
      </Panel>
    </>
  );
}

/** /models/:name: a model's versions, promotion from runs, and its aliases. */
export function ModelPage() {
  const { name = "" } = useParams();
  const model = useModel(name);
  return (
    <div className="page">
      <PageHeader
        title={name}
        description={
          model.data && (
            <>
              {model.data.description || "No description."}{" "}
              {model.data.tags.length > 0 && <Tags tags={model.data.tags} />}
            </>
          )
        }
        actions={
          <Link to="/models" className="button">
            All models
          </Link>
        }
      />
      <QueryState query={model} what="the model">
        {(data) => <ModelBody model={data} />}
      </QueryState>
    </div>
  );
}
