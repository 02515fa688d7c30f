import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { useJobStream } from "./useJobStream";

type Listener = (event: MessageEvent) => void;

/** Enough of EventSource for the hook: listeners, readyState, and a way to play the server. */
class FakeSource {
  readyState = 0;
  readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.readyState = 2;
  }

  emit(type: string, data?: unknown, id?: number) {
    const event = new MessageEvent(type, {
      data: data === undefined ? "" : JSON.stringify(data),
      lastEventId: id === undefined ? "" : String(id),
    });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  open() {
    this.readyState = 1;
    this.emit("open");
  }

  /** The connection drops; the browser retries by itself unless `refused`. */
  drop({ refused = false } = {}) {
    this.readyState = refused ? 2 : 0;
    this.emit("error");
  }

  log(seq: number) {
    this.emit(
      "log",
      {
        seq,
        stream: "stdout",
        chunk: `line ${seq}`,
        created_at: "2025-01-01T00:00:00Z",
      },
      seq,
    );
  }
}

const URL = "/api/tunix/runs/r1/logs";

function follow() {
  const sources: FakeSource[] = [];
  const open = (url: string) => {
    const source = new FakeSource(url);
    sources.push(source);
    return source as unknown as EventSource;
  };
  const hook = renderHook(() => useJobStream(URL, { open, retryMs: 1000 }));
  const flush = () =>
    act(() => {
      vi.advanceTimersByTime(150);
    });
  const seqs = () => hook.result.current.logs.map((line) => line.seq);
  return { sources, hook, flush, seqs };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("useJobStream", () => {
  it("keeps each line once when the browser resumes a dropped stream", () => {
    const { sources, hook, flush, seqs } = follow();
    const first = sources[0]!;
    act(() => {
      first.open();
      [0, 1, 2].forEach((seq) => first.log(seq));
    });
    flush();
    expect(seqs()).toEqual([0, 1, 2]);

    act(() => first.drop());
    expect(hook.result.current.connection).toBe("reconnecting");

    // The server may send again what the browser already had.
    act(() => {
      first.open();
      [1, 2, 3].forEach((seq) => first.log(seq));
    });
    flush();
    expect(seqs()).toEqual([0, 1, 2, 3]);
    expect(hook.result.current.connection).toBe("open");
    expect(hook.result.current.reconnects).toBe(1);
    expect(sources).toHaveLength(1);
  });

  it("reopens a refused stream from the line after the last one it has", () => {
    const { sources, hook, flush, seqs } = follow();
    const first = sources[0]!;
    act(() => {
      first.open();
      [0, 1, 2].forEach((seq) => first.log(seq));
      first.drop({ refused: true });
    });
    flush();
    expect(hook.result.current.connection).toBe("reconnecting");
    expect(sources).toHaveLength(1);

    act(() => {
      vi.advanceTimersByTime(1000);
    });
    const second = sources[1]!;
    expect(second.url).toBe(`${URL}?since_seq=3`);
    act(() => {
      second.open();
      [2, 3, 4].forEach((seq) => second.log(seq));
    });
    flush();
    expect(seqs()).toEqual([0, 1, 2, 3, 4]);
    expect(hook.result.current.reconnects).toBe(1);
  });

  it("counts each metric once per name and step across reconnects", () => {
    const { sources, hook, flush } = follow();
    const first = sources[0]!;
    act(() => {
      first.open();
      first.emit("metric", { step: 1, name: "loss", value: 2.5 });
      first.drop();
      first.open();
      first.emit("metric", { step: 1, name: "loss", value: 2.5 });
      first.emit("metric", { step: 2, name: "loss", value: 2.1 });
    });
    flush();
    expect(hook.result.current.metrics).toEqual([
      { step: 1, name: "loss", value: 2.5 },
      { step: 2, name: "loss", value: 2.1 },
    ]);
  });

  it("keeps the latest heartbeat and closes on the status event", () => {
    const { sources, hook } = follow();
    const first = sources[0]!;
    act(() => {
      first.open();
      first.emit("heartbeat", {
        status: "running",
        progress: { step: 3, total: 10 },
      });
    });
    expect(hook.result.current.heartbeat).toEqual({
      status: "running",
      progress: { step: 3, total: 10 },
    });
    act(() => {
      first.emit("status", {
        run_id: "r1",
        status: "succeeded",
        error: null,
        result: null,
      });
    });
    expect(hook.result.current.end?.status).toBe("succeeded");
    expect(hook.result.current.connection).toBe("closed");
    expect(first.readyState).toBe(2);
  });
});
