import { PageHeader } from "../../components/PageHeader";
import { SystemStatusPanel } from "../system/SystemStatusPanel";

export function OverviewPage() {
  return (
    <div className="page">
      <PageHeader title="Overview" />
      <SystemStatusPanel />
    </div>
  );
}
