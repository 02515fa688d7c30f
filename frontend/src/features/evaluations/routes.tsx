import type { RouteObject } from "react-router";

export const evaluationsRoutes: RouteObject[] = [
  {
    path: "evaluations",
    lazy: async () => ({
      Component: (await import("./EvaluationsPage")).EvaluationsPage,
    }),
  },
  {
    path: "evaluations/new",
    lazy: async () => ({
      Component: (await import("./NewEvaluationPage")).NewEvaluationPage,
    }),
  },
  {
    path: "evaluations/compare",
    lazy: async () => ({
      Component: (await import("./ComparePage")).ComparePage,
    }),
  },
  {
    path: "evaluations/:evaluationId",
    lazy: async () => ({
      Component: (await import("./EvaluationDetailPage")).EvaluationDetailPage,
    }),
  },
];
