import { DateInput } from '@mantine/dates';
import type { ReactNode } from 'react';

import { useLocale } from '../i18n/useLocale';

interface Props {
  label: ReactNode;
  /** The day as the URL and the API hold it, yyyy-mm-dd, or '' for none. */
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  w?: Parameters<typeof DateInput>[0]['w'];
}

/**
 * A day typed or picked as people write it (dd/mm/aaaa in pt-BR, yyyy-mm-dd in English),
 * whatever the browser's own language; the value stays the yyyy-mm-dd string, never a
 * Date, so it cannot shift by a time zone.
 */
export function DayInput({ label, value, onChange, error, w }: Props) {
  const locale = useLocale();
  return (
    <DateInput
      label={label}
      value={value || null}
      onChange={(day) => onChange(day ?? '')}
      valueFormat={locale === 'pt-BR' ? 'DD/MM/YYYY' : 'YYYY-MM-DD'}
      placeholder={locale === 'pt-BR' ? 'dd/mm/aaaa' : 'yyyy-mm-dd'}
      clearable
      error={error}
      w={w}
    />
  );
}
