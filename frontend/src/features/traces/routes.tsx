import type { RouteObject } from "react-router";

export const tracesRoutes: RouteObject[] = [
  {
    path: "traces",
    lazy: async () => ({
      Component: (await import("./TracesPage")).TracesPage,
    }),
  },
];
