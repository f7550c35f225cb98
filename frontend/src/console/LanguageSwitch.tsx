import { useLingui } from '@lingui/react/macro';
import { SegmentedControl } from '@mantine/core';

import { isLocale } from '../shared/i18n/locales';
import { activateLocale } from './i18n';

/** pt-BR / English (the same preference as the web app's). Language names stay untranslated. */
export function LanguageSwitch() {
  const { i18n, t } = useLingui();
  return (
    <SegmentedControl
      aria-label={t`Idioma`}
      size="xs"
      value={i18n.locale}
      onChange={(value) => isLocale(value) && activateLocale(value)}
      data={[
        { value: 'pt-BR', label: 'Português' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}
