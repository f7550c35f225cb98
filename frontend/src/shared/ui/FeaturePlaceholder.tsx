import { Trans } from '@lingui/react/macro';
import { Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A screen someone is about to build: its title and a line saying so. */
export function FeaturePlaceholder({ title }: { title: ReactNode }) {
  return (
    <Paper p="lg" withBorder>
      <Title order={1} size="h2" mb="sm">{title}</Title>
      <Text c="dimmed"><Trans>Esta tela está em construção.</Trans></Text>
    </Paper>
  );
}
