import { describe, expect, it } from "vitest";

import { leaderboardHref } from "./links";

const board = { dataset_key: "arith-v1", split: "eval", judge: "exact_match" };

describe("leaderboardHref", () => {
  it("links the default setup without a key, so the link follows the newest setup", () => {
    expect(
      leaderboardHref({ ...board, judge_key: "abc", default_setup: true }),
    ).toBe("/leaderboard?dataset_key=arith-v1&split=eval&judge=exact_match");
    expect(leaderboardHref(board)).toBe(
      "/leaderboard?dataset_key=arith-v1&split=eval&judge=exact_match",
    );
  });

  it("names an older setup by its judge_key", () => {
    expect(
      leaderboardHref({ ...board, judge_key: "0a1b", default_setup: false }),
    ).toBe(
      "/leaderboard?dataset_key=arith-v1&split=eval&judge=exact_match&judge_key=0a1b",
    );
  });
});
