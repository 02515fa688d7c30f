import type { RouteObject } from "react-router";

export const evaluationsRoutes: RouteObject[] = [
  {
    path: "evaluations",
    lazy: async () => ({
      Component: (await import("./EvaluationsPage")).EvaluationsPage,
    }),
  },
];
