/** The sections of the dashboard, in the order of the workflow. */
export const NAV_ITEMS = [
  { to: "/", label: "Overview", end: true },
  { to: "/traces", label: "Traces", end: false },
  { to: "/datasets", label: "Datasets", end: false },
  { to: "/runs", label: "Runs", end: false },
  { to: "/evaluations", label: "Evaluations", end: false },
  { to: "/leaderboard", label: "Leaderboard", end: false },
  { to: "/tuning", label: "Tuning", end: false },
  { to: "/models", label: "Registry", end: false },
] as const;
