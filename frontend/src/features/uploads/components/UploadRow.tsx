import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Badge, Group, List, Paper, Progress, Stack, Text } from '@mantine/core';

import { formatBytes } from '../../../shared/format/bytes';
import { useLocale } from '../../../shared/i18n/useLocale';
import type { TrackedUpload } from '../hooks/uploadTracker';
import { describeLocation, failureMessage, warningMessage } from './fileMessages';
import { STAGE_COLORS, STAGE_LABELS } from './stageLabels';

/** The bar under a row: bytes while sending, members while an archive is read, then full. */
function RowProgress({ row }: { row: TrackedUpload }) {
  const { t } = useLingui();
  const locale = useLocale();
  const name = row.name;
  if (row.stage === 'queued') return <Progress value={0} size="sm" aria-label={t`Progresso do envio de ${name}`} />;
  if (row.stage === 'sending') {
    const percent = row.size ? Math.round((row.sentBytes / row.size) * 100) : 100;
    const sent = formatBytes(row.sentBytes, locale);
    const total = formatBytes(row.size, locale);
    return (
      <Stack gap={2}>
        <Progress value={percent} size="sm" aria-label={t`Progresso do envio de ${name}`} />
        <Text size="xs" c="dimmed">
          <Trans>{sent} de {total} enviados ({percent} %)</Trans>
        </Text>
      </Stack>
    );
  }
  if (row.stage === 'uploaded' || row.stage === 'processing') {
    const members = row.members;
    const done = row.membersDone;
    const percent = members ? Math.round((done / members) * 100) : 100;
    return (
      <Stack gap={2}>
        <Progress value={percent} size="sm" striped animated aria-label={t`Progresso do processamento de ${name}`} />
        {members > 0 && (
          <Text size="xs" c="dimmed">
            <Trans>{done} de {members} itens do arquivo compactado lidos</Trans>
          </Text>
        )}
      </Stack>
    );
  }
  const failed = row.stage === 'failed' || row.stage === 'refused';
  return <Progress value={100} size="sm" color={failed ? 'red.8' : 'teal.8'} aria-label={t`${name}: terminado`} />;
}

const SHOWN = 8;
const BREAK = { overflowWrap: 'anywhere' } as const;

/** One persistent row per uploaded file, from the first byte to done. */
export function UploadRow({ row }: { row: TrackedUpload }) {
  const { t, i18n } = useLingui();
  const locale = useLocale();
  const allFailures = row.memberProblems.filter((p) => p.severity === 'failure');
  const allWarnings = row.memberProblems.filter((p) => p.severity === 'warning');
  // A big archive can carry hundreds: the first few here, the rest in the files list.
  const failures = allFailures.slice(0, SHOWN);
  const memberWarnings = allWarnings.slice(0, SHOWN);
  const hiddenFailures = allFailures.length - failures.length;
  const hiddenWarnings = allWarnings.length - memberWarnings.length;
  const counted = row.stage === 'processed' || row.stage === 'failed' || row.stage === 'processing';
  return (
    <Paper withBorder p="sm" component="li" aria-label={row.name} data-stage={row.stage} style={{ listStyle: 'none' }}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={600} size="sm" style={BREAK}>{row.name}</Text>
            <Text size="xs" c="dimmed">
              {formatBytes(row.size, locale)}
              {row.kind ? ` · ${row.kind.toUpperCase()}` : ''}
            </Text>
          </Stack>
          <Group gap={6} wrap="nowrap">
            {row.duplicate && <Badge color="gray.7" variant="outline" size="sm" style={{ minWidth: 'max-content' }}><Trans>Já enviado antes</Trans></Badge>}
            {row.via === 'polling' && !row.done && (
              <Badge color="gray.7" variant="outline" size="sm" style={{ minWidth: 'max-content' }} title={t`A conexão em tempo real caiu; consultando a cada poucos segundos`}>
                <Trans>Consultando</Trans>
              </Badge>
            )}
            <Badge color={STAGE_COLORS[row.stage]} variant="dot" size="sm" data-testid="stage" style={{ minWidth: 'max-content' }}>
              {i18n._(STAGE_LABELS[row.stage])}
            </Badge>
          </Group>
        </Group>
        <RowProgress row={row} />
        {row.duplicate && (
          <Text size="xs" c="dimmed">
            <Trans>Este arquivo já tinha sido enviado: mostramos o que foi lido dele, sem duplicar nada.</Trans>
          </Text>
        )}
        {counted && (
          <Text size="sm" data-testid="counts">
            {plural(row.documents, { 0: '# documentos', one: '# documento', other: '# documentos' })}
            {' · '}
            {plural(row.transactions, { 0: '# transações', one: '# transação', other: '# transações' })}
            {row.errors > 0 && <>{' · '}<Text span c="red.9" size="sm">{plural(row.errors, { 0: '# erros', one: '# erro', other: '# erros' })}</Text></>}
          </Text>
        )}
        {row.failure && (
          <Alert color="red" variant="light" p="xs" role="alert" title={failureMessage(i18n, row.failure.code)}>
            {describeLocation(i18n, row.failure.location, row.name) && (
              <Text size="xs">{describeLocation(i18n, row.failure.location, row.name)}</Text>
            )}
          </Alert>
        )}
        {failures.length > 0 && (
          <Stack gap={2}>
            <Text size="sm" fw={600} c="red.9">
              {plural(allFailures.length, { 0: '# itens com erro:', one: '# item com erro:', other: '# itens com erro:' })}
            </Text>
            <List size="sm" spacing={2}>
              {failures.map((p) => (
                <List.Item key={`${p.id}-${p.code}`} style={BREAK}>
                  <Text span size="sm" fw={500}>{p.name}</Text>
                  {': '}
                  <Text span size="sm">{failureMessage(i18n, p.code)}</Text>
                  {describeLocation(i18n, p.location, p.name) && (
                    <Text span size="xs" c="dimmed">{` (${describeLocation(i18n, p.location, p.name)})`}</Text>
                  )}
                </List.Item>
              ))}
            </List>
            {hiddenFailures > 0 && <Text size="xs" c="dimmed"><Trans>e mais {hiddenFailures} itens com erro</Trans></Text>}
          </Stack>
        )}
        {(row.warnings.length > 0 || memberWarnings.length > 0) && (
          <Stack gap={2}>
            <Text size="sm" fw={600}><Trans>Avisos:</Trans></Text>
            <List size="sm" spacing={2}>
              {row.warnings.map((w, index) => (
                <List.Item key={`own-${index}`} style={BREAK}>
                  <Text span size="sm">{warningMessage(i18n, w.code)}</Text>
                  {describeLocation(i18n, w.location, row.name) && (
                    <Text span size="xs" c="dimmed">{` (${describeLocation(i18n, w.location, row.name)})`}</Text>
                  )}
                </List.Item>
              ))}
              {memberWarnings.map((w, index) => (
                <List.Item key={`m-${w.id}-${index}`} style={BREAK}>
                  <Text span size="sm" fw={500}>{w.name}</Text>
                  {': '}
                  <Text span size="sm">{warningMessage(i18n, w.code)}</Text>
                </List.Item>
              ))}
            </List>
            {hiddenWarnings > 0 && <Text size="xs" c="dimmed"><Trans>e mais {hiddenWarnings} avisos</Trans></Text>}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** The rows of this session's uploads, newest first. */
export function UploadList({ rows }: { rows: readonly TrackedUpload[] }) {
  const { t } = useLingui();
  if (!rows.length) return null;
  return (
    <Stack component="ul" gap="xs" p={0} m={0} aria-label={t`Envios desta sessão`}>
      {rows.map((row) => <UploadRow key={row.key} row={row} />)}
    </Stack>
  );
}
