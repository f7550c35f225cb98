import { Trans, useLingui } from '@lingui/react/macro';
import { Button, Group, Select, Text } from '@mantine/core';
import type { ReactNode } from 'react';

import { PAGE_SIZES } from '../routes';

interface Props {
  count: ReactNode;
  first: number;
  onFirst: (first: number) => void;
  /** True when the page shown is not the first one (a cursor is in the URL). */
  paged: boolean;
  hasPrevious: boolean;
  hasNext: boolean;
  onStart: () => void;
  onPrevious: () => void;
  onNext: () => void;
}

/** Cursor paging under a list: size, first page, previous and next. */
export function Pager({ count, first, onFirst, paged, hasPrevious, hasNext, onStart, onPrevious, onNext }: Props) {
  const { t } = useLingui();
  return (
    <Group justify="space-between" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">{count}</Text>
      <Group gap="xs" wrap="wrap">
        <Select
          aria-label={t`Itens por página`}
          data={PAGE_SIZES.map((n) => ({ value: String(n), label: t`${n} por página` }))}
          value={String(first)}
          onChange={(value) => onFirst(Number(value))}
          allowDeselect={false}
          w={150}
          size="xs"
        />
        {paged && (
          <Button size="xs" variant="default" onClick={onStart}>
            <Trans>Primeira página</Trans>
          </Button>
        )}
        <Button size="xs" variant="default" disabled={!paged || !hasPrevious} onClick={onPrevious}>
          <Trans>Página anterior</Trans>
        </Button>
        <Button size="xs" variant="default" disabled={!hasNext} onClick={onNext}>
          <Trans>Próxima página</Trans>
        </Button>
      </Group>
    </Group>
  );
}
