import { i18n } from '@lingui/core';
import 'dayjs/locale/pt-br';

import { isLocale, SOURCE_LOCALE, type Locale } from '../shared/i18n/locales';
import { messages as en } from '../locales/en/messages.po';
import { messages as ptBR } from '../locales/pt-BR/messages.po';

export const LOCALE_KEY = 'cc.locale';

i18n.load({ 'pt-BR': ptBR, en });

export function storedLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  return isLocale(saved) ? saved : SOURCE_LOCALE;
}

/** Switch the language everywhere and remember it in this browser. */
export function activateLocale(locale: Locale): void {
  i18n.activate(locale);
  localStorage.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
}

activateLocale(storedLocale());

export { i18n };
