import { describe, expect, it } from "vitest";

import { describeJudgeModel, describeParams, describeSetup } from "./setup";

describe("judge setups in words", () => {
  it("lists parameters by name, cutting long values", () => {
    expect(describeParams({ rel_tol: 0.01, abs_tol: 1e-9 })).toBe(
      "abs_tol=1e-9, rel_tol=0.01",
    );
    expect(describeParams({})).toBe("no parameters");
    const rubric = describeParams({ rubric: "Grade {output} ".repeat(10) });
    expect(rubric).toMatch(/^rubric=Grade \{output\} Grade/);
    expect(rubric.endsWith("…")).toBe(true);
    expect(rubric.length).toBe("rubric=".length + 40);
  });

  it("names a judge model by its pinned ref or its endpoint", () => {
    expect(
      describeJudgeModel({
        backend: "local",
        ref: "registry://judge@2",
        version_id: "v2",
      }),
    ).toBe("registry://judge@2");
    expect(
      describeJudgeModel({
        backend: "http",
        base_url: "http://judge/v1",
        model: "judge-7b",
      }),
    ).toBe("judge-7b at http://judge/v1");
    expect(describeJudgeModel(null)).toBeNull();
  });

  it("puts version, parameters and judge model on one line", () => {
    expect(describeSetup({ version: "1.0.0", params: { rel_tol: 0.01 } })).toBe(
      "v1.0.0 · rel_tol=0.01",
    );
    expect(
      describeSetup({
        version: "1.0.0",
        params: { scale: 10 },
        judge_model: { backend: "local", ref: "registry://judge@2" },
      }),
    ).toBe("v1.0.0 · scale=10 · judge model registry://judge@2");
  });
});
