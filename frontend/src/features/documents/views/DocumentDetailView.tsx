import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';

import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { AccessKey, Cnpj, DateCell, Money } from '../../../shared/ui/cells';
import { ListError, ListLoading, NotFound } from '../../../shared/ui/states';
import { DocumentDetailQuery } from '../api/documents';
import { STATUS_LABELS } from '../components/columns';
import { documentsPaths } from '../routes';

function Field({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">{label}</Text>
      <div>{children}</div>
    </Stack>
  );
}

export function DocumentDetailView() {
  const { t, i18n } = useLingui();
  const { id = '' } = useParams();
  const [{ data, error }, reexecute] = useQuery({ query: DocumentDetailQuery, variables: { id } });

  const back = <Anchor component={Link} to={documentsPaths.list()} size="sm"><Trans>← Documentos</Trans></Anchor>;
  if (error && !data) return <Stack>{back}<ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /></Stack>;
  if (!data) return <ListLoading rows={4} />;
  const doc = data.node;
  if (!doc || doc.__typename !== 'Document') return <Stack>{back}<NotFound /></Stack>;

  return (
    <Stack gap="md">
      {back}
      <Title order={1} size="h2">{doc.kind} {doc.number ?? ''}{doc.series ? `-${doc.series}` : ''}</Title>
      <Paper p="md" withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
          <Field label={<Trans>Emissão</Trans>}><DateCell value={doc.issuedAt} kind="datetime" /></Field>
          <Field label={<Trans>Situação</Trans>}>{t(STATUS_LABELS[doc.status])}</Field>
          <Field label={<Trans>Valor total</Trans>}><Money value={doc.total} /></Field>
          <Field label={<Trans>Emitente</Trans>}>{doc.emitter?.name ?? '—'} <Cnpj value={doc.emitter?.document} /></Field>
          <Field label={<Trans>Destinatário</Trans>}>{doc.receiver?.name ?? '—'} <Cnpj value={doc.receiver?.document} /></Field>
          <Field label={<Trans>Chave de acesso</Trans>}><AccessKey value={doc.accessKey} /></Field>
        </SimpleGrid>
      </Paper>
    </Stack>
  );
}
