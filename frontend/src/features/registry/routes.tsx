import type { RouteObject } from "react-router";

export const registryRoutes: RouteObject[] = [
  {
    path: "models",
    lazy: async () => ({
      Component: (await import("./ModelsPage")).ModelsPage,
    }),
  },
  {
    path: "models/:name",
    lazy: async () => ({
      Component: (await import("./ModelPage")).ModelPage,
    }),
  },
  {
    path: "models/:name/versions/:version",
    lazy: async () => ({
      Component: (await import("./VersionPage")).VersionPage,
    }),
  },
];
