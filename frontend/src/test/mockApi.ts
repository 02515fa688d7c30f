import { vi } from "vitest";

/** A canned answer for one request, or an Error to simulate an unreachable backend. */
export type MockAnswer = { status?: number; body: unknown } | Error;

function requestPath(input: RequestInfo | URL): string {
  const raw =
    typeof input === "string"
      ? input
      : input instanceof URL
        ? input.href
        : input.url;
  const url = new URL(raw, "http://localhost");
  return `${url.pathname}${url.search}`;
}

/**
 * Replace `fetch` with a table of answers keyed by path and query string
 * (e.g. "/api/traces?limit=10"); unknown paths answer 404 like the backend.
 */
export function mockApi(answers: Record<string, MockAnswer>) {
  const fetchMock = vi.fn((input: RequestInfo | URL) => {
    const answer = answers[requestPath(input)];
    if (answer === undefined) {
      return Promise.resolve(
        Response.json({ detail: "Not Found" }, { status: 404 }),
      );
    }
    if (answer instanceof Error) {
      return Promise.reject(answer);
    }
    return Promise.resolve(
      Response.json(answer.body, { status: answer.status ?? 200 }),
    );
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}
