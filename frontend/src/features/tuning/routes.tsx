import type { RouteObject } from "react-router";

export const tuningRoutes: RouteObject[] = [
  {
    path: "tuning",
    lazy: async () => ({
      Component: (await import("./TuningPage")).TuningPage,
    }),
  },
];
