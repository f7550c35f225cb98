import { Trans, useLingui } from '@lingui/react/macro';
import { Badge, Button, Drawer, Group, Stack, Text } from '@mantine/core';

import { formatDateTime } from '../../../shared/format';
import { useHotkeyLayer } from '../../../shared/hotkeys/hotkeys';
import { useLocale } from '../../../shared/i18n/useLocale';
import type { HistoryEntry, HistoryKind } from '../hooks/useReviewHistory';
import { KeyHint } from './KeyHint';

interface Props {
  opened: boolean;
  entries: HistoryEntry[];
  onClose: () => void;
  onUndo: (entry: HistoryEntry) => void;
  busy: boolean;
}

/** The tab's last decisions, newest first; each one (a bulk one as a whole) can be undone. */
export function HistoryDrawer({ opened, entries, onClose, onUndo, busy }: Props) {
  const { t } = useLingui();
  const locale = useLocale();
  useHotkeyLayer('review-dialog', opened);
  const kinds: Record<HistoryKind, string> = {
    accept: t`Aceita`,
    reject: t`Rejeitada`,
    match: t`Conciliação manual`,
    unmatch: t`Desconciliada`,
    bulk: t`Aceite em lote`,
  };
  const firstOpen = entries.find((e) => !e.undone)?.key;
  return (
    <Drawer closeButtonProps={{ 'aria-label': t`Fechar` }} opened={opened} onClose={onClose} position="right" title={<Trans>Histórico de decisões</Trans>}>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed"><Trans>Nenhuma decisão nesta sessão ainda.</Trans></Text>
      ) : (
        <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {entries.map((entry) => (
            <Group key={entry.key} component="li" justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Group gap={4}>
                  <Badge size="sm" variant="outline" color="indigo.9">{kinds[entry.kind]}</Badge>
                  {entry.undone && <Badge size="sm" variant="outline" color="gray.8"><Trans>Desfeita</Trans></Badge>}
                </Group>
                <Text size="sm" truncate>{entry.label}</Text>
                <Text size="xs" c="dimmed">{formatDateTime(entry.at, locale)}</Text>
              </Stack>
              {!entry.undone && (
                <Button
                  size="xs"
                  variant="light"
                  disabled={busy}
                  onClick={() => onUndo(entry)}
                  rightSection={entry.key === firstOpen ? <KeyHint command="undo" /> : undefined}
                >
                  {entry.kind === 'bulk' ? <Trans>Desfazer lote</Trans> : <Trans>Desfazer</Trans>}
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      )}
    </Drawer>
  );
}
