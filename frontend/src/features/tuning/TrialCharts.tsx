import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { EmptyState } from "../../components/QueryState";
import { formatNumber } from "../../lib/format";
import {
  metricSeries,
  numericParams,
  logTicks,
  paramRange,
  paramScale,
  scatterPoints,
  type Direction,
  type Trial,
} from "./chart";

const ACCENT = "var(--accent)";
const BEST = "var(--ok)";
const tickFormatter = (value: number) => formatNumber(value, 4);

type ChartsProps = {
  trials: Trial[];
  metric: string;
  direction: Direction;
  searchSpace: Record<string, Record<string, unknown>>;
};

/** Each trial's final metric in trial order, with the best so far as a step line. */
export function MetricOverTrials({ trials, metric, direction }: ChartsProps) {
  const series = metricSeries(trials, direction);
  if (!series.some((point) => point.value !== null))
    return <EmptyState>No trial has a final {metric} yet.</EmptyState>;
  return (
    <figure className="tuning-chart">
      <ComposedChart
        responsive
        style={{ width: "100%", height: 260 }}
        data={series}
        margin={{ top: 8, right: 16, bottom: 16, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="order"
          type="number"
          domain={[1, Math.max(series.length, 2)]}
          allowDecimals={false}
          padding={{ left: 16, right: 16 }}
          label={{ value: "trial", position: "insideBottom", offset: -8 }}
        />
        <YAxis
          domain={["auto", "auto"]}
          tickFormatter={tickFormatter}
          width={64}
        />
        <Tooltip formatter={(value) => formatNumber(Number(value))} />
        <Legend verticalAlign="top" />
        <Scatter name={metric} dataKey="value" fill={ACCENT} />
        <Line
          name={`best so far (${direction})`}
          dataKey="best"
          type="stepAfter"
          stroke={BEST}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </ComposedChart>
      <figcaption className="muted">
        {metric} of each trial, in the order trials started; the line is the
        best so far ({direction === "min" ? "lowest" : "highest"}).
      </figcaption>
    </figure>
  );
}

function ParamScatter({
  trials,
  param,
  metric,
  scale,
  range,
}: {
  trials: Trial[];
  param: string;
  metric: string;
  scale: "log" | "linear";
  /** The searched range: the axis spans it, so a point's place shows where it was drawn. */
  range: [number, number] | null;
}) {
  const points = scatterPoints(trials, param);
  const ticks =
    scale === "log" && range ? { ticks: logTicks(range[0], range[1]) } : {};
  return (
    <figure className="tuning-chart tuning-scatter">
      <ScatterChart
        responsive
        style={{ width: "100%", height: 200 }}
        margin={{ top: 8, right: 16, bottom: 16, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="x"
          type="number"
          name={param}
          scale={scale}
          domain={range ?? ["auto", "auto"]}
          {...ticks}
          padding={{ left: 12, right: 12 }}
          tickFormatter={tickFormatter}
          label={{ value: param, position: "insideBottom", offset: -8 }}
        />
        <YAxis
          dataKey="y"
          type="number"
          name={metric}
          domain={["auto", "auto"]}
          tickFormatter={tickFormatter}
          width={64}
        />
        <Tooltip formatter={(value) => formatNumber(Number(value))} />
        <Scatter name={`${metric} by ${param}`} data={points} fill={ACCENT} />
      </ScatterChart>
      <figcaption className="muted">
        {metric} against {param}
        {scale === "log" ? " (log scale)" : ""}, {points.length} trial
        {points.length === 1 ? "" : "s"}
      </figcaption>
    </figure>
  );
}

/** One small scatter of the metric against each numeric hyperparameter. */
export function ParamsAgainstMetric({
  trials,
  metric,
  searchSpace,
}: ChartsProps) {
  const params = numericParams(trials);
  if (!trials.some((trial) => trial.final_metric !== null))
    return <EmptyState>No trial has a final {metric} yet.</EmptyState>;
  if (params.length === 0)
    return <EmptyState>No numeric hyperparameter to plot.</EmptyState>;
  return (
    <div className="tuning-scatters">
      {params.map((param) => (
        <ParamScatter
          key={param}
          trials={trials}
          param={param}
          metric={metric}
          scale={paramScale(searchSpace, param)}
          range={paramRange(searchSpace, param)}
        />
      ))}
    </div>
  );
}
