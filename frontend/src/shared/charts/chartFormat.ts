import type { Locale } from '../i18n/locales';

/**
 * Helpers of the chart wrapper. Money is a decimal string everywhere in the app; a chart
 * library needs numbers to place bars, so the conversion lives here and only here:
 * `toPlotNumber` feeds geometry (bar heights, axis scale), never a text a person reads
 * as an amount nor a sum — tooltips show the original strings through formatMoney.
 */
export function toPlotNumber(value: string | null | undefined): number {
  // Plotting only: a double is exact enough to draw a bar (never used for display or sums).
  const number = Number(value ?? 0);
  return Number.isFinite(number) ? number : 0;
}

const tickCache = new Map<Locale, Intl.NumberFormat>();

/** An axis tick in BRL, short: "R$ 1,2 mil" / "R$1.2K" (ticks are the scale's round numbers). */
export function formatBrlTick(value: number, locale: Locale = 'pt-BR'): string {
  let format = tickCache.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'pt-BR' ? 'pt-BR' : 'en-US', {
      style: 'currency',
      currency: 'BRL',
      notation: 'compact',
      maximumFractionDigits: 1,
    });
    tickCache.set(locale, format);
  }
  return format.format(value);
}

const MONTHS: Record<Locale, readonly string[]> = {
  'pt-BR': ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

export type ChartPeriod = 'DAY' | 'WEEK' | 'MONTH';

/**
 * The label of a period from its start date string ("2026-10-01"), never through a
 * local Date: month "out/2026" (pt-BR) or "Oct 2026"; day and week "05/10" or "Oct 5".
 */
export function formatPeriodLabel(start: string, period: ChartPeriod, locale: Locale = 'pt-BR'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(start);
  if (!match) return start;
  const [, year = '', month = '', day = ''] = match;
  const name = MONTHS[locale][Number(month) - 1];
  if (!name) return start;
  if (period === 'MONTH') return locale === 'pt-BR' ? `${name}/${year}` : `${name} ${year}`;
  return locale === 'pt-BR' ? `${day}/${month}` : `${name} ${Number(day)}`;
}

/** The theme colours of the chart roles, once (Mantine colour tokens; AA on white). */
export const CHART_COLORS = {
  matched: 'teal.7',
  suggested: 'yellow.7',
  open: 'gray.6',
  receivable: 'indigo.7',
  payable: 'orange.8',
} as const;

export type ChartColorRole = keyof typeof CHART_COLORS;
