import { PageHeader } from "../../components/PageHeader";

export function DatasetsPage() {
  return (
    <div className="page">
      <PageHeader title="Datasets" />
    </div>
  );
}
