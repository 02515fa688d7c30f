import { Link } from "react-router";

import { Panel } from "../../components/Panel";
import { formatNumber, formatPercent } from "../../lib/format";
import type { Evaluation, JudgeScore, JudgeUsed } from "./api";

type Props = {
  evaluation: Evaluation;
  judges: JudgeUsed[];
  /** Show this judge's items with this outcome in the item table. */
  onShowItems: (judge: string, outcome: "fail" | "unparseable") => void;
};

/** One panel per judge: mean with its 95% interval, n, and pass/fail/unparseable counts. */
export function JudgeAggregates({ evaluation, judges, onShowItems }: Props) {
  return (
    <div className="grid eval-aggregates">
      {evaluation.scores.map((score) => (
        <JudgePanel
          key={score.judge}
          score={score}
          judge={judges.find((j) => j.name === score.judge)}
          leaderboard={`/leaderboard?${new URLSearchParams({
            dataset_key: evaluation.dataset_key,
            split: evaluation.split,
            judge: score.judge,
          }).toString()}`}
          onShowItems={(outcome) => onShowItems(score.judge, outcome)}
        />
      ))}
    </div>
  );
}

type PanelProps = {
  score: JudgeScore;
  judge: JudgeUsed | undefined;
  leaderboard: string;
  onShowItems: (outcome: "fail" | "unparseable") => void;
};

function JudgePanel({ score, judge, leaderboard, onShowItems }: PanelProps) {
  const total = score.passed + score.failed + score.unparseable;
  const params = Object.entries(judge?.params ?? {});
  return (
    <Panel title={score.judge}>
      <p className="eval-mean">
        <span className="eval-mean-value">{formatNumber(score.mean, 3)}</span>{" "}
        <span className="muted">mean score</span>
      </p>
      <p className="eval-ci">
        {score.ci_low !== null && score.ci_high !== null
          ? `95% CI ${formatNumber(score.ci_low, 3)} – ${formatNumber(score.ci_high, 3)}`
          : "No confidence interval: no item could be scored."}
      </p>
      <CiBar mean={score.mean} low={score.ci_low} high={score.ci_high} />
      <dl className="facts">
        <dt>Scored (n)</dt>
        <dd>{score.n}</dd>
        <dt>Passed</dt>
        <dd>
          {score.passed}{" "}
          <span className="muted">
            ({formatPercent(total ? score.passed / total : null)})
          </span>
        </dd>
        <dt>Failed</dt>
        <dd>
          {score.failed}
          {score.failed > 0 && (
            <>
              {" "}
              <button
                type="button"
                className="link-button"
                onClick={() => onShowItems("fail")}
              >
                show
              </button>
            </>
          )}
        </dd>
        <dt>Unparseable</dt>
        <dd>
          {score.unparseable}
          {score.unparseable > 0 && (
            <>
              {" "}
              <button
                type="button"
                className="link-button"
                onClick={() => onShowItems("unparseable")}
              >
                show
              </button>
            </>
          )}
        </dd>
        <dt>Version</dt>
        <dd>{score.judge_version}</dd>
        {params.length > 0 && (
          <>
            <dt>Params</dt>
            <dd className="mono eval-params">
              {params.map(([k, v]) => (
                <div key={k}>
                  {k}={JSON.stringify(v)}
                </div>
              ))}
            </dd>
          </>
        )}
      </dl>
      <p>
        <Link to={leaderboard}>Leaderboard for this judge</Link>
      </p>
    </Panel>
  );
}

type CiBarProps = {
  mean: number | null;
  low: number | null;
  high: number | null;
};

/** The 0–1 scale with the interval as a band and the mean as a tick (the text says the same). */
export function CiBar({ mean, low, high }: CiBarProps) {
  if (mean === null) return null;
  const pct = (v: number) => `${Math.min(1, Math.max(0, v)) * 100}%`;
  return (
    <div className="eval-cibar" aria-hidden="true">
      {low !== null && high !== null && (
        <span
          className="eval-cibar-band"
          style={{ left: pct(low), width: `calc(${pct(high)} - ${pct(low)})` }}
        />
      )}
      <span className="eval-cibar-mean" style={{ left: pct(mean) }} />
    </div>
  );
}
