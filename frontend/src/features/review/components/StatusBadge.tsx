import { useLingui } from '@lingui/react/macro';
import { Badge } from '@mantine/core';

import type { ReconciliationStatus } from '../../../gql/graphql';

export function StatusBadge({ status }: { status: ReconciliationStatus }) {
  const { t } = useLingui();
  const label = status === 'MATCHED' ? t`Conciliada` : status === 'REJECTED' ? t`Rejeitada` : t({ message: 'Sugerida', comment: 'A reconciliation suggestion awaiting review' });
  const color = status === 'MATCHED' ? 'teal.9' : status === 'REJECTED' ? 'red.9' : 'gray.8';
  return <Badge size="sm" variant="outline" color={color}>{label}</Badge>;
}
