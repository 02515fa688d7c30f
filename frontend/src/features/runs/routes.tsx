import type { RouteObject } from "react-router";

export const runsRoutes: RouteObject[] = [
  {
    path: "runs",
    lazy: async () => ({ Component: (await import("./RunsPage")).RunsPage }),
  },
];
