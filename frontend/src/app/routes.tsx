import type { RouteObject } from "react-router";

import { datasetsRoutes } from "../features/datasets/routes";
import { evaluationsRoutes } from "../features/evaluations/routes";
import { leaderboardRoutes } from "../features/leaderboard/routes";
import { overviewRoutes } from "../features/overview/routes";
import { registryRoutes } from "../features/registry/routes";
import { runsRoutes } from "../features/runs/routes";
import { tracesRoutes } from "../features/traces/routes";
import { tuningRoutes } from "../features/tuning/routes";
import { Loading } from "../components/QueryState";
import { Layout } from "./Layout";
import { NotFound } from "./NotFound";
import { RouteError } from "./RouteError";

/** Every page of the dashboard. Features declare their own routes, each page a lazy chunk. */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    // Shown while the first page's lazy chunk loads.
    hydrateFallbackElement: <Loading what="the page" />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          ...overviewRoutes,
          ...tracesRoutes,
          ...datasetsRoutes,
          ...runsRoutes,
          ...evaluationsRoutes,
          ...leaderboardRoutes,
          ...tuningRoutes,
          ...registryRoutes,
          { path: "*", element: <NotFound /> },
        ],
      },
    ],
  },
];
