import { vi } from "vitest";

/** One request as the page sent it. */
export type SentRequest = { method: string; path: string; body: unknown };

type Answer = { status?: number; body?: unknown; text?: string };

/**
 * Replace `fetch` with `answer(request)` (by method, path with query, and JSON body), for
 * tests whose answers depend on what was sent; every request is recorded in `sent`.
 */
export function stubFetch(
  answer: (
    request: SentRequest,
  ) => Answer | undefined | Promise<Answer | undefined>,
) {
  const sent: SentRequest[] = [];
  const fetchMock = vi.fn(
    async (input: RequestInfo | URL, init?: RequestInit) => {
      const raw =
        typeof input === "string"
          ? input
          : input instanceof URL
            ? input.href
            : input.url;
      const url = new URL(raw, "http://localhost");
      const request: SentRequest = {
        method: (init?.method ?? "GET").toUpperCase(),
        path: `${url.pathname}${url.search}`,
        body:
          typeof init?.body === "string"
            ? (JSON.parse(init.body) as unknown)
            : undefined,
      };
      sent.push(request);
      const reply = (await answer(request)) ?? {
        status: 404,
        body: { detail: "Not Found" },
      };
      if (reply.text !== undefined)
        return new Response(reply.text, {
          status: reply.status ?? 200,
          headers: { "Content-Type": "application/x-ndjson" },
        });
      return Response.json(reply.body, { status: reply.status ?? 200 });
    },
  );
  vi.stubGlobal("fetch", fetchMock);
  return sent;
}
