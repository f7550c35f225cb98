import { Text } from '@mantine/core';

import { formatMoney, isNegativeMoney } from '../../../shared/format';
import { useLocale } from '../../../shared/i18n/useLocale';

/**
 * A bank line's amount: like the shared <Money>, but a debit is red.9, which keeps AA
 * contrast on the table's striped rows (red.8 does not on gray.0).
 */
export function AmountCell({ value }: { value: string }) {
  const locale = useLocale();
  return (
    <Text span ff="monospace" fz="sm" c={isNegativeMoney(value) ? 'red.9' : undefined} style={{ whiteSpace: 'nowrap' }}>
      {formatMoney(value, locale)}
    </Text>
  );
}
