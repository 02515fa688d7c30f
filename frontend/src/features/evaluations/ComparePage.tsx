import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";

import { ApiError } from "../../api/client";
import { Field } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import { ErrorNotice, Loading } from "../../components/QueryState";
import { useUrlState } from "../../hooks/useUrlState";
import { formatNumber, shortId } from "../../lib/format";
import {
  useComparison,
  useEvaluation,
  useFinishedEvaluations,
  useJudges,
  type Comparison,
} from "./api";
import { splitDetail } from "./errors";
import { explainComparison } from "./explain";
import "./evaluations.css";

const KEYS = ["a", "b", "judge"] as const;

/** Two evaluations of the same items: wins, losses, ties, paired bootstrap and McNemar. */
export function ComparePage() {
  const [url, setUrl] = useUrlState(KEYS);
  const input =
    url.a && url.b ? { a: url.a, b: url.b, judge: url.judge || null } : null;
  const comparison = useComparison(input);
  // A 422 names what differs ("split: a is on eval, b on train"); put it where it belongs.
  const refused =
    comparison.error instanceof ApiError &&
    comparison.error.status === 422 &&
    typeof comparison.error.detail === "string"
      ? splitDetail(comparison.error.detail)
      : null;
  const fieldError = (name: string) =>
    refused?.[0] === name ? refused[1] : undefined;

  return (
    <div className="page">
      <PageHeader
        title="Compare evaluations"
        description="Pair two evaluations of the same dataset split item by item: is B better than A, and how sure is that?"
      />
      <Panel title="Evaluations to compare">
        <CompareForm
          key={`${url.a}|${url.b}|${url.judge}`}
          initial={url}
          errors={{
            a: fieldError("a"),
            b: fieldError("b"),
            judge: fieldError("judge"),
          }}
          onSubmit={(values) => setUrl(values)}
        />
      </Panel>
      {input === null ? (
        <p className="state state-empty">
          Choose two finished evaluations of the same dataset and split.
        </p>
      ) : comparison.isPending ? (
        <Loading what="the comparison" />
      ) : comparison.isError ? (
        refused ? (
          <div className="state state-error" role="alert">
            <strong>These evaluations cannot be compared</strong>
            <p>
              {refused[0] ? (
                <>
                  <span className="eval-refused-field">{refused[0]}</span>:{" "}
                </>
              ) : null}
              {refused[1]}
            </p>
          </div>
        ) : (
          <ErrorNotice
            title="Could not compare"
            error={comparison.error}
            onRetry={() => void comparison.refetch()}
          />
        )
      ) : (
        <CompareResult comparison={comparison.data} />
      )}
    </div>
  );
}

type FormValues = { a: string; b: string; judge: string };

type CompareFormProps = {
  initial: FormValues;
  errors: Record<keyof FormValues, string | undefined>;
  onSubmit: (values: FormValues) => void;
};

function CompareForm({ initial, errors, onSubmit }: CompareFormProps) {
  const [values, setValues] = useState(initial);
  const finished = useFinishedEvaluations();
  const judges = useJudges();
  const listId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({
      a: values.a.trim(),
      b: values.b.trim(),
      judge: values.judge,
    });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Compare evaluations">
      <div className="form-grid">
        <Field
          label="A (reference)"
          help="An evaluation id; suggestions list finished ones."
          error={errors.a}
        >
          <input
            value={values.a}
            list={listId}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setValues((v) => ({ ...v, a: e.target.value }))}
          />
        </Field>
        <Field
          label="B (challenger)"
          help="Same dataset and split as A."
          error={errors.b}
        >
          <input
            value={values.b}
            list={listId}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setValues((v) => ({ ...v, b: e.target.value }))}
          />
        </Field>
        <Field
          label="Judge"
          help="Needed when the two share more than one judge."
          error={errors.judge}
        >
          <select
            value={values.judge}
            onChange={(e) =>
              setValues((v) => ({ ...v, judge: e.target.value }))
            }
          >
            <option value="">the one both share</option>
            {judges.data?.map((j) => (
              <option key={j.name} value={j.name}>
                {j.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <datalist id={listId}>
        {finished.data?.data.map((e) => (
          <option key={e.evaluation_id} value={e.evaluation_id}>
            {`${shortId(e.evaluation_id)} · ${e.model_name} · ${e.dataset_key}/${e.split}`}
          </option>
        ))}
      </datalist>
      <div className="eval-actions">
        <button type="submit" className="button button-primary">
          Compare
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setValues((v) => ({ ...v, a: v.b, b: v.a }))}
        >
          Swap A and B
        </button>
      </div>
    </form>
  );
}

function Side({
  label,
  evaluationId,
  mean,
}: {
  label: string;
  evaluationId: string;
  mean: number;
}) {
  const evaluation = useEvaluation(evaluationId);
  return (
    <Panel title={label}>
      <p className="eval-mean">
        <span className="eval-mean-value">{formatNumber(mean, 3)}</span>{" "}
        <span className="muted">mean over paired items</span>
      </p>
      <p>
        <Link to={`/evaluations/${evaluationId}`}>
          Evaluation {shortId(evaluationId)}
        </Link>
        {evaluation.data && <> · {evaluation.data.model_name}</>}
      </p>
    </Panel>
  );
}

function CompareResult({ comparison: c }: { comparison: Comparison }) {
  const words = explainComparison(c);
  const total = c.paired_items || 1;
  return (
    <section className="page" aria-label="Comparison">
      <p
        className={`state eval-verdict-line eval-better-${c.better}`}
        role="status"
      >
        {words.headline}
      </p>
      <p className="muted">
        {c.dataset_key} · {c.split} · judge {c.judge}
      </p>
      <div className="grid">
        <Side label="A (reference)" evaluationId={c.a} mean={c.mean_a} />
        <Side label="B (challenger)" evaluationId={c.b} mean={c.mean_b} />
      </div>
      <Panel title="Wins, losses and ties">
        <div className="eval-wlt" aria-hidden="true">
          <span
            className="eval-wlt-win"
            style={{ width: `${(100 * c.wins) / total}%` }}
          />
          <span
            className="eval-wlt-tie"
            style={{ width: `${(100 * c.ties) / total}%` }}
          />
          <span
            className="eval-wlt-loss"
            style={{ width: `${(100 * c.losses) / total}%` }}
          />
        </div>
        <dl className="facts">
          <dt>B wins</dt>
          <dd>{c.wins}</dd>
          <dt>Ties</dt>
          <dd>{c.ties}</dd>
          <dt>B loses</dt>
          <dd>{c.losses}</dd>
          <dt>Left out</dt>
          <dd>{c.skipped_unparseable} unparseable</dd>
        </dl>
        <p>{words.counts}</p>
      </Panel>
      <div className="grid">
        <Panel title="Paired bootstrap">
          <dl className="facts">
            <dt>Mean difference (B − A)</dt>
            <dd>{formatNumber(c.paired_bootstrap.mean_difference, 4)}</dd>
            <dt>95% CI</dt>
            <dd>
              {formatNumber(c.paired_bootstrap.ci_low, 4)} to{" "}
              {formatNumber(c.paired_bootstrap.ci_high, 4)}
            </dd>
            <dt>p-value</dt>
            <dd>{formatNumber(c.paired_bootstrap.p_value, 4)}</dd>
          </dl>
          <p>{words.bootstrap}</p>
        </Panel>
        <Panel title="McNemar's test">
          <dl className="facts">
            <dt>Method</dt>
            <dd>{c.mcnemar.method}</dd>
            <dt>Statistic</dt>
            <dd>{formatNumber(c.mcnemar.statistic, 4)}</dd>
            <dt>p-value</dt>
            <dd>{formatNumber(c.mcnemar.p_value, 4)}</dd>
          </dl>
          <p>{words.mcnemar}</p>
        </Panel>
      </div>
    </section>
  );
}
