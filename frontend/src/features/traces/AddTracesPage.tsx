import { Link } from "react-router";

import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { GeneratorForm } from "./GeneratorForm";
import { useGenerators } from "./generators";
import { UploadPanel } from "./UploadPanel";
import "./traces.css";

/** Two ways in: upload a JSONL file, or run one of the built-in generators. */
export function AddTracesPage() {
  const generators = useGenerators();
  return (
    <div className="page">
      <PageHeader
        title="Add traces"
        description={<Link to="/traces">← All traces</Link>}
      />
      <UploadPanel />
      <h2 className="section-title">Generators</h2>
      <p className="muted section-intro">
        Deterministic generators of verifiable traces: the same seed and
        parameters always give the same traces.
      </p>
      <QueryState
        query={generators}
        what="generators"
        isEmpty={(data) => data.length === 0}
      >
        {(data) => (
          <div className="generator-grid">
            {data.map((generator) => (
              <GeneratorForm key={generator.name} generator={generator} />
            ))}
          </div>
        )}
      </QueryState>
    </div>
  );
}
