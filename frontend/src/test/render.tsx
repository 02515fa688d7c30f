import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import {
  createMemoryRouter,
  RouterProvider,
  type RouteObject,
} from "react-router";

function testQueryClient() {
  return new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
}

/** Render with a fresh query cache; no retries so failures show up at once. */
export function renderWithQueryClient(ui: ReactElement) {
  return render(
    <QueryClientProvider client={testQueryClient()}>{ui}</QueryClientProvider>,
  );
}

/**
 * Render `ui` at `url` inside a router (for links, params and query-string filters).
 * `path` is the route pattern, e.g. "/runs/:runId"; the router is returned to read its location.
 */
export function renderRoute(
  ui: ReactElement,
  { url = "/", path = "*" }: { url?: string; path?: string } = {},
) {
  return renderApp([{ path, element: ui }], url);
}

/** Render the whole app (its real routes) at `url`. */
export function renderApp(routes: RouteObject[], url = "/") {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const result = render(
    <QueryClientProvider client={testQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...result, router };
}
