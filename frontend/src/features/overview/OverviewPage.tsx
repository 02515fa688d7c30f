import { PageHeader } from "../../components/PageHeader";
import { SystemStatusPanel } from "../system/SystemStatusPanel";
import { useOverview } from "./api";
import { BoardsPanel } from "./BoardsPanel";
import { CountsPanel } from "./CountsPanel";
import { DemoPanel } from "./DemoPanel";
import { RecentRunsPanel } from "./RecentRunsPanel";
import "./overview.css";

export function OverviewPage() {
  const overview = useOverview();
  return (
    <div className="page">
      <PageHeader
        title="Overview"
        description="Reasoning traces → datasets → fine-tuned models → evaluations and leaderboards."
      />
      <div className="overview-top">
        <DemoPanel />
        <CountsPanel query={overview} />
      </div>
      <RecentRunsPanel query={overview} />
      <BoardsPanel />
      <SystemStatusPanel />
    </div>
  );
}
