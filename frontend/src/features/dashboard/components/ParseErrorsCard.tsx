import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Paper, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import { formatPercent, percentOf } from '../../../shared/format/decimal';
import { useLocale } from '../../../shared/i18n/useLocale';
import { failureMessage } from '../../uploads/components/fileMessages';
import { FILE_KINDS, uploadsPaths } from '../../uploads/routes';

export interface ParseErrorInput {
  kind: string;
  files: number;
  failed: number;
  rate: string;
  topErrorCode: string | null;
}

/** Per kind of file: how many were read, how many failed, and the most frequent reason. */
export function ParseErrorsCard({ rows }: { rows: readonly ParseErrorInput[] }) {
  const { t, i18n } = useLingui();
  const locale = useLocale();
  const kindFilter = (kind: string) => (FILE_KINDS.includes(kind) ? [kind] : []);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="parse-title">
      <Title order={2} size="h4" id="parse-title" mb="sm"><Trans>Erros de leitura por tipo</Trans></Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed"><Trans>Nenhum arquivo lido ainda.</Trans></Text>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table fz="sm" verticalSpacing={4} striped>
            <Table.Caption className="visually-hidden">{t`Arquivos lidos e com falha por tipo`}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th><Trans>Tipo</Trans></Table.Th>
                <Table.Th ta="right"><Trans>Arquivos</Trans></Table.Th>
                <Table.Th ta="right"><Trans>Com falha</Trans></Table.Th>
                <Table.Th><Trans>Motivo mais comum</Trans></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => {
                const rate = percentOf(String(row.failed), String(row.files));
                return (
                  <Table.Tr key={row.kind}>
                    <Table.Td>{row.kind.toUpperCase()}</Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      <Anchor component={Link} to={uploadsPaths.index({ kind: kindFilter(row.kind) })} fz="sm">{row.files}</Anchor>
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      <Anchor component={Link} to={uploadsPaths.index({ kind: kindFilter(row.kind), status: ['FAILED'] })} fz="sm" c={row.failed ? 'red.9' : undefined}>
                        {row.failed}
                        {rate ? ` (${formatPercent(rate, locale)})` : ''}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {row.topErrorCode ? <Text fz="xs">{failureMessage(i18n, row.topErrorCode)}</Text> : <Text span c="dimmed" fz="sm">—</Text>}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
