import { PageHeader } from "../../components/PageHeader";

export function TracesPage() {
  return (
    <div className="page">
      <PageHeader title="Traces" />
    </div>
  );
}
