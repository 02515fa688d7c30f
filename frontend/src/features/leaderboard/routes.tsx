import type { RouteObject } from "react-router";

export const leaderboardRoutes: RouteObject[] = [
  {
    path: "leaderboard",
    lazy: async () => ({
      Component: (await import("./LeaderboardPage")).LeaderboardPage,
    }),
  },
];
