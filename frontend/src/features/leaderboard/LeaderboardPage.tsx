import { PageHeader } from "../../components/PageHeader";

export function LeaderboardPage() {
  return (
    <div className="page">
      <PageHeader title="Leaderboard" />
    </div>
  );
}
