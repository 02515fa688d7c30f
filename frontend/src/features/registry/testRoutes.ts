import type { RouteObject } from "react-router";

import { registryRoutes } from "./routes";

/** The registry's pages under a root that renders nothing while a lazy page loads. */
export const testRoutes: RouteObject[] = [
  { path: "/", HydrateFallback: () => null, children: registryRoutes },
];
