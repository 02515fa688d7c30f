import type { RouteObject } from "react-router";

export const runsRoutes: RouteObject[] = [
  {
    path: "runs",
    lazy: async () => ({ Component: (await import("./RunsPage")).RunsPage }),
  },
  {
    path: "runs/new",
    lazy: async () => ({
      Component: (await import("./NewRunPage")).NewRunPage,
    }),
  },
  {
    path: "runs/:runId",
    lazy: async () => ({
      Component: (await import("./RunDetailPage")).RunDetailPage,
    }),
  },
];
