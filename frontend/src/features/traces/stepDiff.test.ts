import { describe, expect, it } from "vitest";

import {
  diffSteps,
  lcsPairs,
  summarizeDiff,
  wordDiff,
  type Step,
} from "./stepDiff";

const step = (i: number, content: string, type = "t"): Step => ({
  i,
  type,
  content,
});

describe("diffSteps", () => {
  it("matches identical traces step for step", () => {
    const steps = [step(0, "read"), step(1, "add"), step(2, "answer")];
    const rows = diffSteps(steps, steps);
    expect(rows.map((r) => r.kind)).toEqual(["same", "same", "same"]);
    expect(summarizeDiff(rows)).toEqual({
      same: 3,
      changed: 0,
      added: 0,
      removed: 0,
    });
  });

  it("orders steps by their index before comparing", () => {
    const a = [step(1, "second"), step(0, "first")];
    const b = [step(0, "first"), step(1, "second")];
    const rows = diffSteps(a, b);
    expect(rows.map((r) => r.kind)).toEqual(["same", "same"]);
    expect(rows[0]).toMatchObject({ aNumber: 1, bNumber: 1 });
  });

  it("pairs differing steps between matches as changed, with word highlights", () => {
    const a = [step(0, "read"), step(1, "3 + 4 = 7"), step(2, "done")];
    const b = [step(0, "read"), step(1, "3 + 5 = 8"), step(2, "done")];
    const rows = diffSteps(a, b);
    expect(rows.map((r) => r.kind)).toEqual(["same", "changed", "same"]);
    const changed = rows[1]!;
    if (changed.kind !== "changed") throw new Error("expected a changed row");
    expect(changed.words?.a).toEqual([
      { text: "3 + ", kind: "same" },
      { text: "4", kind: "removed" },
      { text: " = ", kind: "same" },
      { text: "7", kind: "removed" },
    ]);
    expect(
      changed.words?.b.filter((p) => p.kind === "added").map((p) => p.text),
    ).toEqual(["5", "8"]);
  });

  it("reports steps only one side has as added or removed, numbered per side", () => {
    const a = [step(0, "read"), step(1, "check"), step(2, "answer")];
    const b = [
      step(0, "read"),
      step(1, "answer"),
      step(2, "double-check"),
      step(3, "restate"),
    ];
    const rows = diffSteps(a, b);
    expect(
      rows.map((r) => [
        r.kind,
        "aNumber" in r ? r.aNumber : null,
        "bNumber" in r ? r.bNumber : null,
      ]),
    ).toEqual([
      ["same", 1, 1],
      ["removed", 2, null],
      ["same", 3, 2],
      ["added", null, 3],
      ["added", null, 4],
    ]);
  });

  it("counts a step whose type changed as changed, ignoring whitespace-only edits", () => {
    const a = [step(0, "carry  the one", "add"), step(1, "x", "a")];
    const b = [step(0, "carry the one ", "add"), step(1, "x", "b")];
    expect(diffSteps(a, b).map((r) => r.kind)).toEqual(["same", "changed"]);
  });

  it("handles an empty side", () => {
    expect(diffSteps([], [step(0, "x")]).map((r) => r.kind)).toEqual(["added"]);
    expect(diffSteps([step(0, "x")], []).map((r) => r.kind)).toEqual([
      "removed",
    ]);
  });

  it("diffs a thousand steps quickly", () => {
    const a = Array.from({ length: 1000 }, (_, i) => step(i, `step ${i}`));
    const b = a.map((s) => (s.i % 10 === 0 ? { ...s, content: "other" } : s));
    const started = performance.now();
    const summary = summarizeDiff(diffSteps(a, b));
    expect(summary).toEqual({ same: 900, changed: 100, added: 0, removed: 0 });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("lcsPairs", () => {
  it("finds one longest common subsequence", () => {
    expect(lcsPairs([..."ABCBDAB"], [..."BDCABA"])).toHaveLength(4);
    expect(lcsPairs([], ["a"])).toEqual([]);
  });
});

describe("wordDiff", () => {
  it("gives up on highlights for very long texts", () => {
    const long = Array.from({ length: 600 }, (_, i) => `w${i}`).join(" ");
    expect(wordDiff(long, `${long} more`)).toBeNull();
  });
});
