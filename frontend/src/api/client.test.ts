import { describe, expect, it } from "vitest";

import { mockApi } from "../test/mockApi";
import { ApiError, apiFetch, apiGet, withQuery } from "./client";

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

describe("withQuery", () => {
  it("leaves the path alone when there is nothing to add", () => {
    expect(withQuery("/api/traces")).toBe("/api/traces");
    expect(withQuery("/api/traces", { tag: null, q: undefined })).toBe(
      "/api/traces",
    );
  });

  it("encodes values and repeats the key for each item of a list", () => {
    expect(
      withQuery("/api/traces", { limit: 5, q: "a b&c", meta: ["x=1", "y=2"] }),
    ).toBe("/api/traces?limit=5&q=a+b%26c&meta=x%3D1&meta=y%3D2");
  });
});

describe("apiGet", () => {
  it("sends the query string and returns the typed body", async () => {
    const page = {
      data: [],
      pagination: { limit: 3, offset: 0, next_offset: null },
    };
    const fetchMock = mockApi({ "/api/traces?limit=3": { body: page } });

    const body = await apiGet("/api/traces", { query: { limit: 3 } });

    expect(body.pagination.limit).toBe(3);
    expect(fetchMock).toHaveBeenCalledOnce();
  });
});
