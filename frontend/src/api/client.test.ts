import { describe, expect, it } from "vitest";

import { mockApi } from "../test/mockApi";
import { ApiError, apiFetch } from "./client";

describe("apiFetch", () => {
  it("returns the JSON body of a 2xx answer", async () => {
    mockApi({ "/api/health": { body: { status: "healthy" } } });

    await expect(apiFetch("/api/health")).resolves.toEqual({
      status: "healthy",
    });
  });

  it("throws an ApiError carrying the status and detail of a non-2xx answer", async () => {
    mockApi({
      "/api/ready": { status: 503, body: { detail: "database unavailable" } },
    });

    const error: unknown = await apiFetch("/api/ready").catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 503,
      detail: "database unavailable",
      message: "database unavailable",
    });
  });

  it("joins validation error messages into one line", async () => {
    mockApi({
      "/api/traces?limit=0": {
        status: 422,
        body: {
          detail: [
            { loc: ["query", "limit"], msg: "Input should be greater than 0" },
          ],
        },
      },
    });

    await expect(apiFetch("/api/traces?limit=0")).rejects.toThrow(
      "Input should be greater than 0",
    );
  });
});
