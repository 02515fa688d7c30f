import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api } from "../../api/client";
import type { Schemas } from "../../api/types";
import { retryUnlessRefused } from "../evaluations/api";

export type Leaderboard = Schemas["Leaderboard"];
export type Board = Schemas["Board"];
export type Pick = Leaderboard["pick"];
export type Split = "train" | "eval" | "all";

export const LEADERBOARD_PAGE_SIZE = 25;

/** Which board and which rows of it, as the page's URL holds them. */
export type BoardFilters = {
  dataset_key: string;
  judge: string;
  split: Split;
  /** Which setup of the judge; "" for the newest (the API's default). */
  judge_key: string;
  pick: Pick;
  model: string;
  /** Dates (YYYY-MM-DD, local time); `to` is inclusive. */
  from: string;
  to: string;
  /** Comma-separated; every tag must be present. */
  tags: string;
  offset: number;
};

/** Local midnight of `date` (YYYY-MM-DD) plus `days`, as ISO 8601; null for no date. */
export function dayStart(date: string, days = 0): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const start = new Date(`${date}T00:00:00`);
  if (Number.isNaN(start.getTime())) return null;
  start.setDate(start.getDate() + days);
  return start.toISOString();
}

export function splitTags(tags: string): string[] {
  return tags
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

/** The GET /api/leaderboard query for `filters`. */
export function leaderboardQuery(filters: BoardFilters) {
  const tags = splitTags(filters.tags);
  return {
    dataset_key: filters.dataset_key,
    judge: filters.judge,
    split: filters.split,
    judge_key: filters.judge_key || null,
    pick: filters.pick,
    model: filters.model || null,
    created_after: dayStart(filters.from),
    // The day named by `to` is included: the bound is the next day's start.
    created_before: dayStart(filters.to, 1),
    tag: tags.length ? tags : null,
    limit: LEADERBOARD_PAGE_SIZE,
    offset: filters.offset,
  };
}

export function useLeaderboard(filters: BoardFilters | null) {
  const query = filters ? leaderboardQuery(filters) : null;
  return useQuery({
    queryKey: ["leaderboard", "board", query],
    queryFn: ({ signal }) => {
      if (query === null) throw new Error("no board chosen");
      return api.get("/api/leaderboard", { query, signal });
    },
    enabled: query !== null,
    placeholderData: keepPreviousData,
    retry: retryUnlessRefused,
  });
}

/**
 * Every board (dataset split x judge setup) that has scored evaluations, newest activity
 * first. A judge set up two ways on one split is two boards.
 */
export function useBoards() {
  const query = { limit: 100 };
  return useQuery({
    queryKey: ["leaderboard", "boards", query],
    queryFn: ({ signal }) =>
      api.get("/api/leaderboard/boards", { query, signal }),
  });
}

/** One (dataset split, judge) whatever the setup: what the board picker chooses. */
export function boardKey(board: {
  dataset_key: string;
  split: string;
  judge: string;
}): string {
  return `${board.dataset_key}|${board.split}|${board.judge}`;
}
