import { useRef, type KeyboardEvent } from "react";

import { Field } from "../../components/Field";
import { Panel } from "../../components/Panel";
import { QueryState } from "../../components/QueryState";
import { useUrlState } from "../../hooks/useUrlState";
import {
  CHAT_TEMPLATES,
  EXPORT_FORMATS,
  exportUrl,
  SAMPLE_SIZE,
  useExportSample,
  type DatasetDetail,
  type ExportFormat,
  type ExportSplit,
} from "./api";

const SPLITS: ExportSplit[] = ["all", "train", "eval"];
const KEYS = ["format", "split", "template"] as const;

function isFormat(value: string): value is ExportFormat {
  return EXPORT_FORMATS.some((f) => f.value === value);
}

/** The first records of each export format, and a download of every format and split. */
export function ExportPanel({ dataset }: { dataset: DatasetDetail }) {
  const [url, setUrl] = useUrlState(KEYS);
  const format: ExportFormat = isFormat(url.format) ? url.format : "trace";
  const split: ExportSplit = SPLITS.includes(url.split as ExportSplit)
    ? (url.split as ExportSplit)
    : "all";
  const template = url.template || "chatml";
  const sizes: Record<ExportSplit, number> = {
    all: dataset.trace_count,
    train: dataset.splits.train ?? 0,
    eval: dataset.splits.eval ?? 0,
  };
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const step =
      event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (index + step + EXPORT_FORMATS.length) % EXPORT_FORMATS.length;
    setUrl({ format: EXPORT_FORMATS[next]!.value });
    tabs.current[next]?.focus();
  };

  return (
    <>
      <Panel title="Export samples">
        <div className="filters">
          <Field label="Split">
            <select
              value={split}
              onChange={(e) => setUrl({ split: e.target.value })}
            >
              {SPLITS.map((s) => (
                <option key={s} value={s}>
                  {s} ({sizes[s]})
                </option>
              ))}
            </select>
          </Field>
          <Field label="Chat template" help="Used by tunix_sft">
            <select
              value={template}
              onChange={(e) => setUrl({ template: e.target.value })}
            >
              {CHAT_TEMPLATES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="tabs" role="tablist" aria-label="Export format">
          {EXPORT_FORMATS.map((f, index) => (
            <button
              key={f.value}
              ref={(el) => {
                tabs.current[index] = el;
              }}
              type="button"
              role="tab"
              id={`format-tab-${f.value}`}
              aria-selected={f.value === format}
              aria-controls="format-panel"
              tabIndex={f.value === format ? 0 : -1}
              className="tab"
              onClick={() => setUrl({ format: f.value })}
              onKeyDown={(e) => onTabKey(e, index)}
            >
              {f.label}
            </button>
          ))}
        </div>
        <div
          id="format-panel"
          role="tabpanel"
          aria-labelledby={`format-tab-${format}`}
          className="tab-panel"
        >
          <p className="muted">
            {EXPORT_FORMATS.find((f) => f.value === format)!.help} The first{" "}
            {SAMPLE_SIZE} lines of <code>{split}</code>:
          </p>
          <Sample
            datasetKey={dataset.dataset_key}
            options={{ format, split, template }}
          />
        </div>
      </Panel>

      <Panel title="Download">
        <p className="muted">
          NDJSON, one item per line in dataset order
          {` (tunix_sft with the ${template} template)`}.
        </p>
        <div className="table-wrap">
          <table className="table downloads">
            <thead>
              <tr>
                <th scope="col">Format</th>
                {SPLITS.map((s) => (
                  <th key={s} scope="col">
                    {s}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {EXPORT_FORMATS.map((f) => (
                <tr key={f.value}>
                  <th scope="row">{f.label}</th>
                  {SPLITS.map((s) => (
                    <td key={s}>
                      {sizes[s] > 0 ? (
                        <a
                          href={exportUrl(dataset.dataset_key, {
                            format: f.value,
                            split: s,
                            template,
                          })}
                          download={`${dataset.dataset_key}.${f.value}.${s}.jsonl`}
                          aria-label={`Download ${f.value} ${s}`}
                        >
                          {s}.jsonl ({sizes[s]})
                        </a>
                      ) : (
                        <span className="muted">no items</span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </>
  );
}

function Sample({
  datasetKey,
  options,
}: {
  datasetKey: string;
  options: { format: ExportFormat; split: ExportSplit; template: string };
}) {
  const sample = useExportSample(datasetKey, options);
  return (
    <QueryState
      query={sample}
      what="export sample"
      isEmpty={(lines) => lines.length === 0}
      empty="This split has no items."
    >
      {(lines) => (
        <ol className="samples">
          {lines.map((line, index) => (
            <li key={index}>
              <pre className="block" data-testid="sample-record">
                {JSON.stringify(line, null, 2)}
              </pre>
            </li>
          ))}
        </ol>
      )}
    </QueryState>
  );
}
