import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { LogLine } from "../hooks/useJobStream";
import { LogViewer } from "./LogViewer";

function lines(from: number, to: number): LogLine[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({
    seq: from + i,
    stream: "stdout",
    chunk: `line ${from + i}`,
    created_at: "2025-01-01T12:00:00+00:00",
  }));
}

function shownText() {
  return within(screen.getByRole("log", { name: "Logs" }))
    .queryAllByText(/^line \d+$/)
    .map((el) => el.textContent);
}

/** jsdom has no layout: give the log box a height to scroll to, and a writable position. */
function fakeScrollBox(scrollHeight: number) {
  const box = screen.getByRole("log", { name: "Logs" });
  Object.defineProperty(box, "scrollHeight", {
    configurable: true,
    value: scrollHeight,
  });
  Object.defineProperty(box, "clientHeight", {
    configurable: true,
    value: 100,
  });
  let top = 0;
  Object.defineProperty(box, "scrollTop", {
    configurable: true,
    get: () => top,
    set: (value: number) => {
      top = value;
    },
  });
  return box;
}

describe("LogViewer", () => {
  it("shows every line and says when there are none yet", () => {
    const { rerender } = render(<LogViewer lines={[]} />);
    expect(screen.getByText("No log lines yet.")).toBeInTheDocument();
    rerender(<LogViewer lines={lines(0, 2)} />);
    expect(shownText()).toEqual(["line 0", "line 1", "line 2"]);
  });

  it("follows the newest line while the reader is at the bottom", () => {
    const { rerender } = render(<LogViewer lines={lines(0, 1)} />);
    const box = fakeScrollBox(800);
    rerender(<LogViewer lines={lines(0, 5)} />);
    expect(box.scrollTop).toBe(800);
  });

  it("stops following while the reader has scrolled up to read", () => {
    const { rerender } = render(<LogViewer lines={lines(0, 1)} />);
    const box = fakeScrollBox(800);
    box.scrollTop = 100;
    fireEvent.scroll(box);
    rerender(<LogViewer lines={lines(0, 5)} />);
    expect(box.scrollTop).toBe(100);
  });

  it("freezes the view on Pause while lines keep arriving, and shows them on Resume", async () => {
    const user = userEvent.setup();
    const { rerender } = render(<LogViewer lines={lines(0, 2)} />);
    await user.click(screen.getByRole("button", { name: "Pause" }));

    rerender(<LogViewer lines={lines(0, 4)} />);
    expect(shownText()).toEqual(["line 0", "line 1", "line 2"]);
    expect(screen.getByText("Paused; 2 new lines waiting")).toBeInTheDocument();

    const box = fakeScrollBox(900);
    await user.click(screen.getByRole("button", { name: "Resume" }));
    expect(shownText()).toEqual([
      "line 0",
      "line 1",
      "line 2",
      "line 3",
      "line 4",
    ]);
    expect(box.scrollTop).toBe(900);
    expect(screen.getByRole("button", { name: "Pause" })).toBeInTheDocument();
  });

  it("stays frozen while the oldest lines are dropped from the buffer", async () => {
    const user = userEvent.setup();
    const { rerender } = render(<LogViewer lines={lines(0, 3)} />);
    await user.click(screen.getByRole("button", { name: "Pause" }));
    rerender(<LogViewer lines={lines(2, 6)} />);
    expect(shownText()).toEqual(["line 2", "line 3"]);
  });

  it("says when the stream is reconnecting", () => {
    render(<LogViewer lines={lines(0, 1)} connection="reconnecting" />);
    expect(screen.getByRole("status")).toHaveTextContent("reconnecting…");
  });
});
