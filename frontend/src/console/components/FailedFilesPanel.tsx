import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Anchor, Badge, Button, Card, Code, Group, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import type { ResultOf } from '@graphql-typed-document-node/core';

import { formatDateTime } from '../../shared/format';
import { useLocale } from '../../shared/i18n/useLocale';
import { ListEmpty, ListError, ListLoading } from '../../shared/ui/states';
import { ConsoleFailedFilesQuery, ConsolePlatformLinksQuery, ConsoleReprocessFileMutation } from '../api/operations';
import { useStaffClient } from '../ConsoleApp';
import { consoleErrorCode, consoleMessage } from '../errors';
import { failureMessage, formatLocation } from '../failures';
import { roleLabel } from '../roles';
import { canReprocess } from '../routes';
import { useReportGrantEnded } from './GrantEnded';

interface WorkflowLink {
  workflowId: string;
  url: string | null;
}

/** Each file's ingestion workflow in the Temporal UI, asked with the staff token (platformLinks). */
function useWorkflowLinks(fileIds: string[]): Map<string, WorkflowLink> {
  const staffClient = useStaffClient();
  const [links, setLinks] = useState(new Map<string, WorkflowLink>());
  const key = fileIds.join(',');
  useEffect(() => {
    if (!key) return;
    let cancelled = false;
    void staffClient
      .query(ConsolePlatformLinksQuery, { fileIds: key.split(',') }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (cancelled || !result.data) return;
        setLinks(new Map(result.data.platformLinks.ingestWorkflows.map((w) => [w.fileId, { workflowId: w.workflowId, url: w.url ?? null }])));
      });
    return () => {
      cancelled = true;
    };
  }, [staffClient, key]);
  return links;
}

type FailedFile = NonNullable<ResultOf<typeof ConsoleFailedFilesQuery>['files']['edges'][number]['node']>;

function RequestedNotice({ name, at, onClose }: { name: string; at: string; onClose: () => void }) {
  const { t } = useLingui();
  return (
    <Alert color="green" role="status" title={t`Reprocessamento solicitado`} withCloseButton onClose={onClose} closeButtonLabel={t`Fechar`}>
      <Trans>O arquivo {name} voltou para a fila às {at} e o processamento recomeçou. Se falhar de novo, ele volta a esta lista.</Trans>
    </Alert>
  );
}

function FileCard({ file, link, allowed, busy, onReprocess }: { file: FailedFile; link: WorkflowLink | undefined; allowed: boolean; busy: boolean; onReprocess: () => void }) {
  const { t, i18n } = useLingui();
  const locale = useLocale();
  const name = file.name;
  const sent = formatDateTime(file.createdAt, locale);
  const failedAt = file.processedAt ? formatDateTime(file.processedAt, locale) : null;
  const where = file.failure ? formatLocation(file.failure.location, i18n) : '';
  const workflowId = link?.workflowId ?? '';
  return (
    <Card withBorder padding="md" radius="md" component="article" aria-label={name}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} style={{ wordBreak: 'break-all' }}>{name}</Text>
          <Badge color="red.9" variant="filled"><Trans>Falhou</Trans></Badge>
        </Group>
        <Text size="xs" c="dimmed">
          <Trans>Enviado em {sent}</Trans>
          {failedAt && <> · <Trans>falhou em {failedAt}</Trans></>}
          {file.kind && <> · {file.kind}</>}
        </Text>
        {file.failure && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>{i18n._(failureMessage(file.failure.code))}</Text>
            <Text size="xs">
              <Trans>Código:</Trans> <Code>{file.failure.code}</Code>
              {where && <> · <Trans>Onde: {where}</Trans></>}
            </Text>
            {file.failure.message && (
              <Text size="xs" c="dimmed">
                <Trans>Detalhe técnico do leitor:</Trans> <Code style={{ wordBreak: 'break-word' }}>{file.failure.message}</Code>
              </Text>
            )}
          </Stack>
        )}
        <Group justify="space-between" wrap="wrap" gap="xs">
          {link?.url ? (
            <Anchor href={link.url} target="_blank" rel="noopener noreferrer" size="sm" aria-label={t`Ver o fluxo no Temporal: ${workflowId}`}>
              <Trans>Ver o fluxo no Temporal</Trans>
            </Anchor>
          ) : link ? (
            <Text size="xs" c="dimmed">
              <Trans>Fluxo <Code>{workflowId}</Code> (o endereço do Temporal UI não está configurado: TEMPORAL_UI_URL)</Trans>
            </Text>
          ) : (
            <span />
          )}
          {allowed ? (
            <Button size="xs" loading={busy} onClick={onReprocess} aria-label={t`Reprocessar ${name}`}>
              <Trans>Reprocessar</Trans>
            </Button>
          ) : (
            <Tooltip label={t`O papel deste acesso não permite reprocessar`}>
              <Button size="xs" disabled aria-label={t`Reprocessar ${name} (não permitido para este papel)`}>
                <Trans>Reprocessar</Trans>
              </Button>
            </Tooltip>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

/** The organization's failed files, why each failed (in Portuguese, and where), reprocessing, the workflow. */
export function FailedFilesPanel({ role, onGrantEnded }: { role: string; onGrantEnded: () => void }) {
  const { t, i18n } = useLingui();
  const locale = useLocale();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ConsoleFailedFilesQuery, variables: { first: 50 } });
  const [reprocessing, reprocess] = useMutation(ConsoleReprocessFileMutation);
  const [requested, setRequested] = useState<{ name: string; at: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const files = useMemo(() => data?.files.edges.map((e) => e.node) ?? [], [data]);
  const links = useWorkflowLinks(files.map((f) => f.id));
  const allowed = canReprocess(role);
  const roleName = i18n._(roleLabel(role));
  const total = data?.files.totalCount ?? files.length;
  useReportGrantEnded(error ?? null, onGrantEnded);

  async function onReprocess(id: string, name: string) {
    setFailure(null);
    const result = await reprocess({ id });
    const answer = result.data?.reprocessFile;
    if (answer?.__typename === 'ReprocessFileSuccess') {
      setRequested({ name, at: formatDateTime(new Date().toISOString(), locale) });
      notifications.show({ color: 'green', message: t`Reprocessamento de ${name} solicitado.`, closeButtonProps: { 'aria-label': t`Fechar` } });
      setTimeout(() => refetch({ requestPolicy: 'network-only' }), 1500);
      return;
    }
    const code = result.error ? consoleErrorCode(result.error) : answer && 'code' in answer ? answer.code : 'INTERNAL';
    if (code === 'SUPPORT_GRANT_INACTIVE') {
      onGrantEnded();
      return;
    }
    setFailure(i18n._(consoleMessage(code)));
  }

  if (fetching && !data) return <ListLoading rows={4} />;
  if (error) {
    return <ListError message={i18n._(consoleMessage(consoleErrorCode(error)))} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  }

  return (
    <Stack gap="md">
      {!allowed && (
        <Alert color="blue" variant="light" title={t`Reprocessar exige outro papel`}>
          <Trans>
            Este acesso tem o papel {roleName}, que só lê. Para reprocessar arquivos, peça à organização um acesso com o papel Operador ou Gerente.
          </Trans>
        </Alert>
      )}
      {requested && <RequestedNotice name={requested.name} at={requested.at} onClose={() => setRequested(null)} />}
      {failure && <Alert color="red" role="alert">{failure}</Alert>}
      {files.length === 0 ? (
        <ListEmpty title={<Trans>Nenhum arquivo com falha</Trans>}>
          <Trans>Todos os arquivos desta organização foram processados ou ainda estão na fila.</Trans>
        </ListEmpty>
      ) : (
        <>
          <Text size="sm" c="dimmed"><Trans>{total} arquivo(s) com falha, os mais recentes primeiro.</Trans></Text>
          {files.map((file) => (
            <FileCard
              key={file.id}
              file={file}
              link={links.get(file.id)}
              allowed={allowed}
              busy={reprocessing.fetching && reprocessing.operation?.variables.id === file.id}
              onReprocess={() => void onReprocess(file.id, file.name)}
            />
          ))}
        </>
      )}
    </Stack>
  );
}
