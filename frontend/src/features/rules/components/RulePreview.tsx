import type { MessageDescriptor } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Badge, Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';

import { Money } from '../../../shared/ui/cells';
import { formatMoney } from '../../../shared/format';
import { useLocale } from '../../../shared/i18n/useLocale';
import { outcomeLabel } from './labels';
import { changeAmount, type PreviewChange, type PreviewNode, type PreviewSummary } from './preview';

interface Props {
  summary: PreviewSummary;
  changes: readonly PreviewChange[];
  nodes: ReadonlyMap<string, PreviewNode>;
}

function itemLabel(change: PreviewChange, node: PreviewNode | undefined): string | MessageDescriptor {
  if (node && node.__typename === 'Transaction' && 'description' in node) return node.description;
  if (node && node.__typename === 'Document' && 'kind' in node) {
    const kind = node.kind;
    const number = node.number ?? '—';
    const installment = change.installment;
    return installment ? msg`${kind} ${number}, parcela ${installment}` : [kind, number].join(' ');
  }
  return change.side === 'transaction' ? msg`Transação` : msg`Documento`;
}

/** The dry run: how many items change, how much money, and each change (before → after). */
export function RulePreview({ summary, changes, nodes }: Props) {
  const { t } = useLingui();
  const locale = useLocale();
  const amount = formatMoney(summary.amount, locale);
  const shown = changes.length;
  const total = summary.items;
  const label = (value: string | MessageDescriptor) => (typeof value === 'string' ? value : t(value));
  return (
    <Paper withBorder p="md" aria-live="polite" data-testid="rule-preview">
      <Stack gap="sm">
        <Text fw={600}><Trans>Prévia (nada foi gravado)</Trans></Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stack gap={0}>
            <Text size="xs" c="dimmed"><Trans>Itens que mudariam</Trans></Text>
            <Text size="xl" fw={700} data-testid="preview-items">{summary.items}</Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed"><Trans>Decididos por esta regra</Trans></Text>
            <Text size="xl" fw={700} data-testid="preview-by-rule">{summary.byThisRule}</Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">{summary.complete ? <Trans>Valor envolvido</Trans> : <Trans>Valor dos itens listados</Trans>}</Text>
            <Text size="xl" fw={700} ff="monospace" data-testid="preview-amount">{amount}</Text>
          </Stack>
        </SimpleGrid>
        {summary.items === 0 ? (
          <Alert color="gray"><Trans>Nenhum item em aberto mudaria hoje com esta regra. Ela ainda pode valer para itens que chegarem depois.</Trans></Alert>
        ) : (
          <>
            {shown < total && (
              <Text size="sm" c="dimmed">{plural(total, { one: `Mostrando ${shown} de # mudança.`, other: `Mostrando ${shown} de # mudanças.` })}</Text>
            )}
            <Table.ScrollContainer minWidth={560}>
              <Table fz="sm" striped>
                <Table.Caption className="visually-hidden"><Trans>Mudanças da prévia</Trans></Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th><Trans>Item</Trans></Table.Th>
                    <Table.Th><Trans>Hoje</Trans></Table.Th>
                    <Table.Th><Trans>Com a regra</Trans></Table.Th>
                    <Table.Th><Trans>Valor</Trans></Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {changes.map((change) => {
                    const node = nodes.get(change.itemId);
                    return (
                      <Table.Tr key={`${change.itemId}/${change.installment ?? ''}`}>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            <Text size="sm" truncate maw={320}>{label(itemLabel(change, node))}</Text>
                            {change.byThisRule && <Badge size="xs" variant="outline" color="indigo.9"><Trans>esta regra</Trans></Badge>}
                          </Group>
                        </Table.Td>
                        <Table.Td>{outcomeLabel(change.before, t)}</Table.Td>
                        <Table.Td>{outcomeLabel(change.after, t)}</Table.Td>
                        <Table.Td><Money value={changeAmount(change, node)} /></Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </Stack>
    </Paper>
  );
}
