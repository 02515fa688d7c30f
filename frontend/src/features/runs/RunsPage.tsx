import { PageHeader } from "../../components/PageHeader";

export function RunsPage() {
  return (
    <div className="page">
      <PageHeader title="Runs" />
    </div>
  );
}
