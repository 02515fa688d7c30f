import { useEffect, useRef, useState } from "react";

/** One chunk of a job's output, as the SSE `log` event carries it. */
export type LogLine = {
  seq: number;
  stream: string;
  chunk: string;
  created_at: string;
};

export type MetricPoint = { step: number; name: string; value: number };

/** The SSE `status` event, sent once when the job has finished. */
export type JobEnd = {
  run_id: string;
  status: string;
  error: string | null;
  result: unknown;
};

/** The SSE `heartbeat` event: the job's status and progress, sent while it is quiet. */
export type JobHeartbeat = {
  status: string;
  progress: Record<string, unknown> | null;
};

export type Connection = "connecting" | "open" | "reconnecting" | "closed";

export type JobStream = {
  logs: LogLine[];
  metrics: MetricPoint[];
  end: JobEnd | null;
  /** The latest heartbeat (status and progress while the job is quiet), if any. */
  heartbeat: JobHeartbeat | null;
  connection: Connection;
  /** How many times the stream came back after dropping. */
  reconnects: number;
};

type Options = {
  /** Oldest lines are dropped beyond this, so hours of logs stay light. */
  maxLines?: number;
  /** For tests: how to open the stream. */
  open?: (url: string) => EventSource;
  /** Wait before reopening a stream the server refused (ms). */
  retryMs?: number;
};

const FLUSH_MS = 100;
// EventSource.CLOSED, spelled out so that environments without EventSource can inject one.
const CLOSED = 2;

function parse<T>(event: MessageEvent): T | null {
  try {
    return JSON.parse(String(event.data)) as T;
  } catch {
    return null;
  }
}

/**
 * Follow a job's SSE stream (`/api/.../logs`): logs in order without duplicates across
 * reconnects (the browser resumes with Last-Event-ID; a refused stream is reopened from the
 * last seq), metrics once per (name, step), and the end event, after which it closes.
 */
export function useJobStream(
  url: string | null,
  options: Options = {},
): JobStream {
  const { maxLines = 5000, retryMs = 2000 } = options;
  const openRef = useRef(options.open);
  // The state remembers whose stream it holds: a new url starts from nothing.
  const [state, setState] = useState<Tagged>(() => initial(url));

  useEffect(() => {
    if (url === null) return;
    let lastSeq = -1;
    let pendingLogs: LogLine[] = [];
    let pendingMetrics: MetricPoint[] = [];
    const seenMetrics = new Set<string>();
    let source: EventSource | null = null;
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let droppedOnce = false;
    let stopped = false;

    const update = (change: (s: JobStream) => JobStream) => {
      setState((s) => ({ ...change(s.url === url ? s : initial(url)), url }));
    };

    const flush = () => {
      flushTimer = null;
      if (pendingLogs.length === 0 && pendingMetrics.length === 0) return;
      const logs = pendingLogs;
      const metrics = pendingMetrics;
      pendingLogs = [];
      pendingMetrics = [];
      update((s) => {
        const all = logs.length ? s.logs.concat(logs) : s.logs;
        return {
          ...s,
          logs: all.length > maxLines ? all.slice(all.length - maxLines) : all,
          metrics: metrics.length ? s.metrics.concat(metrics) : s.metrics,
        };
      });
    };
    const schedule = () => {
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };

    const connect = (from: number | null) => {
      const target =
        from === null
          ? url
          : `${url}${url.includes("?") ? "&" : "?"}since_seq=${from}`;
      const es = (openRef.current ?? ((u: string) => new EventSource(u)))(
        target,
      );
      source = es;
      es.addEventListener("open", () => {
        // Read before the updater runs: React may call it after the flag is reset.
        const cameBack = droppedOnce;
        droppedOnce = false;
        update((s) => ({
          ...s,
          connection: "open",
          reconnects: cameBack ? s.reconnects + 1 : s.reconnects,
        }));
      });
      es.addEventListener("log", (event) => {
        const line = parse<LogLine>(event);
        if (line === null || line.seq <= lastSeq) return;
        lastSeq = line.seq;
        pendingLogs.push(line);
        schedule();
      });
      es.addEventListener("metric", (event) => {
        const point = parse<MetricPoint>(event);
        if (point === null) return;
        const key = `${point.name}@${point.step}`;
        if (seenMetrics.has(key)) return;
        seenMetrics.add(key);
        pendingMetrics.push(point);
        schedule();
      });
      es.addEventListener("heartbeat", (event) => {
        const beat = parse<JobHeartbeat>(event);
        if (beat !== null) update((s) => ({ ...s, heartbeat: beat }));
      });
      es.addEventListener("status", (event) => {
        const end = parse<JobEnd>(event);
        stopped = true;
        es.close();
        flush();
        update((s) => ({ ...s, end, connection: "closed" }));
      });
      es.addEventListener("error", () => {
        if (stopped) return;
        droppedOnce = true;
        if (es.readyState === CLOSED) {
          // The server refused or the browser gave up: reopen from the last line we have.
          retryTimer = setTimeout(() => connect(lastSeq + 1), retryMs);
        }
        update((s) => ({ ...s, connection: "reconnecting" }));
      });
    };

    connect(null);
    return () => {
      stopped = true;
      source?.close();
      if (flushTimer) clearTimeout(flushTimer);
      if (retryTimer) clearTimeout(retryTimer);
    };
  }, [url, maxLines, retryMs]);

  return state.url === url ? state : initial(url);
}

type Tagged = JobStream & { url: string | null };

function initial(url: string | null): Tagged {
  return {
    url,
    logs: [],
    metrics: [],
    end: null,
    heartbeat: null,
    connection: url ? "connecting" : "closed",
    reconnects: 0,
  };
}
