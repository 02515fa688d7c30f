import { useId } from "react";
import { Link } from "react-router";

import { Panel } from "../../components/Panel";
import { formatPercent, shortId } from "../../lib/format";
import {
  DEMO,
  demoLeaderboardHref,
  progressText,
  STEP_IDS,
  STEP_TITLES,
  type DemoState,
  type StepId,
  type StepState,
  type StepStatus,
} from "./demo";
import { useDemo, type DemoStore } from "./useDemo";

const TONE: Record<StepStatus, string> = {
  pending: "muted",
  running: "busy",
  done: "ok",
  failed: "bad",
};

function ProgressBar({ label, step }: { label: string; step: StepState }) {
  if (!step.progress) return null;
  const { step: now, total } = step.progress;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={now}
      aria-valuetext={progressText(step.progress)}
    >
      <span style={{ width: `${Math.min(100, (100 * now) / total)}%` }} />
    </div>
  );
}

function StepItem({
  id,
  step,
  onRetry,
}: {
  id: StepId;
  step: StepState;
  onRetry: () => void;
}) {
  const titleId = useId();
  return (
    <li
      className={`demo-step demo-step-${step.status}`}
      data-step={id}
      data-status={step.status}
      aria-labelledby={titleId}
    >
      <div className="demo-step-head">
        <span id={titleId} className="demo-step-title">
          {STEP_TITLES[id]}
        </span>
        <span className={`badge badge-${TONE[step.status]}`}>
          {step.status}
        </span>
      </div>
      {step.detail && <p className="demo-step-detail">{step.detail}</p>}
      {step.status !== "pending" && (id === "train" || id === "evaluate") && (
        <ProgressBar
          label={id === "train" ? "Training progress" : "Evaluation progress"}
          step={step}
        />
      )}
      {step.status === "failed" && (
        <div className="state state-error" role="alert">
          <strong>{STEP_TITLES[id]} failed</strong>
          <p>{step.error}</p>
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
    </li>
  );
}

function DemoResult({ state }: { state: DemoState }) {
  if (state.phase !== "done" || !state.runId || !state.datasetKey) return null;
  return (
    <div className="demo-result" role="status">
      <h3>The demo model is evaluated</h3>
      <p>
        Model <code>{state.modelName}</code> on <code>{state.datasetKey}</code>,{" "}
        {DEMO.split} split:
      </p>
      <ul className="demo-scores">
        {state.scores.map((score) => (
          <li key={score.judge}>
            <strong>{formatPercent(score.mean)}</strong>{" "}
            <span>{score.judge}</span>{" "}
            <span className="muted">
              ({score.passed} of {score.passed + score.failed} passed
              {score.unparseable ? `, ${score.unparseable} unparseable` : ""})
            </span>
          </li>
        ))}
      </ul>
      <p className="muted">
        A minute of training teaches the tiny model the layout of a worked
        answer much sooner than the sums themselves; more traces and more steps
        (Runs → New run) raise the answer score.
      </p>
      <div className="demo-links">
        <Link to={`/runs/${state.runId}`}>
          Open the run {shortId(state.runId)}
        </Link>
        {state.evaluationId && (
          <Link to={`/evaluations/${state.evaluationId}`}>
            Open the evaluation
          </Link>
        )}
        <Link to={demoLeaderboardHref(state.datasetKey)}>
          See the leaderboard
        </Link>
      </div>
    </div>
  );
}

type DemoPanelProps = {
  /** For tests: how often jobs are polled (ms), and a store of their own. */
  pollMs?: number;
  store?: DemoStore;
};

/** The whole loop in one click, for a new user on a fresh install. */
export function DemoPanel({ pollMs, store }: DemoPanelProps) {
  const { state, start, retry } = useDemo({
    ...(pollMs !== undefined && { pollMs }),
    ...(store !== undefined && { store }),
  });
  const busy = state.phase === "running";
  return (
    <Panel title="One-click demo">
      <p className="demo-intro">
        Generates {DEMO.count} one-digit additions with worked steps, builds a
        dataset from them, trains the <code>{DEMO.model}</code> model for{" "}
        {DEMO.maxSteps} steps and evaluates it on the held-out items. About a
        minute or two on two CPU cores.
      </p>
      <button
        type="button"
        className="button button-primary"
        onClick={start}
        disabled={busy}
      >
        {busy
          ? "Running the demo…"
          : state.phase === "idle"
            ? "Run the demo"
            : "Run the demo again"}
      </button>
      {state.phase !== "idle" && (
        <ol className="demo-steps" aria-label="Demo steps">
          {STEP_IDS.map((id) => (
            <StepItem key={id} id={id} step={state.steps[id]} onRetry={retry} />
          ))}
        </ol>
      )}
      <DemoResult state={state} />
    </Panel>
  );
}
