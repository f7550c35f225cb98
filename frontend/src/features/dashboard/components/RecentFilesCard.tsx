import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import { DateCell } from '../../../shared/ui/cells';
import { STATUS_COLORS, STATUS_LABELS } from '../../uploads/components/stageLabels';
import { uploadsPaths } from '../../uploads/routes';

export interface RecentFileInput {
  id: string;
  name: string;
  status: string;
  documents: number;
  transactions: number;
  errors: number;
  createdAt: string;
}

/** The latest uploads with their state; each opens the uploads list filtered to it. */
export function RecentFilesCard({ files }: { files: readonly RecentFileInput[] }) {
  const { i18n } = useLingui();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="recent-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="recent-title"><Trans>Arquivos recentes</Trans></Title>
        <Anchor component={Link} to={uploadsPaths.index()} fz="sm"><Trans>Ver todos</Trans></Anchor>
      </Group>
      {files.length === 0 ? (
        <Text size="sm" c="dimmed"><Trans>Nenhum arquivo enviado.</Trans></Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {files.map((file) => {
            const label = STATUS_LABELS[file.status];
            return (
              <Group key={file.id} component="li" justify="space-between" wrap="nowrap" gap="xs">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={uploadsPaths.index({ q: file.name })} fz="sm" truncate="end">{file.name}</Anchor>
                  <Text fz="xs" c="dimmed">
                    <DateCell value={file.createdAt} kind="datetime" />
                    {' · '}
                    {plural(file.documents, { 0: '# documentos', one: '# documento', other: '# documentos' })}
                    {', '}
                    {plural(file.transactions, { 0: '# transações', one: '# transação', other: '# transações' })}
                  </Text>
                </Stack>
                <Badge variant="dot" size="sm" color={STATUS_COLORS[file.status] ?? 'gray.7'} style={{ flexShrink: 0, minWidth: 'max-content' }}>
                  {label ? i18n._(label) : file.status}
                </Badge>
              </Group>
            );
          })}
        </Stack>
      )}
    </Paper>
  );
}
