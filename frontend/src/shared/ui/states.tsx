import { Trans } from '@lingui/react/macro';
import { Alert, Button, Center, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A list's loading state: skeleton rows shaped like the table. */
export function ListLoading({ rows = 8 }: { rows?: number }) {
  return (
    <Stack gap="xs" aria-busy="true">
      <Text className="visually-hidden" role="status"><Trans>Carregando…</Trans></Text>
      {Array.from({ length: rows }, (_, i) => <Skeleton key={i} height={32} radius="sm" />)}
    </Stack>
  );
}

/** Nothing here yet (first use): says what to do next. */
export function ListEmpty({ title, children, action }: { title: ReactNode; children?: ReactNode; action?: ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" gap="sm" maw={480} ta="center">
        <Title order={2} size="h3">{title}</Title>
        {children && <Text c="dimmed">{children}</Text>}
        {action}
      </Stack>
    </Center>
  );
}

/** Filters matched nothing: offers to clear them. */
export function ListNoResults({ onClear }: { onClear: () => void }) {
  return (
    <Center py="xl">
      <Stack align="center" gap="sm">
        <Title order={2} size="h3"><Trans>Nenhum resultado para estes filtros</Trans></Title>
        <Button variant="light" onClick={onClear}><Trans>Limpar filtros</Trans></Button>
      </Stack>
    </Center>
  );
}

/** The request failed: a translated message (never the server's text) and a retry. */
export function ListError({ message, onRetry }: { message: ReactNode; onRetry: () => void }) {
  return (
    <Alert color="red" title={<Trans>Não foi possível carregar</Trans>} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        <Button size="xs" variant="white" color="red" onClick={onRetry}><Trans>Tentar de novo</Trans></Button>
      </Stack>
    </Alert>
  );
}

/** An object that is absent, or not the caller's: the same answer either way. */
export function NotFound() {
  return (
    <ListEmpty title={<Trans>Não encontrado</Trans>}>
      <Trans>Este endereço não existe ou não pertence à sua organização.</Trans>
    </ListEmpty>
  );
}
