import { PageHeader } from "../../components/PageHeader";

export function ModelsPage() {
  return (
    <div className="page">
      <PageHeader title="Registry" />
    </div>
  );
}
