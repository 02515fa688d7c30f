import { useId } from "react";
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { formatNumber } from "../../lib/format";
import {
  RUN_CHARTS,
  chartRows,
  formatTick,
  latest,
  pointCount,
  thinRows,
  type ChartSpec,
  type MetricSeries,
} from "./chartData";

// More points than this are thinned for drawing; the point count still says all of them.
const MAX_DRAWN = 600;
const COLORS = ["#2457c5", "#c2410c", "#1a7f37"];

/** Loss, learning rate and throughput of a run, over optimizer steps. */
export function RunCharts({ series }: { series: MetricSeries }) {
  return (
    <div className="run-charts">
      {RUN_CHARTS.map((spec) => (
        <MetricChart key={spec.id} spec={spec} series={series} />
      ))}
    </div>
  );
}

function MetricChart({
  spec,
  series,
}: {
  spec: ChartSpec;
  series: MetricSeries;
}) {
  const titleId = useId();
  const names = spec.metrics.map((m) => m.name);
  const count = pointCount(series, names);
  // Sparse metrics (eval loss: every N steps) keep all their points when thinning.
  const rows = thinRows(chartRows(series, names), MAX_DRAWN, names.slice(1));
  const newest = spec.metrics
    .map((m) => ({ label: m.label, point: latest(series, m.name) }))
    .filter((m) => m.point !== null);

  return (
    <figure
      className="run-chart"
      role="group"
      aria-labelledby={titleId}
      data-testid={`chart-${spec.id}`}
      data-points={count}
    >
      <figcaption id={titleId}>
        <strong>{spec.title}</strong>
        <span className="muted">
          {count === 0
            ? " no points yet"
            : ` ${count} ${count === 1 ? "point" : "points"}`}
        </span>
      </figcaption>
      {newest.length > 0 && (
        <p className="run-chart-latest">
          {newest.map(({ label, point }) => (
            <span key={label}>
              {label} <strong>{formatNumber(point!.value)}</strong>{" "}
              <span className="muted">at step {point!.step}</span>
            </span>
          ))}
        </p>
      )}
      {count > 0 && (
        <LineChart
          responsive
          style={{ width: "100%", height: 200 }}
          data={rows}
          margin={{ top: 8, right: 12, bottom: 4, left: 4 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#d8dce2" />
          <XAxis
            dataKey="step"
            type="number"
            domain={["dataMin", "dataMax"]}
            allowDecimals={false}
            fontSize={11}
          />
          <YAxis
            width={56}
            fontSize={11}
            tickFormatter={formatTick}
            domain={["auto", "auto"]}
          />
          <Tooltip
            labelFormatter={(step: unknown) =>
              typeof step === "number" ? `step ${step}` : ""
            }
            formatter={(value) =>
              typeof value === "number" ? formatNumber(value, 5) : String(value)
            }
          />
          {spec.metrics.length > 1 && <Legend />}
          {spec.metrics.map((metric, i) => (
            <Line
              key={metric.name}
              type="linear"
              dataKey={metric.name}
              name={metric.label}
              stroke={COLORS[i % COLORS.length] ?? "#2457c5"}
              dot={i > 0 ? { r: 2 } : false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </figure>
  );
}
