/** The leaderboard page of one board: a dataset split scored by one judge. */
export function leaderboardHref(board: {
  dataset_key: string;
  split: string;
  judge: string;
}): string {
  const query = new URLSearchParams({
    dataset_key: board.dataset_key,
    split: board.split,
    judge: board.judge,
  });
  return `/leaderboard?${query.toString()}`;
}
