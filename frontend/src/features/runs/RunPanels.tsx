import { Link } from "react-router";

import { apiUrl } from "../../api/client";
import { Panel } from "../../components/Panel";
import { QueryState } from "../../components/QueryState";
import { StatusBadge } from "../../components/StatusBadge";
import {
  formatBytes,
  formatDuration,
  formatPercent,
  formatRelative,
  shortId,
} from "../../lib/format";
import {
  useRunArtifacts,
  useRunEvaluations,
  type Artifact,
  type Run,
} from "./api";
import { estimateEta, type RunProgress } from "./eta";
import { flattenFacts, groupArtifacts, section } from "./facts";

/** The bar, the step count and the time left. */
export function ProgressPanel({
  run,
  progress,
  elapsedS,
  recentStepS,
  live,
}: {
  run: Run;
  progress: RunProgress | null;
  elapsedS: number | null;
  recentStepS: number | null;
  live: boolean;
}) {
  const eta =
    progress && elapsedS !== null
      ? estimateEta({ ...progress, elapsedS, recentStepS })
      : null;
  const done = run.status === "succeeded";
  const fraction = done ? 1 : (eta?.fraction ?? 0);
  return (
    <Panel title="Progress">
      <div
        className="progress run-progress"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuetext={
          progress
            ? `step ${progress.step} of ${progress.total}`
            : "not started"
        }
      >
        <span style={{ width: `${fraction * 100}%` }} />
      </div>
      <dl className="facts run-progress-facts">
        <dt>Step</dt>
        <dd data-testid="run-step">
          {progress ? `${progress.step} of ${progress.total}` : "—"}
          {progress && ` (${formatPercent(fraction, 0)})`}
        </dd>
        {progress?.epoch !== null && progress?.epoch !== undefined && (
          <>
            <dt>Epochs done</dt>
            <dd>{progress.epoch.toFixed(2)}</dd>
          </>
        )}
        <dt>{live ? "Elapsed" : "Duration"}</dt>
        <dd>{formatDuration(elapsedS)}</dd>
        {live && (
          <>
            <dt>Time left</dt>
            <dd data-testid="run-eta">
              {eta?.remainingS !== null && eta?.remainingS !== undefined
                ? `about ${formatDuration(eta.remainingS)}`
                : run.status === "queued"
                  ? "waiting for the worker"
                  : "estimating…"}
            </dd>
          </>
        )}
        {eta?.secondsPerStep !== null && eta?.secondsPerStep !== undefined && (
          <>
            <dt>Time per step</dt>
            <dd>{formatDuration(eta.secondsPerStep)}</dd>
          </>
        )}
      </dl>
    </Panel>
  );
}

/** The files of the run directory, by top-level folder, each with a download link. */
export function ArtifactsPanel({ run, live }: { run: Run; live: boolean }) {
  const artifacts = useRunArtifacts(run.run_id, live);
  return (
    <Panel title="Artifacts">
      <QueryState
        query={artifacts}
        what="artifacts"
        isEmpty={(files) => files.length === 0}
        empty="No files yet: the run directory fills as the run trains and exports."
      >
        {(files) => (
          <div className="artifact-groups">
            {groupArtifacts(files).map((group) =>
              group.dir === "" ? (
                <ArtifactList key="" runId={run.run_id} files={group.files} />
              ) : (
                <details key={group.dir} open={group.dir === "export"}>
                  <summary>
                    <span className="mono">{group.dir}/</span>{" "}
                    <span className="muted">
                      {group.files.length}{" "}
                      {group.files.length === 1 ? "file" : "files"},{" "}
                      {formatBytes(group.size_bytes)}
                    </span>
                  </summary>
                  <ArtifactList runId={run.run_id} files={group.files} />
                </details>
              ),
            )}
          </div>
        )}
      </QueryState>
    </Panel>
  );
}

function ArtifactList({ runId, files }: { runId: string; files: Artifact[] }) {
  return (
    <ul className="artifact-list">
      {files.map((file) => (
        <li key={file.path}>
          <a
            className="mono"
            href={apiUrl(
              "/api/tunix/runs/{run_id}/artifacts/{filename}/download",
              {
                path: { run_id: runId, filename: file.path },
              },
            )}
            download
          >
            {file.path}
          </a>
          <span className="muted">{formatBytes(file.size_bytes)}</span>
        </li>
      ))}
    </ul>
  );
}

const ENVIRONMENT_SECTIONS = [
  { key: "model", title: "Model" },
  { key: "data", title: "Data" },
  { key: "devices", title: "Devices" },
  { key: "versions", title: "Versions" },
  { key: "metrics", title: "Final metrics" },
] as const;

/**
 * The config the trainer resolved (every default filled in) and where it ran, from the
 * run's result; before there is one, the config the run was created with.
 */
export function ConfigPanel({ run }: { run: Run }) {
  const resolved = section(run.result, "config");
  const config = resolved ?? run.config;
  return (
    <Panel title="Config and environment">
      <h3 className="run-subhead">
        {resolved ? "Resolved config" : "Requested config"}
      </h3>
      {!resolved && (
        <p className="muted">
          The resolved config and the environment are reported when the run
          finishes.
        </p>
      )}
      <FactList facts={flattenFacts(config)} label="Config" />
      {ENVIRONMENT_SECTIONS.map(({ key, title }) => {
        const values = section(run.result, key);
        if (!values) return null;
        return (
          <div key={key}>
            <h3 className="run-subhead">{title}</h3>
            <FactList facts={flattenFacts(values)} label={title} />
          </div>
        );
      })}
    </Panel>
  );
}

function FactList({
  facts,
  label,
}: {
  facts: { key: string; value: string }[];
  label: string;
}) {
  return (
    <dl className="facts run-facts" aria-label={label}>
      {facts.map((fact) => (
        <div key={fact.key} className="run-fact">
          <dt className="mono">{fact.key}</dt>
          <dd className="mono">{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Evaluations of this run's model, newest first, linking to their pages. */
export function EvaluationsPanel({ run }: { run: Run }) {
  const evaluations = useRunEvaluations(run.run_id);
  return (
    <Panel title="Evaluation">
      <QueryState
        query={evaluations}
        what="evaluations"
        isEmpty={(page) => page.data.length === 0}
        empty={
          run.status === "succeeded"
            ? "This run has not been evaluated yet."
            : "An evaluation needs a succeeded run."
        }
      >
        {(page) => (
          <ul className="run-evaluations">
            {page.data.map((evaluation) => (
              <li key={evaluation.evaluation_id}>
                <Link
                  to={`/evaluations/${evaluation.evaluation_id}`}
                  className="mono"
                >
                  {shortId(evaluation.evaluation_id)}
                </Link>{" "}
                <StatusBadge status={evaluation.status} />{" "}
                <span className="muted">
                  {evaluation.split} split,{" "}
                  {formatRelative(evaluation.created_at)}
                </span>
                {evaluation.scores.length > 0 && (
                  <span className="run-scores">
                    {evaluation.scores.map((score) => (
                      <span key={score.judge}>
                        {score.judge}: {formatPercent(score.mean)}
                      </span>
                    ))}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </Panel>
  );
}
