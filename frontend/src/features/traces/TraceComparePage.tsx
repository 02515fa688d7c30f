import { useMemo, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";

import type { Schemas } from "../../api/types";
import { Field } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import { QueryState } from "../../components/QueryState";
import { formatDateTime, formatNumber, shortId } from "../../lib/format";
import { payloadOf, useCompare, type TracePayload } from "./api";
import {
  diffSteps,
  summarizeDiff,
  wordDiff,
  type DiffRow,
  type Step,
  type WordPart,
} from "./stepDiff";
import "./traces.css";

type Side = Schemas["CompareSide"];

function Words({ parts }: { parts: WordPart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.kind === "same" ? (
          <span key={index}>{part.text}</span>
        ) : part.kind === "removed" ? (
          <del key={index} className="word-removed">
            {part.text}
          </del>
        ) : (
          <ins key={index} className="word-added">
            {part.text}
          </ins>
        ),
      )}
    </>
  );
}

function StepCell({
  step,
  number,
  words,
}: {
  step: Step | undefined;
  number: number | undefined;
  words?: WordPart[] | undefined;
}) {
  if (step === undefined || number === undefined)
    return <div className="diff-cell diff-empty" role="cell" />;
  return (
    <div className="diff-cell" role="cell">
      <span className="timeline-number" aria-label={`Step ${number}`}>
        {number}
      </span>
      <div className="timeline-body">
        <div className="timeline-head">
          <span className="badge badge-muted">{step.type}</span>
        </div>
        <p className="timeline-content">
          {words ? <Words parts={words} /> : step.content}
        </p>
      </div>
    </div>
  );
}

const KIND_LABEL: Record<DiffRow["kind"], string> = {
  same: "same",
  changed: "changed",
  removed: "only in A",
  added: "only in B",
};

function DiffRowView({ row }: { row: DiffRow }) {
  const a = row.kind === "added" ? undefined : row.a;
  const b = row.kind === "removed" ? undefined : row.b;
  const aNumber = row.kind === "added" ? undefined : row.aNumber;
  const bNumber = row.kind === "removed" ? undefined : row.bNumber;
  const words = row.kind === "changed" ? row.words : null;
  return (
    <div
      className={`diff-row diff-${row.kind}`}
      role="row"
      data-kind={row.kind}
    >
      <StepCell step={a} number={aNumber} words={words?.a} />
      <div className="diff-kind" role="cell">
        <span className={`badge diff-badge-${row.kind}`}>
          {KIND_LABEL[row.kind]}
        </span>
      </div>
      <StepCell step={b} number={bNumber} words={words?.b} />
    </div>
  );
}

function TextPair({ label, a, b }: { label: string; a: string; b: string }) {
  const same = a === b;
  const words = same ? null : wordDiff(a, b);
  return (
    <Panel title={same ? `${label} (same)` : label}>
      {same ? (
        <p className="trace-text">{a}</p>
      ) : (
        <div className="compare-columns">
          <p className="trace-text" aria-label={`${label} of A`}>
            {words ? <Words parts={words.a} /> : a}
          </p>
          <p className="trace-text" aria-label={`${label} of B`}>
            {words ? <Words parts={words.b} /> : b}
          </p>
        </div>
      )}
    </Panel>
  );
}

function SideSummary({
  name,
  side,
  payload,
}: {
  name: string;
  side: Side;
  payload: TracePayload;
}) {
  return (
    <div className="compare-side" aria-label={`Trace ${name}`}>
      <h3>
        {name}:{" "}
        <Link to={`/traces/${encodeURIComponent(side.id)}`} className="mono">
          {shortId(side.id)}
        </Link>
      </h3>
      <dl className="facts">
        <dt>Baseline score</dt>
        <dd>
          <span className="score-big" data-testid={`score-${name}`}>
            {formatNumber(side.score, 2)}
          </span>{" "}
          <span className="muted">/ 100</span>
        </dd>
        <dt>Steps</dt>
        <dd>{payload.steps.length}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(side.created_at)}</dd>
        <dt>Source</dt>
        <dd>
          {typeof payload.meta.source === "string" ? payload.meta.source : "—"}
        </dd>
      </dl>
    </div>
  );
}

function Comparison({ base, other }: { base: Side; other: Side }) {
  const a = payloadOf(base.payload);
  const b = payloadOf(other.payload);
  const rows = useMemo(() => diffSteps(a.steps, b.steps), [a.steps, b.steps]);
  const summary = summarizeDiff(rows);
  const delta = other.score - base.score;
  return (
    <>
      <Panel title="Summary">
        <div className="compare-columns">
          <SideSummary name="A" side={base} payload={a} />
          <SideSummary name="B" side={other} payload={b} />
        </div>
        <p className="diff-summary" data-testid="diff-summary">
          Steps: {summary.same} same · {summary.changed} changed ·{" "}
          {summary.removed} only in A · {summary.added} only in B. Score
          difference (B − A): {delta > 0 ? "+" : ""}
          {formatNumber(delta, 2)}.
        </p>
      </Panel>
      <TextPair label="Prompt" a={a.prompt} b={b.prompt} />
      <Panel title="Steps">
        <div className="diff-table" role="table" aria-label="Step diff">
          <div className="diff-row diff-head" role="row">
            <span role="columnheader">A</span>
            <span role="columnheader" aria-label="Difference" />
            <span role="columnheader">B</span>
          </div>
          {rows.map((row, index) => (
            <DiffRowView key={index} row={row} />
          ))}
        </div>
      </Panel>
      <TextPair label="Final answer" a={a.final_answer} b={b.final_answer} />
    </>
  );
}

function PickForm() {
  const [, setParams] = useSearchParams();
  const [a, setA] = useState("");
  const [b, setB] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams({ a: a.trim(), b: b.trim() });
  };
  return (
    <Panel title="Pick two traces">
      <p className="muted">
        Tick two traces on the <Link to="/traces">list</Link>, or paste their
        ids.
      </p>
      <form className="form form-grid" onSubmit={submit}>
        <Field label="Trace A">
          <input value={a} onChange={(e) => setA(e.target.value)} required />
        </Field>
        <Field label="Trace B">
          <input value={b} onChange={(e) => setB(e.target.value)} required />
        </Field>
        <div>
          <button type="submit" className="button button-primary">
            Compare
          </button>
        </div>
      </form>
    </Panel>
  );
}

export function TraceComparePage() {
  const [params] = useSearchParams();
  const a = params.get("a") ?? "";
  const b = params.get("b") ?? "";
  const compare = useCompare(a, b);
  const ready = a !== "" && b !== "";
  return (
    <div className="page">
      <PageHeader
        title="Compare traces"
        description={<Link to="/traces">← All traces</Link>}
        actions={
          ready && (
            <Link
              className="button"
              to={`/traces/compare?a=${encodeURIComponent(b)}&b=${encodeURIComponent(a)}`}
            >
              Swap A and B
            </Link>
          )
        }
      />
      {ready ? (
        <QueryState query={compare} what="the comparison">
          {(data) => <Comparison base={data.base} other={data.other} />}
        </QueryState>
      ) : (
        <PickForm />
      )}
    </div>
  );
}
