import { i18n, type Messages } from '@lingui/core';

import { isLocale, LOCALES, SOURCE_LOCALE, type Locale } from '../shared/i18n/locales';

/** The same preference as the web app's (src/app/i18n.ts): one language per browser. */
export const LOCALE_KEY = 'cc.locale';

// The console's own catalog, plus the shell's (src/shared pieces such as ListError).
const catalogs = import.meta.glob<{ messages: Messages }>(['../locales/*/messages.po', './locales/*.po'], {
  eager: true,
});

function localeOf(path: string): Locale | undefined {
  const name = path.endsWith('/messages.po') ? path.split('/').at(-2) : path.split('/').at(-1)?.replace(/\.po$/, '');
  return LOCALES.find((locale) => locale === name);
}

const merged: Record<Locale, Messages> = { 'pt-BR': {}, en: {} };
for (const [path, catalog] of Object.entries(catalogs)) {
  const locale = localeOf(path);
  if (locale) Object.assign(merged[locale], catalog.messages);
}
i18n.load(merged);

export function storedLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  return isLocale(saved) ? saved : SOURCE_LOCALE;
}

export function activateLocale(locale: Locale): void {
  i18n.activate(locale);
  localStorage.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
}

activateLocale(storedLocale());

export { i18n };
