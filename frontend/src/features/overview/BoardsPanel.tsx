import { Link } from "react-router";

import { Panel } from "../../components/Panel";
import { QueryState } from "../../components/QueryState";
import { formatPercent } from "../../lib/format";
import { useBoards } from "./api";
import { boardName } from "../leaderboard/setup";
import { leaderboardHref } from "../leaderboard/links";

/** The best model of every leaderboard (a dataset split scored by one judge). */
export function BoardsPanel() {
  const query = useBoards();
  return (
    <Panel title="Best model per leaderboard">
      <QueryState
        query={query}
        what="leaderboards"
        isEmpty={(boards) => boards.data.length === 0}
        empty="No leaderboards yet: a leaderboard appears when an evaluation finishes."
      >
        {(boards) => (
          <div className="table-wrap">
            <table className="table" aria-label="Best model per leaderboard">
              <thead>
                <tr>
                  <th scope="col">Leaderboard</th>
                  <th scope="col">Best model</th>
                  <th scope="col" className="num">
                    Mean
                  </th>
                  <th scope="col" className="num">
                    Models
                  </th>
                </tr>
              </thead>
              <tbody>
                {boards.data.map((board) => (
                  <tr
                    key={`${board.dataset_key}/${board.split}/${board.judge}/${board.judge_key}`}
                  >
                    <td>
                      <Link to={leaderboardHref(board)}>
                        {boardName(board)}
                      </Link>
                    </td>
                    <td className="mono">{board.best?.model_name ?? "—"}</td>
                    <td className="num">{formatPercent(board.best?.mean)}</td>
                    <td className="num">{board.models}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {boards.pagination.total > boards.data.length && (
              <p className="muted">
                {boards.data.length} of {boards.pagination.total} leaderboards,
                most recently evaluated first.{" "}
                <Link to="/leaderboard">All leaderboards</Link>
              </p>
            )}
          </div>
        )}
      </QueryState>
    </Panel>
  );
}
