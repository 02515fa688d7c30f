import type { RouteObject } from "react-router";

export const registryRoutes: RouteObject[] = [
  {
    path: "models",
    lazy: async () => ({
      Component: (await import("./ModelsPage")).ModelsPage,
    }),
  },
];
