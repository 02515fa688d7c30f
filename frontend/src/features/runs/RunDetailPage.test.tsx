import {
  act,
  configure,
  screen,
  waitFor,
  within,
} from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { mockApi, type MockAnswer } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { makeRun } from "./fixtures";
import { RunDetailPage } from "./RunDetailPage";

// The first render of a file loads the page's modules: slow on a busy machine.
configure({ asyncUtilTimeout: 5000 });

type Listener = (event: MessageEvent) => void;

/** The page's log stream, played by the test. */
class FakeEventSource {
  static latest: FakeEventSource | null = null;
  readyState = 1;
  readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {
    FakeEventSource.latest = this;
  }

  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.readyState = 2;
  }

  emit(type: string, data: unknown) {
    const event = new MessageEvent(type, { data: JSON.stringify(data) });
    act(() => {
      for (const listener of this.listeners.get(type) ?? []) listener(event);
    });
  }
}

class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

const run = makeRun();
const base = `/api/tunix/runs/${run.run_id}`;

function answers(overrides: Record<string, MockAnswer> = {}) {
  return {
    [base]: { body: run },
    [`${base}/metrics`]: {
      body: {
        run_id: run.run_id,
        series: {
          loss: [
            { step: 1, value: 3.1 },
            { step: 2, value: 2.7 },
          ],
          step_time: [
            { step: 1, value: 0.5 },
            { step: 2, value: 0.5 },
          ],
        },
      },
    },
    [`${base}/artifacts`]: { body: [] },
    [`/api/evaluations?run_id=${run.run_id}&limit=10`]: {
      body: {
        data: [],
        pagination: { limit: 10, offset: 0, next_offset: null },
      },
    },
    ...overrides,
  };
}

function renderRun() {
  return renderRoute(<RunDetailPage />, {
    url: `/runs/${run.run_id}`,
    path: "/runs/:runId",
  });
}

beforeEach(() => {
  FakeEventSource.latest = null;
  vi.stubGlobal("EventSource", FakeEventSource);
  vi.stubGlobal("ResizeObserver", NoResizeObserver);
});

describe("a run's page", () => {
  it("shows its status, progress and time left", async () => {
    mockApi(answers());
    renderRun();

    expect(
      await screen.findByRole("heading", { name: "Run 0b7f1e2a" }),
    ).toBeInTheDocument();
    expect(screen.getAllByText("running")[0]).toBeInTheDocument();
    expect(
      screen.getByRole("progressbar", { name: "Training progress" }),
    ).toHaveAttribute("aria-valuenow", "25");
    expect(screen.getByTestId("run-step")).toHaveTextContent("10 of 40");
    // 30 steps to go at the recent 0.5 s per step.
    expect(await screen.findByTestId("run-eta")).toHaveTextContent(
      "about 15 s",
    );
  });

  it("draws the metric history and adds streamed points once each", async () => {
    mockApi(answers());
    renderRun();
    const loss = await screen.findByTestId("chart-loss");
    await waitFor(() => expect(loss).toHaveAttribute("data-points", "2"));

    const stream = FakeEventSource.latest!;
    expect(stream.url).toBe(`${base}/logs`);
    stream.emit("metric", { step: 2, name: "loss", value: 2.7 });
    stream.emit("metric", { step: 3, name: "loss", value: 2.2 });
    stream.emit("metric", { step: 3, name: "learning_rate", value: 0.002 });

    await waitFor(() => expect(loss).toHaveAttribute("data-points", "3"));
    expect(screen.getByTestId("chart-learning-rate")).toHaveAttribute(
      "data-points",
      "1",
    );
  });

  it("shows the streamed log lines", async () => {
    mockApi(answers());
    renderRun();
    await screen.findByRole("log", { name: "Run logs" });
    FakeEventSource.latest!.emit("log", {
      seq: 0,
      stream: "stdout",
      chunk: "training tiny for 40 steps",
      created_at: "2025-01-01T00:00:06Z",
    });
    expect(
      await within(screen.getByRole("log", { name: "Run logs" })).findByText(
        "training tiny for 40 steps",
      ),
    ).toBeInTheDocument();
  });

  it("cancels the run after an in-page confirmation", async () => {
    const user = userEvent.setup();
    const table = answers();
    const fetchMock = mockApi(table);
    renderRun();

    await user.click(await screen.findByRole("button", { name: "Cancel run" }));
    const dialog = screen.getByRole("dialog", { name: "Cancel run 0b7f1e2a?" });
    const cancelled = makeRun({ status: "cancelled", error: "cancelled" });
    table[`${base}/cancel`] = { body: cancelled };
    table[base] = { body: cancelled };
    await user.click(
      within(dialog).getByRole("button", { name: "Cancel run" }),
    );

    await waitFor(() =>
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument(),
    );
    expect(
      (fetchMock.mock.calls as unknown as [string, RequestInit][]).some(
        ([url, init]) => url === `${base}/cancel` && init.method === "POST",
      ),
    ).toBe(true);
    expect(await screen.findAllByText("cancelled")).not.toHaveLength(0);
    expect(
      screen.queryByRole("button", { name: "Cancel run" }),
    ).not.toBeInTheDocument();
  });

  it("shows the resolved config, the environment, its files and its evaluation", async () => {
    const finished = makeRun({
      status: "succeeded",
      finished_at: "2025-01-01T00:01:05Z",
      progress: { step: 40, total: 40, epoch: 2 },
      result: {
        config: { model: "tiny", max_steps: 40, mesh: { fsdp: 1, tp: 1 } },
        versions: { jax: "0.7.2" },
        devices: { platform: "cpu", count: 1 },
      },
    });
    mockApi(
      answers({
        [base]: { body: finished },
        [`${base}/artifacts`]: {
          body: [
            { path: "result.json", size_bytes: 2048 },
            { path: "export/model.safetensors", size_bytes: 4096 },
          ],
        },
        [`/api/evaluations?run_id=${run.run_id}&limit=10`]: {
          body: {
            data: [
              {
                evaluation_id: "e1e1e1e1-2222",
                status: "succeeded",
                split: "eval",
                created_at: "2025-01-01T00:02:00Z",
                scores: [],
              },
            ],
            pagination: { limit: 10, offset: 0, next_offset: null },
          },
        },
      }),
    );
    renderRun();

    expect(await screen.findByText("Resolved config")).toBeInTheDocument();
    expect(screen.getByText("mesh.fsdp")).toBeInTheDocument();
    expect(screen.getByText("0.7.2")).toBeInTheDocument();
    expect(screen.getByText("platform")).toBeInTheDocument();
    expect(
      await screen.findByRole("link", { name: "export/model.safetensors" }),
    ).toHaveAttribute(
      "href",
      `${base}/artifacts/export%2Fmodel.safetensors/download`,
    );
    expect(
      await screen.findByRole("link", { name: "e1e1e1e1" }),
    ).toHaveAttribute("href", "/evaluations/e1e1e1e1-2222");
  });
});
