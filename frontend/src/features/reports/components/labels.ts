import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

/** Aging buckets in the order people read them. */
export const AGING_BUCKETS: [string, MessageDescriptor][] = [
  ['current', msg`A vencer`],
  ['overdue_1_30', msg`Vencido 1–30 dias`],
  ['overdue_31_60', msg`Vencido 31–60 dias`],
  ['overdue_61_90', msg`Vencido 61–90 dias`],
  ['overdue_90_plus', msg`Vencido há mais de 90 dias`],
  ['no_due_date', msg`Sem vencimento`],
];

/** A rate string ("0.125") as a percentage with one decimal, computed on the digits. */
export function rateToPercent(rate: string): string {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(rate.trim());
  if (!match) return rate;
  const fraction = (match[2] ?? '').padEnd(4, '0');
  const tenthsOfPercent = Number(match[1]) * 1000 + Number(fraction.slice(0, 3)) + (Number(fraction[3]) >= 5 ? 1 : 0);
  return `${Math.floor(tenthsOfPercent / 10)}.${tenthsOfPercent % 10}`;
}
