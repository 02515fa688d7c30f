/** The leaderboard page of one board: a dataset split scored by one judge setup. A setup
 * other than the default (the newest) is named by its judge_key; the default needs none,
 * so a link to it keeps following the newest setup. */
export function leaderboardHref(board: {
  dataset_key: string;
  split: string;
  judge: string;
  judge_key?: string;
  default_setup?: boolean;
}): string {
  const query = new URLSearchParams({
    dataset_key: board.dataset_key,
    split: board.split,
    judge: board.judge,
  });
  if (board.judge_key && board.default_setup === false) {
    query.set("judge_key", board.judge_key);
  }
  return `/leaderboard?${query.toString()}`;
}
