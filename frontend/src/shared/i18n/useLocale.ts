import { useLingui } from '@lingui/react';

import { isLocale, SOURCE_LOCALE, type Locale } from './locales';

/** The active language, for formatters. */
export function useLocale(): Locale {
  const { i18n } = useLingui();
  return isLocale(i18n.locale) ? i18n.locale : SOURCE_LOCALE;
}
