import { useId } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { formatNumber } from "../../lib/format";
import type { DatasetValueCounts } from "./api";
import { histogram, type SplitValueCounts } from "./histogram";
import { distributionOf } from "./spec";

const MEASURES = [
  { key: "step_count", title: "Steps per item", unit: "steps" },
  { key: "prompt_chars", title: "Prompt length", unit: "characters" },
  { key: "answer_chars", title: "Final-answer length", unit: "characters" },
] as const;

const COLORS = { train: "#2457c5", eval: "#d4760a" };

type Props = {
  counts: DatasetValueCounts;
  stats: Record<string, unknown>;
};

/** One histogram per measure, train and eval stacked, each with its summary numbers. */
export function DatasetHistograms({ counts, stats }: Props) {
  return (
    <div className="histograms">
      {MEASURES.map((m) => (
        <Histogram
          key={m.key}
          title={m.title}
          unit={m.unit}
          counts={counts[m.key]}
          stats={stats}
          statsKey={m.key}
        />
      ))}
    </div>
  );
}

function Histogram({
  title,
  unit,
  counts,
  stats,
  statsKey,
}: {
  title: string;
  unit: string;
  counts: SplitValueCounts;
  stats: Record<string, unknown>;
  statsKey: string;
}) {
  const captionId = useId();
  const bins = histogram(counts);
  const summary = distributionOf(stats, statsKey);
  return (
    <figure className="histogram" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        <strong>{title}</strong> <span className="muted">({unit})</span>
      </figcaption>
      {bins.length === 0 ? (
        <p className="muted">No items.</p>
      ) : (
        <BarChart
          responsive
          style={{ width: "100%", height: 220 }}
          data={bins}
          margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend itemSorter={(item) => (item.value === "train" ? 0 : 1)} />
          <Bar
            dataKey="train"
            name="train"
            stackId="split"
            fill={COLORS.train}
            isAnimationActive={false}
          />
          <Bar
            dataKey="eval"
            name="eval"
            stackId="split"
            fill={COLORS.eval}
            isAnimationActive={false}
          />
        </BarChart>
      )}
      {summary && (
        <p className="histogram-summary muted">
          min {formatNumber(summary.min)} · median {formatNumber(summary.p50)} ·
          p90 {formatNumber(summary.p90)} · max {formatNumber(summary.max)} ·
          mean {formatNumber(summary.mean, 2)}
        </p>
      )}
      {bins.length > 0 && (
        <details>
          <summary>Table</summary>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{unit}</th>
                <th scope="col" className="num">
                  train
                </th>
                <th scope="col" className="num">
                  eval
                </th>
              </tr>
            </thead>
            <tbody>
              {bins.map((b) => (
                <tr key={b.start}>
                  <td>{b.label}</td>
                  <td className="num">{b.train}</td>
                  <td className="num">{b.eval}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
