import { describe, expect, it } from "vitest";

import {
  formatBytes,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRelative,
  shortId,
} from "./format";

describe("format", () => {
  it("writes durations the way people read them", () => {
    expect(formatDuration(0.25)).toBe("250 ms");
    expect(formatDuration(4.25)).toBe("4.3 s");
    expect(formatDuration(75)).toBe("1m 15s");
    expect(formatDuration(3725)).toBe("1h 2m");
    expect(formatDuration(null)).toBe("—");
  });

  it("keeps small numbers readable and marks missing ones", () => {
    expect(formatNumber(0.123456)).toBe("0.1235");
    expect(formatNumber(0.00001)).toBe("1.00e-5");
    expect(formatNumber(Number.NaN)).toBe("—");
    expect(formatPercent(0.4567)).toBe("45.7%");
  });

  it("scales bytes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 kB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MB");
  });

  it("says how long ago", () => {
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(formatRelative("2026-01-01T11:59:50Z", now)).toBe("just now");
    expect(formatRelative("2026-01-01T11:50:00Z", now)).toBe("10 min ago");
    expect(formatRelative("2026-01-01T09:00:00Z", now)).toBe("3 h ago");
    expect(shortId("0123456789abcdef")).toBe("01234567");
  });
});
