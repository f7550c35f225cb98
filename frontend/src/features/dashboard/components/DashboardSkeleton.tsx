import { Trans } from '@lingui/react/macro';
import { Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';

import { FigureCardSkeleton } from './FigureCard';

export const FIGURE_COLUMNS = { base: 1, xs: 2, md: 4 };

/** Loading: the cards, the chart and the tables as grey shapes of their size. */
export function DashboardSkeleton() {
  return (
    <Stack gap="md" aria-busy="true">
      <Text className="visually-hidden" role="status"><Trans>Carregando…</Trans></Text>
      <SimpleGrid cols={FIGURE_COLUMNS} spacing="sm">
        {Array.from({ length: 8 }, (_, i) => <FigureCardSkeleton key={i} />)}
      </SimpleGrid>
      <Paper withBorder p="md" radius="md">
        <Skeleton height={14} width={220} mb="md" />
        <Skeleton height={240} />
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        {[0, 1].map((i) => (
          <Paper key={i} withBorder p="md" radius="md">
            <Skeleton height={14} width={180} mb="md" />
            {Array.from({ length: 6 }, (_, j) => <Skeleton key={j} height={22} mb={6} />)}
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
