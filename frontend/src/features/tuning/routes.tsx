import type { RouteObject } from "react-router";

export const tuningRoutes: RouteObject[] = [
  {
    path: "tuning",
    lazy: async () => ({
      Component: (await import("./TuningListPage")).TuningListPage,
    }),
  },
  {
    path: "tuning/new",
    lazy: async () => ({
      Component: (await import("./TuningNewPage")).TuningNewPage,
    }),
  },
  {
    path: "tuning/:tuningJobId",
    lazy: async () => ({
      Component: (await import("./TuningDetailPage")).TuningDetailPage,
    }),
  },
];
