import type { RouteObject } from "react-router";

export const datasetsRoutes: RouteObject[] = [
  {
    path: "datasets",
    lazy: async () => ({
      Component: (await import("./DatasetsPage")).DatasetsPage,
    }),
  },
  {
    path: "datasets/:datasetKey",
    lazy: async () => ({
      Component: (await import("./DatasetDetailPage")).DatasetDetailPage,
    }),
  },
];
