import type { mockApi } from "../../test/mockApi";

/** The requests a mocked fetch received, as (url, init) pairs; for tests only. */
export function fetchCalls(
  fetchMock: ReturnType<typeof mockApi>,
): { url: string; method: string; body: unknown; headers: unknown }[] {
  return (fetchMock.mock.calls as unknown as [string, RequestInit?][]).map(
    ([url, init]) => ({
      url,
      method: init?.method ?? "GET",
      body: init?.body,
      headers: init?.headers,
    }),
  );
}
