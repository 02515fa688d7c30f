import { PageHeader } from "../../components/PageHeader";

export function EvaluationsPage() {
  return (
    <div className="page">
      <PageHeader title="Evaluations" />
    </div>
  );
}
