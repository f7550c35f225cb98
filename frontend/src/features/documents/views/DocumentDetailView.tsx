import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';

import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { downloadWithToken } from '../../../shared/http/download';
import { ListError, ListLoading, NotFound } from '../../../shared/ui/states';
import { DocumentDetailQuery } from '../api/documents';
import {
  DocumentEvents,
  DocumentFiles,
  DocumentHeader,
  DocumentInstallments,
  DocumentItems,
  DocumentReconciliations,
  DocumentWarnings,
  fileContentUrl,
} from '../components/DocumentSections';
import { documentsPaths } from '../routes';

export function DocumentDetailView() {
  const { t, i18n } = useLingui();
  const { id = '' } = useParams();
  const [{ data, error }, reexecute] = useQuery({ query: DocumentDetailQuery, variables: { id } });
  const [busy, setBusy] = useState<string | null>(null);

  async function download(fileId: string, name: string) {
    setBusy(fileId);
    const outcome = await downloadWithToken(fileContentUrl(fileId), name);
    setBusy(null);
    if (outcome !== 'ok') {
      notifications.show({
        closeButtonProps: { 'aria-label': t`Fechar aviso` },
        color: 'red',
        title: t`Não foi possível baixar`,
        message: outcome === 'not-found' ? t`O arquivo não existe mais.` : t`Tente de novo em instantes.`,
      });
    }
  }

  const back = <Anchor component={Link} to={documentsPaths.list()} size="sm"><Trans>← Documentos</Trans></Anchor>;
  if (error && !data) return <Stack>{back}<ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /></Stack>;
  if (!data) return <ListLoading rows={4} />;
  const doc = data.node;
  if (!doc || doc.__typename !== 'Document') return <Stack>{back}<NotFound /></Stack>;

  return (
    <Stack gap="md">
      {back}
      <DocumentHeader document={doc} />
      <DocumentWarnings document={doc} />
      <DocumentFiles document={doc} onDownload={(fileId, name) => void download(fileId, name)} busy={busy} />
      <DocumentInstallments document={doc} />
      <DocumentItems document={doc} />
      <DocumentEvents document={doc} />
      <DocumentReconciliations document={doc} />
    </Stack>
  );
}
