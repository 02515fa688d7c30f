import { Link } from "react-router";

import { Panel } from "../../components/Panel";
import { formatDateTime, formatNumber } from "../../lib/format";
import { boardKey, type Board } from "./api";
import { leaderboardHref } from "./links";
import { boardName, describeSetup } from "./setup";

/** Every board: one per dataset split and judge setup, with its leader. */
export function BoardList({ boards }: { boards: Board[] }) {
  return (
    <Panel title="Boards">
      <div className="table-wrap">
        <table className="table" aria-label="Boards">
          <thead>
            <tr>
              <th scope="col">Dataset</th>
              <th scope="col">Split</th>
              <th scope="col">Judge</th>
              <th scope="col">Judge setup</th>
              <th scope="col" className="num">
                Models
              </th>
              <th scope="col" className="num">
                Evaluations
              </th>
              <th scope="col">Leader</th>
              <th scope="col">Last evaluated</th>
            </tr>
          </thead>
          <tbody>
            {boards.map((b) => (
              <tr key={`${boardKey(b)}|${b.judge_key}`}>
                <td>
                  <Link to={leaderboardHref(b)} aria-label={boardName(b)}>
                    {b.dataset_key}
                  </Link>
                </td>
                <td>{b.split}</td>
                <td>{b.judge}</td>
                <td>
                  <span className="mono">{describeSetup(b.setup)}</span>
                  {!b.default_setup && (
                    <span className="badge badge-muted lb-setup-badge">
                      older setup
                    </span>
                  )}
                </td>
                <td className="num">{b.models}</td>
                <td className="num">{b.evaluations}</td>
                <td>
                  {b.best ? (
                    <>
                      {b.best.model_name}{" "}
                      <span className="mono">
                        {formatNumber(b.best.mean, 3)}
                      </span>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td>{formatDateTime(b.last_evaluated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
