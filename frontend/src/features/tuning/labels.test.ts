import { describe, expect, it } from "vitest";

import { describeEntry } from "./labels";

describe("describeEntry", () => {
  it("says what each kind samples", () => {
    expect(describeEntry({ type: "loguniform", min: 0.0001, max: 0.01 })).toBe(
      "loguniform: 0.0001 – 0.01",
    );
    expect(describeEntry({ type: "choice", values: [16, 32] })).toBe(
      "choice: 16, 32",
    );
    expect(describeEntry({ type: "quniform", min: 0, max: 1, q: 0.25 })).toBe(
      "quniform: 0 – 1, q 0.25",
    );
  });

  it("says when a conditional entry is sampled", () => {
    const warmup = { type: "uniform", min: 0, max: 0.2 };
    expect(describeEntry({ ...warmup, when: { schedule: ["cosine"] } })).toBe(
      "uniform: 0 – 0.2, only when schedule is cosine",
    );
    expect(
      describeEntry({ ...warmup, when: { schedule: ["cosine", "linear"] } }),
    ).toBe("uniform: 0 – 0.2, only when schedule is one of cosine, linear");
    expect(describeEntry({ ...warmup, when: null })).toBe("uniform: 0 – 0.2");
  });
});
