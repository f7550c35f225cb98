import { Alert, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A screen or action the signed-in role may not use (a FORBIDDEN answer, or a
 * PermissionDeniedError): the feature says why and whom to ask, never a blank page.
 */
export function Forbidden({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <Alert color="yellow" title={title} role="alert" data-testid="forbidden" styles={{ title: { color: 'var(--mantine-color-dark-7)' } }}>
      <Stack gap="xs">
        <Text size="sm">{children}</Text>
      </Stack>
    </Alert>
  );
}
