import { describe, expect, it } from "vitest";

import { ApiError } from "../../api/client";
import { failingCheck, refusedBody } from "./fixtures";
import { checkFacts, checkSummary, gateRefusal } from "./gate";

describe("gateRefusal", () => {
  it("reads the check out of a 409 answer", () => {
    const error = new ApiError(409, refusedBody.detail, "refused", refusedBody);
    expect(gateRefusal(error)).toEqual(failingCheck);
  });

  it("is null for a 409 without a check, such as a concurrent move", () => {
    const body = {
      detail: "alias 'production' of 'arith' changed meanwhile; retry",
    };
    expect(gateRefusal(new ApiError(409, body.detail, "x", body))).toBeNull();
  });

  it("is null for other statuses and for errors that are not the API's", () => {
    expect(gateRefusal(new ApiError(422, "x", "x", refusedBody))).toBeNull();
    expect(gateRefusal(new TypeError("Failed to fetch"))).toBeNull();
  });
});

describe("checkFacts", () => {
  it("states a relative tolerance as a share of the baseline", () => {
    const facts = Object.fromEntries(
      checkFacts({
        ...failingCheck,
        tolerance: 0.1,
        tolerance_kind: "relative",
        allowed_drop: 0.06875,
      }),
    );
    expect(facts["Allowed drop"]).toBe("0.0688 (10.0% of the baseline)");
  });

  it("says when the change cannot be a percentage of a zero baseline", () => {
    const facts = Object.fromEntries(
      checkFacts({ ...failingCheck, baseline_value: 0, delta_percent: null }),
    );
    expect(facts["Delta %"]).toBe("— (baseline is 0)");
  });

  it("signs an improvement and names a pass-rate metric", () => {
    const facts = Object.fromEntries(
      checkFacts({
        ...failingCheck,
        metric: "pass_rate",
        delta: 0.25,
        delta_percent: 50,
      }),
    );
    expect(facts.Metric).toBe("pass rate of trace_format (higher is better)");
    expect(facts.Delta).toBe("+0.25");
    expect(facts["Delta %"]).toBe("+50%");
  });
});

describe("checkSummary", () => {
  it("sums up a history entry's check in one line", () => {
    expect(checkSummary(failingCheck)).toBe("prod-bar (Δ -0.6875)");
    expect(checkSummary(null)).toBe("no gate");
  });
});
