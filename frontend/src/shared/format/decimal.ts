/**
 * Sums and ratios of the API's decimal strings (Money, Decimal) without floating point:
 * each value is scaled to an integer of its places and added as a BigInt, so
 * "0.10" + "0.20" is exactly "0.30" whatever the size. For dashboards that add rows up.
 */
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

interface Scaled {
  units: bigint;
  places: number;
}

function scale(value: string): Scaled | null {
  const match = DECIMAL.exec(value.trim());
  if (!match) return null;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const units = BigInt(whole + fraction);
  return { units: sign ? -units : units, places: fraction.length };
}

function toText({ units, places }: Scaled): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = places ? `.${digits.slice(digits.length - places)}` : '';
  return `${negative && /[1-9]/.test(digits) ? '-' : ''}${whole}${fraction}`;
}

/** The exact sum, with the most places of its terms (at least two). Non-decimals are skipped. */
export function sumDecimals(values: readonly string[]): string {
  const terms = values.map(scale).filter((v): v is Scaled => v !== null);
  const places = Math.max(2, ...terms.map((t) => t.places));
  const units = terms.reduce((total, t) => total + t.units * 10n ** BigInt(places - t.places), 0n);
  return toText({ units, places });
}

/**
 * `part / whole` as a percentage string with `places` decimals, rounded half up
 * ("62.5" for 5 of 8); null when the whole is zero or either is not a decimal.
 */
export function percentOf(part: string, whole: string, places = 1): string | null {
  const p = scale(part);
  const w = scale(whole);
  if (!p || !w || w.units === 0n) return null;
  const common = Math.max(p.places, w.places);
  const pu = p.units * 10n ** BigInt(common - p.places);
  const wu = w.units * 10n ** BigInt(common - w.places);
  const factor = 100n * 10n ** BigInt(places);
  const numerator = pu * factor;
  const negative = numerator < 0n !== wu < 0n;
  const absN = numerator < 0n ? -numerator : numerator;
  const absW = wu < 0n ? -wu : wu;
  const rounded = (absN * 2n + absW) / (absW * 2n);
  return toText({ units: negative ? -rounded : rounded, places });
}

/** A percentage string ("62.5") written for people: "62,5 %" in pt-BR, "62.5%" in English. */
export function formatPercent(value: string, locale: 'pt-BR' | 'en' = 'pt-BR'): string {
  return locale === 'pt-BR' ? `${value.replace('.', ',')}\u00a0%` : `${value}%`;
}

/** `a - b`, exactly. */
export function subtractDecimals(a: string, b: string): string {
  const negated = b.trim().startsWith('-') ? b.trim().slice(1) : `-${b.trim()}`;
  return sumDecimals([a, negated]);
}
