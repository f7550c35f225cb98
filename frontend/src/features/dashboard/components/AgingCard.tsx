import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Paper, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import type { Direction } from '../../../gql/graphql';
import { formatMoney } from '../../../shared/format/money';
import { useLocale } from '../../../shared/i18n/useLocale';
import { documentsPaths } from '../../documents/routes';

export interface AgingInput {
  direction: Direction;
  bucket: string;
  installments: number;
  openAmount: string;
}

export const BUCKET_LABELS: Record<string, MessageDescriptor> = {
  current: msg`A vencer`,
  overdue_1_30: msg`Vencido há 1–30 dias`,
  overdue_31_60: msg`Vencido há 31–60 dias`,
  overdue_61_90: msg`Vencido há 61–90 dias`,
  overdue_90_plus: msg`Vencido há mais de 90 dias`,
  no_due_date: msg`Sem vencimento`,
};
const ORDER = Object.keys(BUCKET_LABELS);

/** Open receivables and payables by days past due; each amount opens the documents behind it. */
export function AgingCard({ rows }: { rows: readonly AgingInput[] }) {
  const { t, i18n } = useLingui();
  const locale = useLocale();
  const cell = (direction: Direction, bucket: string) => {
    const found = rows.find((r) => r.direction === direction && r.bucket === bucket);
    if (!found || found.installments === 0) return <Text span c="dimmed" fz="sm">—</Text>;
    const count = found.installments;
    return (
      <Anchor component={Link} to={documentsPaths.list({ direction: [direction] })} fz="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
        {formatMoney(found.openAmount, locale)}
        <Text span fz="xs" c="dimmed" ff="body">{' '}{t`(${count})`}</Text>
      </Anchor>
    );
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="aging-title">
      <Title order={2} size="h4" id="aging-title" mb="sm"><Trans>Vencimentos em aberto</Trans></Title>
      <Table.ScrollContainer minWidth={420}>
        <Table fz="sm" verticalSpacing={4} striped>
          <Table.Caption className="visually-hidden">{t`Parcelas em aberto por prazo, a receber e a pagar`}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th><Trans>Prazo</Trans></Table.Th>
              <Table.Th ta="right"><Trans>A receber</Trans></Table.Th>
              <Table.Th ta="right"><Trans>A pagar</Trans></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ORDER.map((bucket) => (
              <Table.Tr key={bucket}>
                <Table.Td>{i18n._(BUCKET_LABELS[bucket] ?? msg`Outro`)}</Table.Td>
                <Table.Td ta="right">{cell('RECEIVABLE', bucket)}</Table.Td>
                <Table.Td ta="right">{cell('PAYABLE', bucket)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" mt={4}><Trans>Entre parênteses, o número de parcelas.</Trans></Text>
    </Paper>
  );
}
