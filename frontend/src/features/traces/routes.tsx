import type { RouteObject } from "react-router";

export const tracesRoutes: RouteObject[] = [
  {
    path: "traces",
    lazy: async () => ({
      Component: (await import("./TracesPage")).TracesPage,
    }),
  },
  {
    path: "traces/new",
    lazy: async () => ({
      Component: (await import("./AddTracesPage")).AddTracesPage,
    }),
  },
  {
    path: "traces/compare",
    lazy: async () => ({
      Component: (await import("./TraceComparePage")).TraceComparePage,
    }),
  },
  {
    path: "traces/:traceId",
    lazy: async () => ({
      Component: (await import("./TraceDetailPage")).TraceDetailPage,
    }),
  },
];
