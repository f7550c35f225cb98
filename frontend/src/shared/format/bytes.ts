import type { Locale } from '../i18n/locales';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** A size in bytes for people: "1,2 MB" (pt-BR) / "1.2 MB"; powers of 1024, one decimal from KB up. */
export function formatBytes(bytes: number, locale: Locale = 'pt-BR'): string {
  if (!Number.isFinite(bytes) || bytes < 0) return String(bytes);
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(locale === 'pt-BR' ? 'pt-BR' : 'en-US', {
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
  return `${number}\u00a0${UNITS[unit]}`;
}
