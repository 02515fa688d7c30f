import { PageHeader } from "../../components/PageHeader";

export function TuningPage() {
  return (
    <div className="page">
      <PageHeader title="Tuning" />
    </div>
  );
}
