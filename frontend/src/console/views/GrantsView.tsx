import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { formatDateTime } from '../../shared/format';
import { useLocale } from '../../shared/i18n/useLocale';
import { ListEmpty, ListError, ListLoading } from '../../shared/ui/states';
import { ConsoleMyGrantsQuery } from '../api/operations';
import { GrantStatus } from '../components/GrantStatus';
import { consoleErrorCode, consoleMessage } from '../errors';
import { useNow } from '../hooks';
import { grantState, roleLabel } from '../roles';
import { consolePaths } from '../routes';

/** The staff member's active grants: who granted what, why, until when; "Entrar" opens the organization. */
export function GrantsView() {
  const { t, i18n } = useLingui();
  const locale = useLocale();
  const now = useNow();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ConsoleMyGrantsQuery, requestPolicy: 'network-only' });
  const grants = data?.mySupportGrants ?? [];

  let body;
  if (fetching && !data) body = <ListLoading rows={3} />;
  else if (error) body = <ListError message={i18n._(consoleMessage(consoleErrorCode(error)))} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (grants.length === 0)
    body = (
      <ListEmpty title={<Trans>Nenhum acesso ativo</Trans>}>
        <Trans>Peça a um administrador da organização que conceda acesso de suporte ao seu e-mail, com o motivo e o papel necessários.</Trans>
      </ListEmpty>
    );
  else
    body = (
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {grants.map((grant) => {
          const expired = grantState(grant.expiresAt, now) === 'expired';
          const organization = grant.organizationName;
          return (
            <Card key={grant.id} withBorder padding="md" radius="md" component="article" aria-label={grant.organizationName}>
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={0}>
                    <Title order={2} size="h4">{grant.organizationName}</Title>
                    <Text size="xs" c="dimmed">{grant.organizationSlug}</Text>
                  </Stack>
                  <GrantStatus expiresAt={grant.expiresAt} now={now} />
                </Group>
                <Text size="sm"><Text span fw={600}><Trans>Motivo:</Trans></Text> {grant.reason}</Text>
                <Text size="sm"><Text span fw={600}><Trans>Papel:</Trans></Text> {i18n._(roleLabel(grant.role))}</Text>
                <Text size="sm"><Text span fw={600}><Trans>Concedido em:</Trans></Text> {formatDateTime(grant.createdAt, locale)}</Text>
                <Text size="sm"><Text span fw={600}><Trans>Expira em:</Trans></Text> {formatDateTime(grant.expiresAt, locale)}</Text>
                {expired ? (
                  <Alert color="gray" p="xs"><Trans>Este acesso expirou. Peça um novo à organização.</Trans></Alert>
                ) : (
                  <Group justify="flex-end">
                    <Button component={Link} to={consolePaths.grant(grant.id)} aria-label={t`Entrar em ${organization}`}>
                      <Trans>Entrar</Trans>
                    </Button>
                  </Group>
                )}
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
    );

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={1} size="h2"><Trans>Meus acessos</Trans></Title>
        <Text size="sm" c="dimmed">
          <Trans>Acessos que as organizações concederam a você, o que termina primeiro no topo. Ao entrar, tudo o que você fizer fica na auditoria da organização, com o seu nome.</Trans>
        </Text>
      </Stack>
      {body}
      <Alert color="blue" variant="light" title={t`Acessos revogados ou expirados`}>
        <Trans>Só aparecem aqui acessos ativos. Um acesso revogado por um administrador ou que passou da validade some desta lista e deixa de funcionar na hora, mesmo no meio de uma sessão. Para continuar, peça um novo acesso à organização.</Trans>
      </Alert>
    </Stack>
  );
}
