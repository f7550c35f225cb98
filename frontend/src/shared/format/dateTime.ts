import type { Locale } from '../i18n/locales';

/** Every date-time is shown in Brasília time, whatever the browser's zone. */
export const TIME_ZONE = 'America/Sao_Paulo';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime ? 't' : 'd'}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale === 'pt-BR' ? 'pt-BR' : 'en-US', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: locale === 'pt-BR' ? '2-digit' : 'short',
      day: locale === 'pt-BR' ? '2-digit' : 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: locale !== 'pt-BR' } : {}),
    });
    cache.set(key, found);
  }
  return found;
}

function parse(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** An ISO 8601 date-time with offset, in São Paulo time: "05/10/2026 14:30". */
export function formatDateTime(value: string, locale: Locale = 'pt-BR'): string {
  const date = parse(value);
  if (!date) return value;
  return formatter(locale, true).format(date).replace(', ', locale === 'pt-BR' ? ' ' : ', ');
}

/** The calendar day of a date-time in São Paulo: "05/10/2026" (an issue time, say). */
export function formatDateOfDateTime(value: string, locale: Locale = 'pt-BR'): string {
  const date = parse(value);
  return date ? formatter(locale, false).format(date) : value;
}
