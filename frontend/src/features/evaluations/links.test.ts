import { describe, expect, it } from "vitest";

import { modelHref } from "./links";

describe("modelHref", () => {
  it("links a registry version to its page even when it came from a run", () => {
    expect(
      modelHref({
        model_name: "arith@3",
        run_id: "run1",
        model_version_id: "v3",
      }),
    ).toBe("/models/arith/versions/3");
  });

  it("links a training run to the run's page", () => {
    expect(
      modelHref({
        model_name: "run:run1",
        run_id: "run1",
        model_version_id: null,
      }),
    ).toBe("/runs/run1");
  });
});
