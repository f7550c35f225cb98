import '@mantine/charts/styles.css';

import { BarChart } from '@mantine/charts';
import { Paper, Stack, Text } from '@mantine/core';

import { formatMoney } from '../format/money';
import { useLocale } from '../i18n/useLocale';
import { CHART_COLORS, formatBrlTick, formatPeriodLabel, toPlotNumber, type ChartColorRole, type ChartPeriod } from './chartFormat';

export interface MoneySeries {
  /** The key of the amount (a decimal string) in each row. */
  key: string;
  /** Already translated. */
  label: string;
  color: ChartColorRole;
}

export interface MoneyRow {
  /** The period's first day, "2026-10-01". */
  periodStart: string;
  /** Amounts as decimal strings, by series key. */
  amounts: Record<string, string>;
}

interface Props {
  rows: MoneyRow[];
  series: MoneySeries[];
  period: ChartPeriod;
  /** What the chart shows, for assistive technology (already translated). */
  label: string;
  stacked?: boolean;
  h?: number;
}

interface TooltipProps {
  active?: boolean;
  payload?: readonly { payload?: { __row?: MoneyRow; __label?: string } }[];
  series: MoneySeries[];
}

/** The tooltip shows the original decimal strings (formatMoney), never the plotted doubles. */
function MoneyTooltip({ active, payload, series }: TooltipProps) {
  const locale = useLocale();
  const row = payload?.[0]?.payload?.__row;
  if (!active || !row) return null;
  return (
    <Paper px="sm" py={6} shadow="md" withBorder>
      <Stack gap={2}>
        <Text fz="sm" fw={600}>{payload?.[0]?.payload?.__label}</Text>
        {series.map((s) => (
          <Text key={s.key} fz="sm">
            {s.label}: <Text span ff="monospace" fz="sm">{formatMoney(row.amounts[s.key] ?? '0.00', locale)}</Text>
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}

/**
 * The one chart wrapper over @mantine/charts: BRL axis ticks, pt-BR month names and the
 * theme's colours fixed once. Amounts come in as decimal strings and are converted to
 * numbers here for plotting only (see `toPlotNumber`).
 */
export function MoneyBarChart({ rows, series, period, label, stacked = true, h = 260 }: Props) {
  const locale = useLocale();
  const data = rows.map((row) => {
    const point: Record<string, unknown> = {
      period: formatPeriodLabel(row.periodStart, period, locale),
      __row: row,
      __label: formatPeriodLabel(row.periodStart, period, locale),
    };
    // Plotting only: bar heights need numbers (display and sums use the strings).
    for (const s of series) point[s.key] = toPlotNumber(row.amounts[s.key]);
    return point;
  });
  return (
    <div role="img" aria-label={label}>
      <BarChart
        h={h}
        data={data}
        dataKey="period"
        type={stacked ? 'stacked' : 'default'}
        series={series.map((s) => ({ name: s.key, label: s.label, color: CHART_COLORS[s.color] }))}
        valueFormatter={(value) => formatBrlTick(value, locale)}
        yAxisProps={{ width: 84, tickFormatter: (value: number) => formatBrlTick(value, locale) }}
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        tooltipProps={{ content: ({ active, payload }) => <MoneyTooltip active={active} payload={payload as unknown as TooltipProps['payload']} series={series} /> }}
        gridAxis="y"
        tickLine="y"
        maxBarWidth={48}
      />
    </div>
  );
}
