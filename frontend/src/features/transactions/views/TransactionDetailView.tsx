import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';

import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { Cnpj, DateCell, Money } from '../../../shared/ui/cells';
import { ListError, ListLoading, NotFound } from '../../../shared/ui/states';
import { Field, Section } from '../../documents/components/DocumentSections';
import { OPEN_STATUS_COLORS, OPEN_STATUS_LABELS } from '../../documents/components/labels';
import { ReconciliationHistory } from '../../documents/components/ReconciliationHistory';
import { TransactionDetailQuery } from '../api/transactions';
import { accountLabel, referenceRows, TYPE_LABELS } from '../components/labels';
import { transactionsPaths } from '../routes';

export function TransactionDetailView() {
  const { t, i18n } = useLingui();
  const { id = '' } = useParams();
  const [{ data, error }, reexecute] = useQuery({ query: TransactionDetailQuery, variables: { id } });

  const back = <Anchor component={Link} to={transactionsPaths.index()} size="sm"><Trans>← Transações</Trans></Anchor>;
  if (error && !data) return <Stack>{back}<ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /></Stack>;
  if (!data) return <ListLoading rows={4} />;
  const tx = data.node;
  if (!tx || tx.__typename !== 'Transaction') return <Stack>{back}<NotFound /></Stack>;
  const references = referenceRows(tx.references);

  return (
    <Stack gap="md">
      {back}
      <Group gap="sm" wrap="wrap">
        <Title order={1} size="h2">
          <Trans>Lançamento de <DateCell value={tx.postedOn} kind="date" /></Trans>
        </Title>
        <Badge variant="dot" color={OPEN_STATUS_COLORS[tx.status]}>{t(OPEN_STATUS_LABELS[tx.status])}</Badge>
      </Group>
      <Paper p="md" withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
          <Field label={<Trans>Data</Trans>}><DateCell value={tx.postedOn} kind="date" /></Field>
          <Field label={<Trans>Valor</Trans>}><Money value={tx.amount} /></Field>
          <Field label={<Trans>Em aberto</Trans>}><Money value={tx.openAmount} /></Field>
          <Field label={<Trans>Histórico</Trans>}><Text fz="sm">{tx.description}</Text></Field>
          <Field label={<Trans>Tipo</Trans>}>{t(TYPE_LABELS[tx.type])}</Field>
          <Field label={<Trans>Contraparte</Trans>}>
            <Stack gap={0}>
              <Text fz="sm">{tx.counterparty.name ?? '—'}</Text>
              {tx.counterparty.document && <Cnpj value={tx.counterparty.document} />}
            </Stack>
          </Field>
          <Field label={<Trans>Conta</Trans>}>{tx.bankAccount ? accountLabel(tx.bankAccount) : '—'}</Field>
          <Field label={<Trans>Saldo após o lançamento</Trans>}><Money value={tx.balance} /></Field>
          <Field label={<Trans>Extrato de origem</Trans>}>{tx.file?.name ?? '—'}</Field>
        </SimpleGrid>
      </Paper>
      <Section id="references" title={<Trans>Referências</Trans>}>
        {references.length === 0 ? (
          <Text c="dimmed" size="sm"><Trans>Sem referências (FITID, Pix, boleto) neste lançamento.</Trans></Text>
        ) : (
          <Table fz="sm" verticalSpacing={4} maw={640}>
            <Table.Caption className="visually-hidden">{t`Referências do lançamento`}</Table.Caption>
            <Table.Tbody>
              {references.map((ref) => (
                <Table.Tr key={ref.key}>
                  <Table.Th scope="row" w={200}>{ref.key}</Table.Th>
                  <Table.Td><Text span ff="monospace" fz="sm" style={{ wordBreak: 'break-all' }}>{ref.value}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Section id="reconciliations" title={<Trans>Conciliações e documentos</Trans>}>
        <ReconciliationHistory reconciliations={tx.reconciliations} side="transaction" />
      </Section>
    </Stack>
  );
}
