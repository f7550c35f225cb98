import { Trans } from '@lingui/react/macro';
import { Button, Grid, Group, Skeleton, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';

import { ListEmpty } from '../../../shared/ui/states';
import { uploadsPaths } from '../../uploads/routes';

export { ListError as ReviewError, ListNoResults as ReviewNoResults } from '../../../shared/ui/states';

/** Loading: a skeleton shaped like the screen, the queue on the left and the two sides on the right. */
export function ReviewLoading() {
  return (
    <Grid aria-busy="true" gap="md">
      <Text className="visually-hidden" role="status"><Trans>Carregando…</Trans></Text>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap={6}>
          {Array.from({ length: 8 }, (_, i) => <Skeleton key={i} height={52} radius="sm" />)}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="sm">
          <Skeleton height={28} width="40%" />
          <Group grow align="flex-start">
            <Skeleton height={160} radius="sm" />
            <Skeleton height={160} radius="sm" />
          </Group>
          <Skeleton height={24} />
          <Skeleton height={90} radius="sm" />
          <Group gap="xs">{Array.from({ length: 4 }, (_, i) => <Skeleton key={i} height={36} width={110} radius="sm" />)}</Group>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

/** First use: nothing was ever reconciled or suggested. */
export function ReviewEmpty() {
  return (
    <ListEmpty
      title={<Trans>Nada para revisar</Trans>}
      action={<Button component={Link} to={uploadsPaths.index()}><Trans>Enviar arquivos</Trans></Button>}
    >
      <Trans>Envie as notas fiscais e os extratos bancários; as sugestões de conciliação aparecem aqui.</Trans>
    </ListEmpty>
  );
}

/** The queue was worked through. */
export function ReviewDone({ matchesLink }: { matchesLink: string }) {
  return (
    <ListEmpty
      title={<Trans>Tudo revisado</Trans>}
      action={<Button variant="light" component={Link} to={matchesLink}><Trans>Ver conciliadas</Trans></Button>}
    >
      <Trans>Não há mais sugestões esperando decisão. Novas aparecem aqui assim que chegarem.</Trans>
    </ListEmpty>
  );
}
