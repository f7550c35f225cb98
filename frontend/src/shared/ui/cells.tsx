import { Text } from '@mantine/core';

import { formatAccessKey, formatDate, formatDateOfDateTime, formatDateTime, formatMoney, formatTaxId, isNegativeMoney } from '../format';
import { useLocale } from '../i18n/useLocale';

const EMPTY = '—';

/** A BRL amount from its decimal string; right-aligned, tabular figures, red when negative. */
export function Money({ value }: { value: string | null | undefined }) {
  const locale = useLocale();
  if (value == null) return <Text span c="dimmed">{EMPTY}</Text>;
  return (
    <Text span ff="monospace" fz="sm" c={isNegativeMoney(value) ? 'red.9' : undefined} style={{ whiteSpace: 'nowrap' }}>
      {formatMoney(value, locale)}
    </Text>
  );
}

/** A CNPJ (numeric or alphanumeric) or CPF, formatted. */
export function Cnpj({ value }: { value: string | null | undefined }) {
  if (!value) return <Text span c="dimmed">{EMPTY}</Text>;
  return <Text span ff="monospace" fz="sm" style={{ whiteSpace: 'nowrap' }}>{formatTaxId(value)}</Text>;
}

/**
 * A date. `kind="date"` for date-only strings (due, competence), formatted from the
 * string; `"day"` for the São Paulo calendar day of a date-time; `"datetime"` for both.
 */
export function DateCell({ value, kind = 'date' }: { value: string | null | undefined; kind?: 'date' | 'day' | 'datetime' }) {
  const locale = useLocale();
  if (!value) return <Text span c="dimmed">{EMPTY}</Text>;
  const text = kind === 'date' ? formatDate(value, locale) : kind === 'day' ? formatDateOfDateTime(value, locale) : formatDateTime(value, locale);
  return <Text span fz="sm" style={{ whiteSpace: 'nowrap' }}>{text}</Text>;
}

export function AccessKey({ value }: { value: string | null | undefined }) {
  if (!value) return <Text span c="dimmed">{EMPTY}</Text>;
  return <Text span ff="monospace" fz="xs">{formatAccessKey(value)}</Text>;
}
