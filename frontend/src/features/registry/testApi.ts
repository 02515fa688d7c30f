import { vi } from "vitest";

import type { MockAnswer } from "../../test/mockApi";

export type SentRequest = { method: string; path: string; body: unknown };

/**
 * Stub `fetch` by method and path: `"GET /api/models?limit=50"` answers once per call;
 * a list of answers is used in turn (e.g. a PUT answering 409, then 200). Unknown: 404.
 * Returns the requests sent with a body, to assert what was sent.
 */
export function stubApi(table: Record<string, MockAnswer | MockAnswer[]>) {
  const sent: SentRequest[] = [];
  const used: Record<string, number> = {};
  vi.stubGlobal(
    "fetch",
    vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      const raw =
        typeof input === "string"
          ? input
          : input instanceof URL
            ? input.href
            : input.url;
      const url = new URL(raw, "http://localhost");
      const method = (init?.method ?? "GET").toUpperCase();
      const key = `${method} ${url.pathname}${url.search}`;
      if (typeof init?.body === "string")
        sent.push({
          method,
          path: url.pathname,
          body: JSON.parse(init.body) as unknown,
        });
      const entry = table[key];
      let answer: MockAnswer | undefined;
      if (Array.isArray(entry)) {
        const index = used[key] ?? 0;
        used[key] = index + 1;
        answer = entry[Math.min(index, entry.length - 1)];
      } else answer = entry;
      if (answer === undefined)
        return Promise.resolve(
          Response.json({ detail: "Not Found" }, { status: 404 }),
        );
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve(
        Response.json(answer.body, { status: answer.status ?? 200 }),
      );
    }),
  );
  return sent;
}
