import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";

import { formatNumber } from "../../lib/format";
import {
  errorBarData,
  type ErrorBarPoint,
  type LeaderboardRow,
} from "./chartData";

// SVG presentation attributes do not read CSS variables; these match --accent and --text.
const BAR = "#7d9be0";
const WHISKER = "#1d232a";
const ROW_PX = 34;

type Props = { rows: readonly LeaderboardRow[]; judge: string };

/** Each model's mean as a bar, its 95% confidence interval as error bars. */
export function LeaderboardChart({ rows, judge }: Props) {
  const data = errorBarData(rows);
  const height = Math.max(160, data.length * ROW_PX + 60);
  return (
    <figure className="lb-chart" aria-labelledby="lb-chart-caption">
      <BarChart
        layout="vertical"
        data={data}
        responsive
        style={{ width: "100%", height }}
        margin={{ top: 8, right: 24, bottom: 24, left: 8 }}
      >
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis
          type="number"
          domain={[0, 1]}
          tickCount={6}
          label={{
            value: `${judge} mean`,
            position: "insideBottom",
            offset: -12,
          }}
        />
        <YAxis
          type="category"
          dataKey="label"
          width={150}
          tick={{ fontSize: 12 }}
          interval={0}
        />
        <Tooltip content={ChartTooltip} cursor={{ fillOpacity: 0.3 }} />
        <Bar dataKey="mean" fill={BAR} isAnimationActive={false}>
          <ErrorBar
            dataKey="error"
            width={6}
            strokeWidth={1.5}
            stroke={WHISKER}
            isAnimationActive={false}
          />
        </Bar>
      </BarChart>
      <figcaption id="lb-chart-caption" className="muted">
        Mean {judge} score per model with its 95% bootstrap confidence interval.
        Where two intervals overlap, this evaluation cannot tell the models
        apart; compare them item by item for a paired test.
      </figcaption>
    </figure>
  );
}

function ChartTooltip({ active, payload }: TooltipContentProps) {
  const point = payload?.[0]?.payload as ErrorBarPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="lb-tooltip">
      <strong>{point.model}</strong>
      <div>
        mean {formatNumber(point.mean, 3)}
        {point.ciLow !== null && point.ciHigh !== null
          ? `, 95% CI ${formatNumber(point.ciLow, 3)}–${formatNumber(point.ciHigh, 3)}`
          : ""}
      </div>
      <div>n = {point.n}</div>
    </div>
  );
}
