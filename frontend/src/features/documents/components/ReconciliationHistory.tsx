import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';

import { graphql, useFragment, type FragmentType } from '../../../gql';
import { DateCell, Money } from '../../../shared/ui/cells';
import { reviewPaths } from '../../review/routes';
import { documentsPaths } from '../routes';
import { transactionsPaths } from '../../transactions/routes';
import { DECIDED_BY_LABELS, KIND_LABELS, RECONCILIATION_STATUS_COLORS, RECONCILIATION_STATUS_LABELS, scorePercent } from './labels';

/** One reconciliation as the document and transaction pages list it. */
export const ReconciliationHistoryFragment = graphql(`
  fragment ReconciliationHistory_reconciliation on Reconciliation {
    id
    status
    score
    difference
    decidedBy
    decidedAt
    createdAt
    reasons {
      code
      message
    }
    rule {
      id
      name
    }
    documents {
      amount
      document {
        id
        kind
        number
        series
      }
      installment {
        id
        number
        dueDate
      }
    }
    transactions {
      amount
      transaction {
        id
        postedOn
        description
      }
    }
  }
`);

/** The review screen opened on one reconciliation. */
export function reviewLink(reconciliationId: string): string {
  return `${reviewPaths.index()}?${new URLSearchParams({ reconciliation: reconciliationId }).toString()}`;
}

interface Props {
  reconciliations: readonly FragmentType<typeof ReconciliationHistoryFragment>[];
  /** Which side the page shows: the other side is listed in each row. */
  side: 'document' | 'transaction';
}

export function ReconciliationHistory({ reconciliations, side }: Props) {
  const { t } = useLingui();
  const rows = useFragment(ReconciliationHistoryFragment, reconciliations);
  if (rows.length === 0) {
    return <Text c="dimmed" size="sm"><Trans>Nenhuma conciliação ou sugestão ainda.</Trans></Text>;
  }
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing={6} fz="sm" striped>
        <Table.Caption className="visually-hidden">{t`Histórico de conciliação`}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th><Trans>Situação</Trans></Table.Th>
            <Table.Th><Trans>Confiança</Trans></Table.Th>
            <Table.Th>{side === 'document' ? <Trans>Lançamentos</Trans> : <Trans>Documentos</Trans>}</Table.Th>
            <Table.Th><Trans>Diferença</Trans></Table.Th>
            <Table.Th><Trans>Decidido por</Trans></Table.Th>
            <Table.Th><Trans>Quando</Trans></Table.Th>
            <Table.Th><Trans>Revisão</Trans></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((rec) => (
            <Table.Tr key={rec.id}>
              <Table.Td miw={130}>
                <Badge variant="dot" size="sm" color={RECONCILIATION_STATUS_COLORS[rec.status]}>
                  {t(RECONCILIATION_STATUS_LABELS[rec.status])}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text span fz="sm" ff="monospace">{scorePercent(rec.score)}&nbsp;%</Text>
                {rec.reasons.length > 0 && (
                  <Text size="xs" c="dimmed">{rec.reasons.map((r) => r.code).join(', ')}</Text>
                )}
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {side === 'document'
                    ? rec.transactions.map((s, i) => (
                        <Group key={s.transaction?.id ?? i} gap={6} wrap="nowrap">
                          {s.transaction ? (
                            <Anchor component={Link} to={transactionsPaths.detail(s.transaction.id)} fz="sm">
                              <DateCell value={s.transaction.postedOn} kind="date" /> {s.transaction.description}
                            </Anchor>
                          ) : (
                            <Text span c="dimmed">—</Text>
                          )}
                          <Money value={s.amount} />
                        </Group>
                      ))
                    : rec.documents.map((s, i) => (
                        <Group key={`${s.document?.id ?? ''}-${s.installment?.id ?? i}`} gap={6} wrap="nowrap">
                          {s.document ? (
                            <Anchor component={Link} to={documentsPaths.detail(s.document.id)} fz="sm">
                              {KIND_LABELS[s.document.kind]} {s.document.number ?? ''}
                              {s.installment?.number ? ` / ${s.installment.number}` : ''}
                            </Anchor>
                          ) : (
                            <Text span c="dimmed">—</Text>
                          )}
                          {s.installment?.dueDate && <DateCell value={s.installment.dueDate} kind="date" />}
                          <Money value={s.amount} />
                        </Group>
                      ))}
                </Stack>
              </Table.Td>
              <Table.Td><Money value={rec.difference} /></Table.Td>
              <Table.Td>
                {t(DECIDED_BY_LABELS[rec.decidedBy])}
                {rec.rule && <Text size="xs" c="dimmed">{rec.rule.name}</Text>}
              </Table.Td>
              <Table.Td><DateCell value={rec.decidedAt ?? rec.createdAt} kind="datetime" /></Table.Td>
              <Table.Td>
                <Anchor component={Link} to={reviewLink(rec.id)} fz="sm">
                  <Trans>Abrir na revisão</Trans>
                </Anchor>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
