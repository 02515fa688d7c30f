import { Link } from "react-router";

import { QueryState } from "../../components/QueryState";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDateTime } from "../../lib/format";
import { useAliasHistory, type AliasEvent } from "./api";
import { checkSummary } from "./gate";

function VersionLink({ name, version }: { name: string; version: number }) {
  return <Link to={`/models/${name}/versions/${version}`}>v{version}</Link>;
}

function Move({ name, event }: { name: string; event: AliasEvent }) {
  return (
    <>
      {event.from_version === null ? (
        <span className="muted">new</span>
      ) : (
        <VersionLink name={name} version={event.from_version} />
      )}
      {" → "}
      {event.to_version === null ? (
        <span className="muted">removed</span>
      ) : (
        <VersionLink name={name} version={event.to_version} />
      )}
    </>
  );
}

/** Every alias move, newest first: forced ones are marked, with the check they overrode. */
export function AliasHistory({ name }: { name: string }) {
  const history = useAliasHistory(name);
  return (
    <QueryState
      query={history}
      what="alias history"
      isEmpty={(page) => page.data.length === 0}
      empty="No alias has been moved yet."
    >
      {(page) => (
        <div className="table-wrap">
          <table className="table" aria-label="Alias history">
            <thead>
              <tr>
                <th>When</th>
                <th>Alias</th>
                <th>Move</th>
                <th>Gate</th>
                <th>Forced</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((event) => (
                <tr key={event.id} data-forced={event.forced}>
                  <td>{formatDateTime(event.created_at)}</td>
                  <td>
                    <span className="badge alias-badge">{event.alias}</span>
                  </td>
                  <td>
                    <Move name={name} event={event} />
                  </td>
                  <td>
                    {typeof event.check?.verdict === "string" && (
                      <>
                        <StatusBadge status={event.check.verdict} />{" "}
                      </>
                    )}
                    {checkSummary(event.check)}
                  </td>
                  <td>
                    {event.forced ? (
                      <span className="badge badge-warn">forced</span>
                    ) : (
                      <span className="muted">no</span>
                    )}
                  </td>
                  <td>{event.reason ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </QueryState>
  );
}
