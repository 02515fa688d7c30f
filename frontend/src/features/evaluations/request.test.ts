import { describe, expect, it } from "vitest";

import { emptyForm, evaluationRequest } from "./request";
import { JUDGES } from "./testData";

describe("evaluationRequest", () => {
  it("sends a registry ref instead of a run when the model comes from the registry", () => {
    const body = evaluationRequest(
      emptyForm({
        modelKind: "registry",
        runId: "ignored",
        modelRef: " registry://arith#production ",
        datasetKey: "arith-v1",
      }),
      JUDGES,
    );
    expect(body.model).toBe("registry://arith#production");
    expect(body).not.toHaveProperty("run_id");
  });

  it("leaves blank optional numbers out and keeps typed params typed", () => {
    const body = evaluationRequest(
      emptyForm({
        runId: "r1",
        datasetKey: "d",
        params: { answer_correctness: { rel_tol: "0.01", abs_tol: "" } },
      }),
      JUDGES,
    );
    expect(body.limit).toBeNull();
    expect(body.generation?.top_p).toBeNull();
    expect(body.judges).toEqual([
      { name: "answer_correctness", params: { rel_tol: 0.01 } },
    ]);
  });

  it("passes text that is not a number on, so the API can say what is wrong", () => {
    const body = evaluationRequest(
      emptyForm({
        runId: "r1",
        datasetKey: "d",
        params: { answer_correctness: { rel_tol: "abc" } },
      }),
      JUDGES,
    );
    expect(body.judges?.[0]?.params).toEqual({ rel_tol: "abc" });
  });
});
