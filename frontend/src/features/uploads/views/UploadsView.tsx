import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import type { FileRejection } from '@mantine/dropzone';
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { useSession } from '../../../app/session';
import { useFragment as unmask } from '../../../gql';
import type { FileFilterInput } from '../../../gql/graphql';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { ListEmpty, ListError, ListLoading, ListNoResults } from '../../../shared/ui/states';
import { DataTable } from '../../../shared/ui/DataTable';
import { UploadsFileFieldsFragment, UploadsListQuery, UploadsReprocessFileMutation } from '../api/uploads';
import { fileColumns, type FileRow } from '../components/columns';
import { failureMessage } from '../components/fileMessages';
import { UploadDropzone } from '../components/UploadDropzone';
import { UploadList } from '../components/UploadRow';
import { UploadsFilters } from '../components/UploadsFilters';
import { isTerminal } from '../hooks/uploadTracker';
import { useUploadsSearch } from '../hooks/useUploadsSearch';
import { useUploadTracker } from '../hooks/useUploadTracker';
import { DEFAULT_UPLOADS_SEARCH, hasUploadsFilters, PAGE_SIZES, type UploadsSearch } from '../routes';

function toFilter(search: UploadsSearch): FileFilterInput | null {
  const filter: FileFilterInput = {};
  if (search.q) filter.text = search.q;
  if (search.status.length) filter.status = search.status;
  if (search.kind.length) filter.kind = search.kind;
  if (search.withErrors) filter.withErrors = true;
  return Object.keys(filter).length ? filter : null;
}

/** Upload (dropzone + one row per file to done) above the list of recent files. */
export function UploadsView() {
  const { t, i18n } = useLingui();
  const session = useSession();
  const canUpload = (session?.role ?? '').toLowerCase() !== 'auditor';
  const [tracker, rows] = useUploadTracker();
  const [search, update] = useUploadsSearch();
  const [rejected, setRejected] = useState<string[]>([]);
  const [reprocessing, setReprocessing] = useState<string | null>(null);
  const [reprocessError, setReprocessError] = useState<string | null>(null);
  const [{ data, error }, reexecute] = useQuery({
    query: UploadsListQuery,
    variables: { filter: toFilter(search), first: search.first, after: search.after },
  });
  const [, reprocess] = useMutation(UploadsReprocessFileMutation);

  // Refresh the list whenever one of this session's uploads reaches its end.
  const finished = rows.filter((row) => isTerminal(row.stage) && row.done).length;
  const seen = useRef(finished);
  useEffect(() => {
    if (finished !== seen.current) {
      seen.current = finished;
      reexecute({ requestPolicy: 'network-only' });
    }
  }, [finished, reexecute]);

  function onReject(rejections: FileRejection[]) {
    setRejected(rejections.map((r) => r.file.name));
  }

  async function onReprocess(row: FileRow) {
    setReprocessing(row.id);
    setReprocessError(null);
    const result = await reprocess({ id: row.id });
    setReprocessing(null);
    const answer = result.data?.reprocessFile;
    if (answer?.__typename === 'ReprocessFileSuccess') {
      tracker.follow(unmask(UploadsFileFieldsFragment, answer.file));
      reexecute({ requestPolicy: 'network-only' });
    } else {
      const code = answer && 'code' in answer ? answer.code : result.error ? errorCode(result.error) : 'INTERNAL_ERROR';
      setReprocessError(failureMessage(i18n, code));
    }
  }

  const connection = data?.files;
  const files = (connection?.edges ?? []).map((edge) => unmask(UploadsFileFieldsFragment, edge.node));
  let list;
  if (error && !connection) {
    list = <ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  } else if (!connection) {
    list = <ListLoading rows={5} />;
  } else if (files.length === 0) {
    list = hasUploadsFilters(search) || search.after ? (
      <ListNoResults onClear={() => update({ ...DEFAULT_UPLOADS_SEARCH })} />
    ) : (
      <ListEmpty title={<Trans>Nenhum arquivo enviado ainda</Trans>}>
        <Trans>Solte acima os XML, PDFs, extratos e arquivos ZIP do cliente para começar a conciliar.</Trans>
      </ListEmpty>
    );
  } else {
    list = (
      <Stack gap="sm">
        <DataTable
          data={files}
          columns={fileColumns(t, { i18n, onReprocess: (row) => void onReprocess(row), reprocessing, canUpload })}
          caption={t`Arquivos recentes`}
          getRowId={(row) => row.id}
        />
        <Group justify="space-between" wrap="wrap">
          <Text size="sm" c="dimmed">
            {plural(connection.totalCount, { 0: '# arquivos', one: '# arquivo', other: '# arquivos' })}
          </Text>
          <Group gap="xs">
            <Select
              aria-label={t`Itens por página`}
              data={PAGE_SIZES.map((n) => ({ value: String(n), label: t`${n} por página` }))}
              value={String(search.first)}
              onChange={(value) => update({ first: Number(value) })}
              allowDeselect={false}
              w={150}
              size="xs"
            />
            {search.after && (
              <Button size="xs" variant="default" onClick={() => update({ after: null })}>
                <Trans>Primeira página</Trans>
              </Button>
            )}
            <Button
              size="xs"
              variant="default"
              disabled={!connection.pageInfo.hasNextPage}
              onClick={() => update({ after: connection.pageInfo.endCursor ?? null })}
            >
              <Trans>Próxima página</Trans>
            </Button>
          </Group>
        </Group>
      </Stack>
    );
  }

  const rejectedNames = rejected.join(', ');
  const hasFinished = rows.some((row) => isTerminal(row.stage));
  return (
    <Stack gap="md">
      <Title order={1} size="h2"><Trans>Envio de arquivos</Trans></Title>
      {canUpload ? (
        <UploadDropzone
          onFiles={(accepted) => {
            setRejected([]);
            tracker.add(accepted);
          }}
          onReject={onReject}
        />
      ) : (
        <Alert color="gray"><Trans>Seu papel (auditor) permite consultar os arquivos, mas não enviar.</Trans></Alert>
      )}
      {rejected.length > 0 && (
        <Alert color="red" role="alert" title={t`Arquivos não aceitos`}>
          <Trans>Estes arquivos não são de um tipo que lemos (XML, PDF, OFX, CNAB .ret/.txt, CSV ou ZIP): {rejectedNames}</Trans>
        </Alert>
      )}
      {rows.length > 0 && (
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={2} size="h4"><Trans>Envios desta sessão</Trans></Title>
            {hasFinished && (
              <Button size="xs" variant="subtle" onClick={() => tracker.clearFinished()}>
                <Trans>Limpar concluídos</Trans>
              </Button>
            )}
          </Group>
          <UploadList rows={rows} />
        </Stack>
      )}
      <Title order={2} size="h4"><Trans>Arquivos recentes</Trans></Title>
      <UploadsFilters search={search} onChange={update} />
      {reprocessError && <Alert color="red" role="alert">{reprocessError}</Alert>}
      {list}
    </Stack>
  );
}
