import { Panel } from "../../components/Panel";
import { useRecentTraces, type TraceSummary } from "./api";

function TraceRow({ trace }: { trace: TraceSummary }) {
  return (
    <li>
      <code className="trace-id">{trace.id}</code>{" "}
      <span className="trace-meta">
        v{trace.trace_version} ·{" "}
        <time dateTime={trace.created_at}>
          {new Date(trace.created_at).toLocaleString()}
        </time>
      </span>
    </li>
  );
}

export function TracesPanel() {
  const traces = useRecentTraces();
  return (
    <Panel title="Traces">
      {traces.isPending ? (
        <p>Loading traces…</p>
      ) : traces.isError ? (
        <p role="alert">Could not load traces: {traces.error.message}</p>
      ) : traces.data.data.length === 0 ? (
        <p>No traces yet</p>
      ) : (
        <ul className="trace-list">
          {traces.data.data.map((trace) => (
            <TraceRow key={trace.id} trace={trace} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
