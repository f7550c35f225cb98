import { useLingui } from '@lingui/react/macro';
import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { forwardRef, type KeyboardEvent } from 'react';

import { graphql, useFragment, type FragmentType } from '../../../gql';
import { formatPercent, sumDecimals } from '../../../shared/format/decimal';
import { DateCell, Money } from '../../../shared/ui/cells';
import { useLocale } from '../../../shared/i18n/useLocale';
import { scorePercent } from '../lib/amounts';
import { documentParty } from '../lib/party';
import { StatusBadge } from './StatusBadge';

export const ReviewQueueItemFragment = graphql(`
  fragment ReviewQueueItem_reconciliation on Reconciliation {
    id
    status
    score
    difference
    documents {
      amount
      document {
        id
        number
        direction
        counterpartyDocument
        emitter {
          name
        }
        receiver {
          name
        }
      }
    }
    transactions {
      amount
      transaction {
        id
        postedOn
        description
        counterparty {
          name
        }
      }
    }
  }
`);

export function optionId(id: string): string {
  return `review-option-${id.replace(/[^A-Za-z0-9_-]/g, '')}`;
}

function QueueRow({ item, selected, onSelect }: { item: FragmentType<typeof ReviewQueueItemFragment>; selected: boolean; onSelect: (id: string) => void }) {
  const { t } = useLingui();
  const locale = useLocale();
  const r = useFragment(ReviewQueueItemFragment, item);
  const doc = r.documents[0]?.document;
  const tx = r.transactions[0]?.transaction;
  const party = documentParty(doc).name ?? tx?.counterparty.name ?? tx?.description ?? '—';
  const amount = sumDecimals(r.transactions.map((s) => s.amount));
  const percent = scorePercent(r.score);
  const shown = formatPercent(percent ?? '0', locale);
  const numbers = r.documents.map((d) => d.document?.number).filter(Boolean).join(', ');
  return (
    <UnstyledButton
      id={optionId(r.id)}
      role="option"
      aria-selected={selected}
      tabIndex={-1}
      onClick={() => onSelect(r.id)}
      className="review-option"
      data-selected={selected || undefined}
      p="xs"
      style={{
        display: 'block',
        width: '100%',
        borderRadius: 'var(--mantine-radius-sm)',
        borderLeft: `3px solid ${selected ? 'var(--mantine-color-blue-8)' : 'transparent'}`,
        background: selected ? 'var(--mantine-color-blue-0)' : undefined,
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate>{party}</Text>
          <Text size="xs" c="dimmed" truncate>
            {numbers ? t`NF ${numbers}` : t`Sem documento`} · <DateCell value={tx?.postedOn} />
          </Text>
        </Stack>
        <Stack gap={2} align="flex-end">
          <Money value={amount} />
          <Group gap={4} wrap="nowrap">
            <StatusBadge status={r.status} />
            <Badge size="sm" variant="outline" color={scoreColor(percent)} aria-label={t`Confiança ${shown}`}>
              {shown}
            </Badge>
          </Group>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

export function scoreColor(percent: string | null): string {
  const n = Number(percent ?? 0);
  return n >= 90 ? 'teal.9' : n >= 70 ? 'indigo.9' : 'red.9';
}

interface Props {
  items: { id: string; ref: FragmentType<typeof ReviewQueueItemFragment> }[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onKeyDown?: (event: KeyboardEvent<HTMLDivElement>) => void;
  label: string;
}

/**
 * The queue as one listbox: it keeps the focus (j/k and the arrows move the active
 * option, aria-activedescendant tells screen readers), so focus is never lost.
 */
export const QueueList = forwardRef<HTMLDivElement, Props>(function QueueList({ items, selectedId, onSelect, onKeyDown, label }, ref) {
  return (
    <Stack
      ref={ref}
      gap={2}
      role="listbox"
      tabIndex={0}
      aria-label={label}
      aria-activedescendant={selectedId ? optionId(selectedId) : undefined}
      onKeyDown={onKeyDown}
      className="review-queue"
      pr={12}
    >
      {items.map((item) => (
        <QueueRow key={item.id} item={item.ref} selected={item.id === selectedId} onSelect={onSelect} />
      ))}
    </Stack>
  );
});
