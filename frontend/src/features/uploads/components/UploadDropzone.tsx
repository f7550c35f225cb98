import '@mantine/dropzone/styles.css';

import { Trans, useLingui } from '@lingui/react/macro';
import { Group, Stack, Text } from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';

/** What we read; extensions matter more than MIME types here (.ret and .ofx have none). */
export const ACCEPT: Record<string, string[]> = {
  'application/xml': ['.xml'],
  'text/xml': ['.xml'],
  'application/pdf': ['.pdf'],
  'application/zip': ['.zip'],
  'application/x-zip-compressed': ['.zip'],
  'application/x-ofx': ['.ofx'],
  'application/vnd.intu.qfx': ['.ofx', '.qfx'],
  'text/plain': ['.txt', '.ret', '.ofx'],
  'text/csv': ['.csv'],
  'application/octet-stream': ['.ret', '.ofx', '.zip'],
};

interface Props {
  onFiles: (files: File[]) => void;
  onReject: (rejections: FileRejection[]) => void;
  disabled?: boolean;
}

/** Many files and zips at once; the server tells each file's kind by its bytes. */
export function UploadDropzone({ onFiles, onReject, disabled }: Props) {
  const { t } = useLingui();
  return (
    <Dropzone
      onDrop={onFiles}
      onReject={onReject}
      accept={ACCEPT}
      multiple
      disabled={disabled}
      aria-label={t`Escolher arquivos para enviar`}
      p="lg"
    >
      <Group justify="center" mih={110} style={{ pointerEvents: 'none' }}>
        <Stack gap={4} align="center" ta="center">
          <Text size="lg" fw={600}>
            <Dropzone.Accept><Trans>Solte para enviar</Trans></Dropzone.Accept>
            <Dropzone.Reject><Trans>Algum arquivo não é de um tipo aceito</Trans></Dropzone.Reject>
            <Dropzone.Idle><Trans>Arraste arquivos aqui ou clique para escolher</Trans></Dropzone.Idle>
          </Text>
          <Text size="sm" c="dimmed">
            <Trans>XML de NF-e, NFC-e, NFS-e e CT-e, PDF de DANFE, extratos OFX, retornos CNAB (.ret, .txt), CSV e arquivos ZIP com tudo isso — vários de uma vez.</Trans>
          </Text>
        </Stack>
      </Group>
    </Dropzone>
  );
}
