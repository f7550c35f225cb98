import type { Locale } from '../i18n/locales';

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * A BRL amount from the API's decimal string (`"1234.50"`), never through a JS number:
 * the digits are regrouped as they are, with at least two places and any further places
 * kept (an NF-e unit price has up to ten). pt-BR matches Intl: "R$\u00a01.234,50".
 * A string that is not a decimal comes back unchanged.
 */
export function formatMoney(value: string, locale: Locale = 'pt-BR'): string {
  const match = DECIMAL.exec(value.trim());
  if (!match) return value;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const digits = whole.replace(/^0+(?=\d)/, '');
  const places = fraction.padEnd(2, '0');
  const negative = sign === '-' && /[1-9]/.test(digits + places);
  const group = locale === 'pt-BR' ? '.' : ',';
  const point = locale === 'pt-BR' ? ',' : '.';
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const number = `${grouped}${point}${places}`;
  const symbol = locale === 'pt-BR' ? 'R$\u00a0' : 'R$';
  return `${negative ? '-' : ''}${symbol}${number}`;
}

/** Compares two decimal strings without floating point (for sort and sign checks). */
export function isNegativeMoney(value: string): boolean {
  const match = DECIMAL.exec(value.trim());
  return !!match && match[1] === '-' && /[1-9]/.test((match[2] ?? '') + (match[3] ?? ''));
}
