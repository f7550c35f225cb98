import { Trans, useLingui } from '@lingui/react/macro';
import { Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

import { graphql, useFragment, type FragmentType } from '../../../gql';
import { formatMoney } from '../../../shared/format';
import { formatPercent } from '../../../shared/format/decimal';
import { useLocale } from '../../../shared/i18n/useLocale';
import { Cnpj, DateCell, Money } from '../../../shared/ui/cells';
import { isZeroDecimal, scorePercent } from '../lib/amounts';
import type { ReviewCommand } from '../lib/keymap';
import { documentParty } from '../lib/party';
import { KeyHint } from './KeyHint';
import { scoreColor } from './QueueList';
import { StatusBadge } from './StatusBadge';

export const ReviewDetailFragment = graphql(`
  fragment ReviewDetail_reconciliation on Reconciliation {
    id
    status
    score
    difference
    decidedBy
    reasons {
      code
      message
    }
    documents {
      amount
      document {
        id
        number
        direction
        counterpartyDocument
        emitter {
          name
          document
        }
        receiver {
          name
          document
        }
      }
      installment {
        id
        number
        dueDate
        amount
        openAmount
      }
    }
    transactions {
      amount
      transaction {
        id
        postedOn
        amount
        description
        counterparty {
          name
          document
        }
      }
    }
  }
`);

function Field({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" align="baseline">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text span size="sm" ta="right" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</Text>
    </Group>
  );
}

function ActionButton({ command, onCommand, children, color, variant = 'default', disabled }: {
  command: ReviewCommand;
  onCommand: (command: ReviewCommand) => void;
  children: ReactNode;
  color?: string;
  variant?: string;
  disabled?: boolean;
}) {
  return (
    <Button size="sm" variant={variant} color={color} disabled={disabled} onClick={() => onCommand(command)} rightSection={<KeyHint command={command} />}>
      {children}
    </Button>
  );
}

interface Props {
  reconciliation: FragmentType<typeof ReviewDetailFragment>;
  onCommand: (command: ReviewCommand) => void;
  busy?: boolean;
}

/** The selected suggestion: the bank line beside the document and its installments, the difference, the score and every reason. */
export function SuggestionDetail({ reconciliation, onCommand, busy = false }: Props) {
  const { t } = useLingui();
  const locale = useLocale();
  const r = useFragment(ReviewDetailFragment, reconciliation);
  const percent = scorePercent(r.score) ?? '0';
  const matched = r.status === 'MATCHED';
  const shownScore = formatPercent(percent, locale);
  return (
    <Stack gap="sm" aria-labelledby="review-detail-title">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Title order={2} size="h4" id="review-detail-title">{matched ? <Trans>Conciliação</Trans> : <Trans>Sugestão</Trans>}</Title>
          <StatusBadge status={r.status} />
        </Group>
        <Badge size="lg" variant="outline" color={scoreColor(percent)}>
          <Trans>Confiança {shownScore}</Trans>
        </Badge>
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Card withBorder padding="sm" component="section" aria-label={t`Linha do extrato`}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}><Trans>Linha do extrato</Trans></Text>
          <Stack gap={6}>
            {r.transactions.map((side, i) => (
              <Stack key={side.transaction?.id ?? i} gap={2}>
                <Field label={<Trans>Data</Trans>}><DateCell value={side.transaction?.postedOn} /></Field>
                <Field label={<Trans>Valor</Trans>}><Money value={side.transaction?.amount ?? side.amount} /></Field>
                <Field label={<Trans>Histórico</Trans>}>{side.transaction?.description || '—'}</Field>
                <Field label={<Trans>Contraparte</Trans>}>{side.transaction?.counterparty.name || '—'}</Field>
                {side.transaction?.counterparty.document && (
                  <Field label={<Trans>CNPJ/CPF</Trans>}><Cnpj value={side.transaction.counterparty.document} /></Field>
                )}
              </Stack>
            ))}
          </Stack>
        </Card>
        <Card withBorder padding="sm" component="section" aria-label={t`Documento e parcelas`}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}><Trans>Documento e parcelas</Trans></Text>
          <Stack gap={6}>
            {r.documents.map((side, i) => {
              const party = documentParty(side.document);
              const number = side.document?.number ?? '—';
              const installment = side.installment?.number ?? '—';
              return (
                <Stack key={side.installment?.id ?? side.document?.id ?? i} gap={2}>
                  <Field label={<Trans>Número</Trans>}><Trans>NF {number} · parcela {installment}</Trans></Field>
                  <Field label={<Trans>Contraparte</Trans>}>{party.name || '—'}</Field>
                  <Field label={<Trans>CNPJ/CPF</Trans>}><Cnpj value={party.document} /></Field>
                  <Field label={<Trans>Vencimento</Trans>}><DateCell value={side.installment?.dueDate} /></Field>
                  <Field label={<Trans>Em aberto</Trans>}><Money value={side.installment?.openAmount ?? side.amount} /></Field>
                </Stack>
              );
            })}
          </Stack>
        </Card>
      </SimpleGrid>

      <Group justify="space-between" px="xs">
        <Text size="sm"><Trans>Diferença (extrato − documentos)</Trans></Text>
        <Text fw={700} size="md" ff="monospace" c={isZeroDecimal(r.difference) ? undefined : 'red.9'} data-testid="review-difference">
          {formatMoney(r.difference, locale)}
        </Text>
      </Group>

      <Card withBorder padding="sm" component="section" aria-label={t`Motivos`}>
        <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}><Trans>Motivos</Trans></Text>
        {r.reasons.length ? (
          <List size="sm" spacing={2}>
            {r.reasons.map((reason, i) => (
              <List.Item key={`${reason.code}-${i}`}>{reason.message}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" c="dimmed"><Trans>Nenhum motivo informado.</Trans></Text>
        )}
      </Card>

      <Group gap="xs" wrap="wrap" role="toolbar" aria-label={t`Ações`}>
        {matched ? (
          <ActionButton command="unmatch" onCommand={onCommand} color="red" variant="light" disabled={busy}><Trans>Desconciliar</Trans></ActionButton>
        ) : (
          <>
            <ActionButton command="accept" onCommand={onCommand} variant="filled" disabled={busy}><Trans>Aceitar</Trans></ActionButton>
            <ActionButton command="reject" onCommand={onCommand} color="red" variant="light" disabled={busy}><Trans>Rejeitar</Trans></ActionButton>
            <ActionButton command="skip" onCommand={onCommand}><Trans>Pular</Trans></ActionButton>
            <ActionButton command="candidates" onCommand={onCommand} disabled={busy}><Trans>Outro candidato</Trans></ActionButton>
          </>
        )}
      </Group>
    </Stack>
  );
}
