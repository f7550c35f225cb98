import { percentOf, subtractDecimals, sumDecimals } from '../../../shared/format/decimal';
import { parseDecimalInput } from '../../../shared/format/decimalInput';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** The absolute value of a decimal string, exactly. */
export function absDecimal(value: string): string {
  const text = value.trim();
  return text.startsWith('-') ? text.slice(1) : text;
}

/** Whether a decimal string is zero ("0", "-0.00"…). Not a decimal: false. */
export function isZeroDecimal(value: string): boolean {
  return DECIMAL.test(value.trim()) && !/[1-9]/.test(value);
}

/**
 * A manual match's difference, as the API computes it: the bank lines (absolute, a
 * payment is negative) minus the installments' open amounts. Exact, from strings.
 */
export function matchDifference(installmentAmounts: readonly string[], transactionAmounts: readonly string[]): string {
  return subtractDecimals(sumDecimals(transactionAmounts.map(absDecimal)), sumDecimals(installmentAmounts));
}

/** A score from 0 to 1 ("0.9523") as a whole percentage string ("95"); null when not a decimal. */
export function scorePercent(score: string): string | null {
  if (!DECIMAL.test(score.trim())) return null;
  const percent = percentOf(score, '1', 0);
  return percent;
}

/** A whole percentage the person chose ("80") as the API's score ("0.80"). */
export function percentToScore(percent: string): string | null {
  return percentToFraction(percent);
}

/** A percentage typed by a person ("5", "2,5") as a fraction string ("0.0500", "0.0250"). */
export function percentToFraction(percent: string): string | null {
  const parsed = parseDecimalInput(percent);
  if (parsed === null || parsed.startsWith('-')) return null;
  const [whole = '0', fraction = ''] = parsed.split('.');
  const digits = `${whole}${fraction}`.padStart(fraction.length + 3, '0');
  const point = digits.length - fraction.length - 2;
  return `${digits.slice(0, point).replace(/^0+(?=\d)/, '')}.${digits.slice(point)}`;
}

/** A money string with its extra zero places dropped down to two ("192.810000" → "192.81"); other places kept. */
export function trimMoneyPlaces(value: string): string {
  const match = /^(-?\d+)\.(\d{2}\d*?)0*$/.exec(value.trim());
  return match ? `${match[1]}.${match[2]}` : value;
}
