import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Button, Checkbox, Group, Loader, Modal, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from 'urql';

import { graphql, useFragment, type FragmentType } from '../../../gql';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { formatMoney } from '../../../shared/format';
import { useHotkeyLayer, useHotkeys } from '../../../shared/hotkeys/hotkeys';
import { useLocale } from '../../../shared/i18n/useLocale';
import { Cnpj, DateCell, Money } from '../../../shared/ui/cells';
import { ReviewCandidatesQuery } from '../api/review';
import { isZeroDecimal, matchDifference, percentToFraction, trimMoneyPlaces } from '../lib/amounts';
import { documentParty } from '../lib/party';
import { KeyHint } from './KeyHint';

export const ReviewCandidatesFragment = graphql(`
  fragment ReviewCandidates_reconciliation on Reconciliation {
    id
    documents {
      installment {
        id
        number
        dueDate
        openAmount
        document {
          id
          number
        }
      }
    }
    transactions {
      transaction {
        id
        postedOn
        amount
        openAmount
        description
      }
    }
  }
`);

export interface Picked {
  id: string;
  /** The open amount this match closes. */
  amount: string;
  label: string;
}

export interface ManualMatch {
  installments: Picked[];
  transactions: Picked[];
  reason: string | null;
}

interface Props {
  opened: boolean;
  reconciliation: FragmentType<typeof ReviewCandidatesFragment> | null;
  tolerance: string;
  days: string;
  text: string;
  onSearch: (change: { tolerance?: string; days?: string; text?: string }) => void;
  onClose: () => void;
  /** Resolves with an error message to show, or null on success. */
  onMatch: (match: ManualMatch) => Promise<string | null>;
}

type Mode = 'installments' | 'transactions';

/**
 * Choose another candidate, or match N:M by hand: search open installments for the bank
 * line (or bank lines for an installment) within an amount tolerance and days, pick any
 * number of each; the difference shows live and a reason is required when it is not zero.
 */
export function CandidatesDialog({ opened, reconciliation, tolerance, days, text, onSearch, onClose, onMatch }: Props) {
  const { t, i18n } = useLingui();
  const locale = useLocale();
  const narrow = useMediaQuery('(max-width: 36em)');
  const r = useFragment(ReviewCandidatesFragment, reconciliation);
  const searchBox = useRef<HTMLInputElement>(null);
  useHotkeyLayer('review-candidates', opened);
  useHotkeys(useMemo(() => [{ key: '/', run: () => searchBox.current?.focus() }], []), 'review-candidates');

  const [mode, setMode] = useState<Mode>('installments');
  const [installments, setInstallments] = useState<Picked[]>([]);
  // A suggestion starts from its own bank line(s), no installment picked (the parent keys the dialog by suggestion).
  const [transactions, setTransactions] = useState<Picked[]>(() =>
    (r?.transactions ?? []).flatMap((s) => (s.transaction ? [{ id: s.transaction.id, amount: s.transaction.openAmount, label: s.transaction.description }] : [])),
  );
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [typed, setTyped] = useState(text);
  const [debounced] = useDebouncedValue(typed, 250);

  useEffect(() => {
    if (debounced !== text) onSearch({ text: debounced });
  }, [debounced]); // eslint-disable-line react-hooks/exhaustive-deps


  const anchorTransaction = transactions[0]?.id ?? r?.transactions[0]?.transaction?.id ?? null;
  const anchorInstallment = installments[0]?.id ?? r?.documents[0]?.installment?.id ?? null;
  const fraction = percentToFraction(tolerance) ?? '0.05';
  const [{ data, fetching, error: searchError }] = useQuery({
    query: ReviewCandidatesQuery,
    variables: {
      transactionId: mode === 'installments' ? anchorTransaction : null,
      installmentId: mode === 'transactions' ? anchorInstallment : null,
      amountTolerance: fraction,
      days: Number(days) || 0,
      text: text || null,
    },
    pause: !opened || !(mode === 'installments' ? anchorTransaction : anchorInstallment),
  });
  const candidates = data?.reviewCandidates ?? [];
  const difference = matchDifference(installments.map((p) => p.amount), transactions.map((p) => p.amount));
  const differs = !isZeroDecimal(difference);
  const pickedInstallments = installments.length;
  const pickedTransactions = transactions.length;
  const ready = installments.length > 0 && transactions.length > 0 && (!differs || reason.trim().length > 0);

  function toggle(list: Picked[], set: (next: Picked[]) => void, item: Picked) {
    set(list.some((p) => p.id === item.id) ? list.filter((p) => p.id !== item.id) : [...list, item]);
  }

  async function submit() {
    if (!installments.length || !transactions.length) {
      setError(t`Escolha ao menos uma parcela e uma linha do extrato.`);
      return;
    }
    if (differs && !reason.trim()) {
      setError(t`Diga o motivo: os valores dos dois lados diferem.`);
      return;
    }
    setSending(true);
    const problem = await onMatch({ installments, transactions, reason: reason.trim() || null });
    setSending(false);
    setError(problem);
  }

  return (
    <Modal closeButtonProps={{ 'aria-label': t`Fechar` }} opened={opened} onClose={onClose} size="xl" fullScreen={!!narrow} title={<Trans>Outro candidato / conciliação manual</Trans>}>
      <Stack gap="sm">
        <SegmentedControl
          value={mode}
          onChange={(value) => setMode(value as Mode)}
          data={[
            { value: 'installments', label: t`Parcelas para a linha do extrato` },
            { value: 'transactions', label: t`Linhas do extrato para a parcela` },
          ]}
          fullWidth
          orientation={narrow ? 'vertical' : 'horizontal'}
        />
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput
            ref={searchBox}
            label={t`Buscar (número, contraparte, histórico)`}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            rightSection={<KeyHint command="search" />}
            data-autofocus
            style={{ flex: 1, minWidth: 200 }}
          />
          <TextInput label={t`Tolerância de valor (%)`} value={tolerance} onChange={(e) => onSearch({ tolerance: e.currentTarget.value })} w={150} inputMode="decimal" />
          <TextInput label={t`Dias de distância`} value={days} onChange={(e) => onSearch({ days: e.currentTarget.value })} w={130} inputMode="numeric" />
        </Group>

        {searchError ? (
          <Alert color="red" role="alert">{i18n._(messageForCode(errorCode(searchError)))}</Alert>
        ) : fetching && !data ? (
          <Group gap="xs"><Loader size="xs" /><Text size="sm"><Trans>Buscando…</Trans></Text></Group>
        ) : candidates.length === 0 ? (
          <Text size="sm" c="dimmed"><Trans>Nenhum candidato com estas tolerâncias. Aumente a tolerância ou os dias.</Trans></Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table highlightOnHover aria-label={t`Candidatos`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th><Trans>Escolher</Trans></Table.Th>
                  <Table.Th>{mode === 'installments' ? <Trans>Documento / parcela</Trans> : <Trans>Linha do extrato</Trans>}</Table.Th>
                  <Table.Th><Trans>Contraparte</Trans></Table.Th>
                  <Table.Th>{mode === 'installments' ? <Trans>Vencimento</Trans> : <Trans>Data</Trans>}</Table.Th>
                  <Table.Th ta="right"><Trans>Em aberto</Trans></Table.Th>
                  <Table.Th ta="right"><Trans>Diferença</Trans></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {candidates.map((c, i) => {
                  const best = i === 0 ? <Text size="xs" fw={700} c="teal.9"><Trans>Melhor correspondência</Trans></Text> : null;
                  if (mode === 'installments' && c.installment) {
                    const inst = c.installment;
                    const party = documentParty(inst.document);
                    const number = inst.document?.number ?? '—';
                    const part = inst.number ?? '—';
                    const label = t`NF ${number} · parcela ${part}`;
                    const checked = installments.some((p) => p.id === inst.id);
                    return (
                      <Table.Tr key={inst.id}>
                        <Table.Td>
                          <Checkbox aria-label={t`Selecionar parcela ${label}`} checked={checked} onChange={() => toggle(installments, setInstallments, { id: inst.id, amount: inst.openAmount, label })} />
                        </Table.Td>
                        <Table.Td><Stack gap={2}>{best}<Text size="sm">{label}</Text></Stack></Table.Td>
                        <Table.Td><Stack gap={0}><Text size="sm">{party.name ?? '—'}</Text><Cnpj value={party.document} /></Stack></Table.Td>
                        <Table.Td><DateCell value={inst.dueDate} /></Table.Td>
                        <Table.Td ta="right"><Money value={inst.openAmount} /></Table.Td>
                        <Table.Td ta="right"><Money value={trimMoneyPlaces(c.amountDifference)} /></Table.Td>
                      </Table.Tr>
                    );
                  }
                  if (mode === 'transactions' && c.transaction) {
                    const tx = c.transaction;
                    const checked = transactions.some((p) => p.id === tx.id);
                    const memo = tx.description;
                    return (
                      <Table.Tr key={tx.id}>
                        <Table.Td>
                          <Checkbox aria-label={t`Selecionar linha do extrato ${memo}`} checked={checked} onChange={() => toggle(transactions, setTransactions, { id: tx.id, amount: tx.openAmount, label: tx.description })} />
                        </Table.Td>
                        <Table.Td><Stack gap={2}>{best}<Text size="sm">{tx.description}</Text></Stack></Table.Td>
                        <Table.Td><Stack gap={0}><Text size="sm">{tx.counterparty.name ?? '—'}</Text><Cnpj value={tx.counterparty.document} /></Stack></Table.Td>
                        <Table.Td><DateCell value={tx.postedOn} /></Table.Td>
                        <Table.Td ta="right"><Money value={tx.openAmount} /></Table.Td>
                        <Table.Td ta="right"><Money value={trimMoneyPlaces(c.amountDifference)} /></Table.Td>
                      </Table.Tr>
                    );
                  }
                  return null;
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}

        <Stack gap={4} aria-live="polite">
          <Text size="sm">
            <Trans>Escolhidas: {pickedInstallments} parcela(s) e {pickedTransactions} linha(s) do extrato</Trans>
          </Text>
          <Group gap="xs">
            <Text size="sm"><Trans>Diferença:</Trans></Text>
            <Text fw={700} ff="monospace" c={differs ? 'red.9' : undefined} data-testid="manual-difference">{formatMoney(difference, locale)}</Text>
          </Group>
        </Stack>
        <TextInput
          label={differs ? t`Motivo (obrigatório: os valores diferem)` : t`Motivo (opcional)`}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              void submit();
            }
          }}
          required={differs}
          maxLength={500}
        />
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}><Trans>Cancelar</Trans></Button>
          <Button onClick={() => void submit()} loading={sending} disabled={!ready}><Trans>Conciliar</Trans></Button>
        </Group>
      </Stack>
    </Modal>
  );
}
