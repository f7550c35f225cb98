import { formatPercent, sumDecimals } from '../../../shared/format/decimal';
import type { Locale } from '../../../shared/i18n/locales';
import { scorePercent } from './amounts';

export interface Band {
  minScore: string;
  count: number;
  amount: string;
}

/** "≥ 95 %" (pt-BR) / "≥ 95%" for a band's floor ("0.95"). */
export function bandLabel(minScore: string, locale: Locale = 'pt-BR'): string {
  return `≥\u00a0${formatPercent(scorePercent(minScore) ?? minScore, locale)}`;
}

/**
 * The API gives disjoint bands (0.95–1, 0.90–0.95…), highest first; "accept all ≥ N %"
 * takes every band from the top down to N: counts and money added up, exactly.
 */
export function cumulativeBands(bands: readonly Band[]): Band[] {
  const sorted = [...bands].sort((a, b) => Number(b.minScore) - Number(a.minScore));
  const out: Band[] = [];
  let count = 0;
  let amounts: string[] = [];
  for (const band of sorted) {
    count += band.count;
    amounts = [...amounts, band.amount];
    out.push({ minScore: band.minScore, count, amount: sumDecimals(amounts) });
  }
  return out;
}

/** Ids in chunks the API takes in one bulk call (at most 500). */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
