import { memo, useLayoutEffect, useRef, useState } from "react";

import type { Connection, LogLine } from "../hooks/useJobStream";
import "./LogViewer.css";

type LogViewerProps = {
  /** The lines so far, in order (useJobStream's `logs`). */
  lines: readonly LogLine[];
  /** The stream's state, shown above the lines ("reconnecting…" after a drop). */
  connection?: Connection;
  /** The region's accessible name. */
  label?: string;
  /** Shown while there are no lines yet. */
  emptyText?: string;
};

const CONNECTION_TEXT: Record<Connection, string> = {
  connecting: "connecting…",
  open: "live",
  reconnecting: "reconnecting…",
  closed: "ended",
};

// Within this many pixels of the bottom counts as "at the bottom" (following).
const STICK_PX = 24;

/**
 * A job's log, following the newest line while the reader is at the bottom. Pause freezes
 * what is shown while new lines keep arriving underneath; Resume shows them and follows again.
 */
export function LogViewer({
  lines,
  connection,
  label = "Logs",
  emptyText = "No log lines yet.",
}: LogViewerProps) {
  // The seq of the last line shown when paused; null while following.
  const [frozenAt, setFrozenAt] = useState<number | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const atBottomRef = useRef(true);

  const paused = frozenAt !== null;
  const shown = paused ? lines.filter((line) => line.seq <= frozenAt) : lines;
  const waiting = lines.length - shown.length;
  const lastShown = shown.length ? shown[shown.length - 1]!.seq : -1;

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (box && !paused && atBottomRef.current) box.scrollTop = box.scrollHeight;
  }, [lastShown, paused]);

  const pause = () => setFrozenAt(lastShown);
  const resume = () => {
    atBottomRef.current = true;
    setFrozenAt(null);
  };

  return (
    <div className="log-viewer">
      <div className="log-toolbar">
        {connection && (
          <span
            className={`log-connection log-connection-${connection}`}
            role="status"
          >
            {CONNECTION_TEXT[connection]}
          </span>
        )}
        <span className="muted">
          {lines.length.toLocaleString()}{" "}
          {lines.length === 1 ? "line" : "lines"}
        </span>
        {paused && (
          <span className="log-waiting" aria-live="polite">
            Paused; {waiting.toLocaleString()} new{" "}
            {waiting === 1 ? "line" : "lines"} waiting
          </span>
        )}
        <button
          type="button"
          className="button"
          onClick={paused ? resume : pause}
          aria-pressed={paused}
        >
          {paused ? "Resume" : "Pause"}
        </button>
      </div>
      <div
        ref={boxRef}
        className="log-lines"
        role="log"
        aria-label={label}
        tabIndex={0}
        onScroll={(event) => {
          const box = event.currentTarget;
          atBottomRef.current =
            box.scrollHeight - box.scrollTop - box.clientHeight < STICK_PX;
        }}
      >
        {shown.length === 0 ? (
          <p className="muted log-empty">{emptyText}</p>
        ) : (
          shown.map((line) => <Line key={line.seq} line={line} />)
        )}
      </div>
    </div>
  );
}

const Line = memo(function Line({ line }: { line: LogLine }) {
  const time = line.created_at.slice(11, 19);
  return (
    <div className={`log-line log-${line.stream}`} data-seq={line.seq}>
      <span className="log-time" title={line.created_at}>
        {time}
      </span>
      {line.stream !== "stdout" && (
        <span className="log-stream">{line.stream}</span>
      )}
      <span className="log-text">{line.chunk}</span>
    </div>
  );
});
