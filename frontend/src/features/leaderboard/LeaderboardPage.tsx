import { lazy, Suspense } from "react";
import { Link } from "react-router";

import { Field } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import { Loading, QueryState } from "../../components/QueryState";
import { useUrlState } from "../../hooks/useUrlState";
import { formatDateTime, formatNumber, shortId } from "../../lib/format";
import { ModelLink } from "../evaluations/ModelLink";
import { Pager } from "../evaluations/Pager";
import {
  LEADERBOARD_PAGE_SIZE,
  boardKey,
  useBoards,
  useLeaderboard,
  type Board,
  type BoardFilters,
  type Leaderboard,
  type Split,
} from "./api";
import { BoardList } from "./BoardList";
import type { LeaderboardRow } from "./chartData";
import { JudgeSetupLine, SetupPicker } from "./JudgeSetupView";
import "./leaderboard.css";

// recharts is large: the table shows while the chart's code is still on its way.
const LeaderboardChart = lazy(async () => ({
  default: (await import("./LeaderboardChart")).LeaderboardChart,
}));

const KEYS = [
  "dataset_key",
  "split",
  "judge",
  "judge_key",
  "pick",
  "model",
  "from",
  "to",
  "tag",
  "offset",
] as const;

const SPLITS: readonly Split[] = ["eval", "train", "all"];

/**
 * Models ranked by one judge's mean on one dataset split, for one setup of the judge (the
 * newest unless `judge_key` names another). Without a board in the URL the page lists
 * every board; with one, its table and chart, filtered from the query string.
 */
export function LeaderboardPage() {
  const [url, setUrl] = useUrlState(KEYS);
  const boards = useBoards();
  const chosen = url.dataset_key !== "" && url.judge !== "";
  const filters: BoardFilters | null = chosen
    ? {
        dataset_key: url.dataset_key,
        judge: url.judge,
        split: SPLITS.includes(url.split as Split)
          ? (url.split as Split)
          : "eval",
        judge_key: url.judge_key,
        pick: url.pick === "latest" ? "latest" : "best",
        model: url.model,
        from: url.from,
        to: url.to,
        tags: url.tag,
        offset: Number(url.offset) || 0,
      }
    : null;
  const board = useLeaderboard(filters);
  const setups = board.data?.setups ?? [];
  // Another board has other setups: its newest is where it opens.
  const openBoard = (b: {
    dataset_key: string;
    split: string;
    judge: string;
  }) =>
    setUrl({
      dataset_key: b.dataset_key,
      split: b.split,
      judge: b.judge,
      judge_key: null,
      offset: null,
    });

  return (
    <div className="page">
      <PageHeader
        title="Leaderboard"
        description="Models ranked by one judge's mean score on one dataset split, with 95% confidence intervals. Scores of different judges, judge setups or datasets are never ranked together."
      />
      {filters === null ? (
        <QueryState
          query={boards}
          what="leaderboards"
          isEmpty={(page) => page.data.length === 0}
          empty="No leaderboard yet: boards appear once an evaluation has finished with a score."
        >
          {(page) => <BoardList boards={page.data} />}
        </QueryState>
      ) : (
        <>
          <div className="filters" role="search" aria-label="Choose a board">
            <BoardPicker
              boards={boards.data?.data ?? []}
              current={filters}
              onChange={openBoard}
            />
            <Field label="Pick" help="Which evaluation stands for a model.">
              <select
                value={filters.pick}
                onChange={(e) =>
                  setUrl({
                    pick: e.target.value === "best" ? null : e.target.value,
                    offset: null,
                  })
                }
              >
                <option value="best">best (highest mean)</option>
                <option value="latest">latest (newest)</option>
              </select>
            </Field>
            {setups.length > 1 && (
              <SetupPicker
                setups={setups}
                current={board.data?.judge_key ?? ""}
                onChange={(judgeKey) =>
                  setUrl({ judge_key: judgeKey, offset: null })
                }
              />
            )}
            <Link className="button lb-all" to="/leaderboard">
              All boards
            </Link>
          </div>
          <div className="filters" role="search" aria-label="Filter models">
            <Field label="Model" help="Part of the model name.">
              <input
                value={url.model}
                onChange={(e) =>
                  setUrl({ model: e.target.value, offset: null })
                }
              />
            </Field>
            <Field label="Evaluated from">
              <input
                type="date"
                value={url.from}
                onChange={(e) => setUrl({ from: e.target.value, offset: null })}
              />
            </Field>
            <Field label="Evaluated to">
              <input
                type="date"
                value={url.to}
                onChange={(e) => setUrl({ to: e.target.value, offset: null })}
              />
            </Field>
            <Field label="Tags" help="Comma-separated; all must be present.">
              <input
                value={url.tag}
                onChange={(e) => setUrl({ tag: e.target.value, offset: null })}
              />
            </Field>
          </div>
          <QueryState
            query={board}
            what="the leaderboard"
            isEmpty={(page) => page.data.length === 0}
            empty={
              url.model || url.from || url.to || url.tag
                ? "No model on this board matches these filters."
                : "No finished, scored evaluation on this board yet."
            }
          >
            {(page) => (
              <BoardView
                board={page}
                offset={filters.offset}
                onOffset={(o) => setUrl({ offset: o ? String(o) : null })}
              />
            )}
          </QueryState>
        </>
      )}
    </div>
  );
}

type BoardPickerProps = {
  boards: Board[];
  current: BoardFilters;
  onChange: (board: {
    dataset_key: string;
    split: string;
    judge: string;
  }) => void;
};

function BoardPicker({ boards, current, onChange }: BoardPickerProps) {
  const currentKey = boardKey(current);
  // One option per dataset split and judge: its setups are chosen beside it.
  const newest = boards.filter((b) => b.default_setup);
  const options = newest.some((b) => boardKey(b) === currentKey)
    ? newest
    : [
        // A board named by the URL stays selectable even before it has scores.
        {
          dataset_key: current.dataset_key,
          split: current.split,
          judge: current.judge,
        },
        ...newest,
      ];
  return (
    <Field label="Board" help="Dataset · split · judge.">
      <select
        value={currentKey}
        onChange={(e) => {
          const [dataset_key = "", split = "eval", judge = ""] =
            e.target.value.split("|");
          onChange({ dataset_key, split, judge });
        }}
      >
        {options.map((b) => (
          <option key={boardKey(b)} value={boardKey(b)}>
            {`${b.dataset_key} · ${b.split} · ${b.judge}`}
            {"models" in b ? ` (${b.models} models)` : ""}
          </option>
        ))}
      </select>
    </Field>
  );
}

type BoardViewProps = {
  board: Leaderboard;
  offset: number;
  onOffset: (offset: number) => void;
};

function BoardView({ board, offset, onOffset }: BoardViewProps) {
  const leader = board.data.find((row) => row.rank === 1);
  return (
    <>
      <Panel title={`${board.dataset_key} · ${board.split} · ${board.judge}`}>
        {board.setup && <JudgeSetupLine setup={board.setup} />}
        <div className="table-wrap">
          <table className="table" aria-label="Leaderboard">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Rank
                </th>
                <th scope="col">Model</th>
                <th scope="col" className="num">
                  Mean
                </th>
                <th scope="col">95% CI</th>
                <th scope="col" className="num">
                  n
                </th>
                <th scope="col" className="num">
                  Passed / failed / unparseable
                </th>
                <th scope="col">Tags</th>
                <th scope="col">Evaluated</th>
                <th scope="col">Evaluation</th>
              </tr>
            </thead>
            <tbody>
              {board.data.map((row) => (
                <BoardRow
                  key={row.evaluation_id}
                  row={row}
                  leader={leader}
                  judge={board.judge}
                />
              ))}
            </tbody>
          </table>
        </div>
        <Pager
          offset={offset}
          pageSize={LEADERBOARD_PAGE_SIZE}
          shown={board.data.length}
          nextOffset={board.pagination.next_offset}
          total={board.pagination.total}
          onOffset={onOffset}
          what="the leaderboard"
        />
      </Panel>
      <Panel title="Scores with confidence intervals">
        <Suspense fallback={<Loading what="the chart" />}>
          <LeaderboardChart rows={board.data} judge={board.judge} />
        </Suspense>
      </Panel>
    </>
  );
}

type BoardRowProps = {
  row: LeaderboardRow;
  leader: LeaderboardRow | undefined;
  judge: string;
};

function BoardRow({ row, leader, judge }: BoardRowProps) {
  const compare =
    leader && leader.evaluation_id !== row.evaluation_id
      ? `/evaluations/compare?${new URLSearchParams({
          a: leader.evaluation_id,
          b: row.evaluation_id,
          judge,
        }).toString()}`
      : null;
  return (
    <tr>
      <td className="num">{row.rank}</td>
      <td>
        <ModelLink model={row} />
      </td>
      <td className="num mono">{formatNumber(row.mean, 3)}</td>
      <td className="mono">
        {row.ci_low !== null && row.ci_high !== null
          ? `${formatNumber(row.ci_low, 3)} – ${formatNumber(row.ci_high, 3)}`
          : "—"}
      </td>
      <td className="num">{row.n}</td>
      <td className="num">
        {row.passed} / {row.failed} / {row.unparseable}
      </td>
      <td>
        {row.tags.map((t) => (
          <span key={t} className="badge badge-muted lb-tag">
            {t}
          </span>
        ))}
      </td>
      <td>
        <time dateTime={row.created_at}>{formatDateTime(row.created_at)}</time>
      </td>
      <td>
        <Link to={`/evaluations/${row.evaluation_id}`}>
          Evaluation {shortId(row.evaluation_id)}
        </Link>
        {compare && (
          <div>
            <Link to={compare} className="lb-compare">
              compare with #1
            </Link>
          </div>
        )}
      </td>
    </tr>
  );
}
