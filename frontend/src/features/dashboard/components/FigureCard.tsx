import { Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

interface Props {
  label: ReactNode;
  value: ReactNode;
  hint?: ReactNode;
  /** The filtered list behind the figure. */
  to: string;
  tone?: 'default' | 'danger' | 'success';
}

/** One headline figure; the whole card links to the list it counts. */
export function FigureCard({ label, value, hint, to, tone = 'default' }: Props) {
  const color = tone === 'danger' ? 'red.9' : tone === 'success' ? 'teal.9' : undefined;
  return (
    <Paper
      component={Link}
      to={to}
      withBorder
      p="md"
      radius="md"
      style={{ textDecoration: 'none', color: 'inherit', display: 'block' }}
      className="figure-card"
    >
      <Stack gap={4}>
        <Text size="sm" c="dimmed" fw={500}>{label}</Text>
        <Text fz={24} fw={700} c={color} ff="monospace" style={{ whiteSpace: 'nowrap' }} data-testid="figure">
          {value}
        </Text>
        {hint && <Text size="xs" c="dimmed">{hint}</Text>}
      </Stack>
    </Paper>
  );
}

/** The card's shape while loading. */
export function FigureCardSkeleton() {
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap={8}>
        <Skeleton height={12} width="55%" />
        <Skeleton height={26} width="75%" />
        <Group gap={4}><Skeleton height={10} width="40%" /></Group>
      </Stack>
    </Paper>
  );
}
