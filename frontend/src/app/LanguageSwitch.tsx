import { useLingui } from '@lingui/react/macro';
import { SegmentedControl } from '@mantine/core';

import { isLocale } from '../shared/i18n/locales';
import { activateLocale } from './i18n';

/** pt-BR / English, remembered in localStorage. Language names are not translated. */
export function LanguageSwitch() {
  const { i18n, t } = useLingui();
  return (
    <SegmentedControl
      aria-label={t`Idioma`}
      size="xs"
      value={i18n.locale}
      onChange={(value) => isLocale(value) && activateLocale(value)}
      // Language names stay in their own language, untranslated.
      data={[
        { value: 'pt-BR', label: 'Português' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}
