import { useState } from "react";
import { Link, useSearchParams } from "react-router";

import { PageHeader } from "../../components/PageHeader";
import { formatNumber, shortId } from "../../lib/format";
import { useTraceCount, type TraceSummary } from "./api";
import { hasFilters, useTraceFilters } from "./filters";
import { togglePick, type Picked } from "./pick";
import { TraceFilterBar } from "./TraceFilterBar";
import { TraceList } from "./TraceList";
import "./traces.css";

function CountLine({
  count,
  filtered,
}: {
  count: number | undefined;
  filtered: boolean;
}) {
  if (count === undefined) return null;
  const noun = count === 1 ? "trace" : "traces";
  return (
    <p className="muted trace-count" aria-live="polite">
      {formatNumber(count, 0)} {noun}
      {filtered ? " match these filters" : ""}
    </p>
  );
}

function CompareBar({
  picked,
  onRemove,
}: {
  picked: Picked[];
  onRemove: (id: string) => void;
}) {
  const [a, b] = picked;
  return (
    <section className="compare-bar" aria-label="Traces to compare">
      <span className="muted">
        {picked.length === 0
          ? "Tick two traces to compare them."
          : picked.length === 1
            ? "Tick one more trace to compare."
            : "Ready to compare:"}
      </span>
      {picked.map((p, index) => (
        <span key={p.id} className="compare-chip">
          <strong>{index === 0 ? "A" : "B"}</strong>{" "}
          <span className="compare-chip-label" title={p.label}>
            {p.label || shortId(p.id)}
          </span>
          <button
            type="button"
            className="chip-remove"
            aria-label={`Remove ${shortId(p.id)} from the comparison`}
            onClick={() => onRemove(p.id)}
          >
            ×
          </button>
        </span>
      ))}
      {a && b && (
        <Link
          className="button button-primary"
          to={`/traces/compare?a=${encodeURIComponent(a.id)}&b=${encodeURIComponent(b.id)}`}
        >
          Compare
        </Link>
      )}
    </section>
  );
}

export function TracesPage() {
  const [filters, setFilters] = useTraceFilters();
  const [params] = useSearchParams();
  const [picked, setPicked] = useState<Picked[]>(() => {
    // /traces?pick=<id> arrives from a trace's "Compare with…" link.
    const pick = params.get("pick");
    return pick ? [{ id: pick, label: "" }] : [];
  });
  const count = useTraceCount(filters);

  const onToggle = (trace: TraceSummary) =>
    setPicked((current) =>
      togglePick(current, { id: trace.id, label: trace.prompt_preview }),
    );

  return (
    <div className="page">
      <PageHeader
        title="Traces"
        description="Reasoning traces: prompts, numbered steps and final answers. Filter, open one, or tick two to compare."
        actions={
          <Link className="button button-primary" to="/traces/new">
            Add traces
          </Link>
        }
      />
      <TraceFilterBar filters={filters} onChange={setFilters} />
      <div className="trace-list-bar">
        <CountLine count={count.data?.count} filtered={hasFilters(filters)} />
        <CompareBar
          picked={picked}
          onRemove={(id) =>
            setPicked((current) => current.filter((p) => p.id !== id))
          }
        />
      </div>
      <TraceList
        filters={filters}
        total={count.data?.count}
        selectedIds={picked.map((p) => p.id)}
        onToggle={onToggle}
      />
    </div>
  );
}
