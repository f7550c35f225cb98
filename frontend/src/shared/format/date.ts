import type { Locale } from '../i18n/locales';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date-only value (issue, due, competence: `"2026-10-05"`) from its string, never
 * through a local `Date` (which would read it as UTC midnight and shift it a day west of
 * Greenwich). pt-BR: dd/mm/aaaa; English: "Oct 5, 2026". Anything else is returned as is.
 */
export function formatDate(value: string, locale: Locale = 'pt-BR'): string {
  const match = ISO_DATE.exec(value.trim());
  if (!match) return value;
  const [, year = '', month = '', day = ''] = match;
  if (locale === 'pt-BR') return `${day}/${month}/${year}`;
  const name = MONTHS_EN[Number(month) - 1];
  return name ? `${name} ${Number(day)}, ${year}` : value;
}
