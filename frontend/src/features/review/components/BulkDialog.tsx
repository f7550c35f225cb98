import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Button, Group, List, Loader, Modal, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import { formatMoney } from '../../../shared/format';
import { useHotkeyLayer } from '../../../shared/hotkeys/hotkeys';
import { useLocale } from '../../../shared/i18n/useLocale';
import { bandLabel, cumulativeBands, type Band } from '../lib/bands';
import { reviewMessage } from '../lib/errors';

export interface BulkOutcome {
  decided: number;
  skipped: { id: string; code: string }[];
  batchIds: string[];
  /** A code when the whole action failed. */
  error: string | null;
}

interface Props {
  opened: boolean;
  bands: Band[] | null;
  bandsError: string | null;
  onClose: () => void;
  onAccept: (minScore: string, onProgress: (done: number) => void) => Promise<BulkOutcome>;
  onUndo: (batchIds: string[]) => Promise<void>;
}

/** "Accept all ≥ N %": the count and money per band first, then the result and an undo of the whole batch. */
export function BulkDialog({ opened, bands, bandsError, onClose, onAccept, onUndo }: Props) {
  const { t, i18n } = useLingui();
  const locale = useLocale();
  useHotkeyLayer('review-dialog', opened);
  const cumulative = cumulativeBands(bands ?? []);
  const [floor, setFloor] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState(0);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const [undone, setUndone] = useState(false);
  const chosen = cumulative.find((b) => b.minScore === floor) ?? cumulative[0] ?? null;

  function close() {
    setOutcome(null);
    setUndone(false);
    setProgress(0);
    onClose();
  }

  async function run() {
    if (!chosen) return;
    setRunning(true);
    const result = await onAccept(chosen.minScore, setProgress);
    setRunning(false);
    setOutcome(result);
  }

  const grouped = new Map<string, number>();
  for (const s of outcome?.skipped ?? []) grouped.set(s.code, (grouped.get(s.code) ?? 0) + 1);

  return (
    <Modal closeButtonProps={{ 'aria-label': t`Fechar` }} opened={opened} onClose={close} title={<Trans>Aceitar em lote por faixa de confiança</Trans>} size="lg" centered>
      {bandsError ? (
        <Alert color="red" role="alert">{bandsError}</Alert>
      ) : !bands ? (
        <Group gap="xs"><Loader size="xs" /><Text size="sm"><Trans>Contando…</Trans></Text></Group>
      ) : outcome ? (
        <Stack gap="sm">
          {outcome.error ? (
            <Alert color="red" role="alert">{i18n._(reviewMessage(outcome.error))}</Alert>
          ) : (
            <Alert color="teal" role="status">
              {plural(outcome.decided, { one: '# sugestão aceita', other: '# sugestões aceitas' })}
              {outcome.skipped.length > 0 && ` · ${plural(outcome.skipped.length, { one: '# ignorada', other: '# ignoradas' })}`}
            </Alert>
          )}
          {grouped.size > 0 && (
            <List size="sm">
              {[...grouped].map(([code, n]) => (
                <List.Item key={code}>{n} · {i18n._(reviewMessage(code))}</List.Item>
              ))}
            </List>
          )}
          <Group justify="flex-end" gap="xs">
            {outcome.batchIds.length > 0 && !undone && (
              <Button
                variant="light"
                color="red"
                onClick={async () => {
                  await onUndo(outcome.batchIds);
                  setUndone(true);
                }}
              >
                <Trans>Desfazer este lote</Trans>
              </Button>
            )}
            {undone && <Text size="sm" role="status"><Trans>Lote desfeito.</Trans></Text>}
            <Button onClick={close} data-autofocus><Trans>Fechar</Trans></Button>
          </Group>
        </Stack>
      ) : cumulative.length === 0 ? (
        <Text size="sm"><Trans>Nenhuma sugestão na fila com estes filtros.</Trans></Text>
      ) : (
        <Stack gap="sm">
          <Radio.Group value={chosen?.minScore ?? null} onChange={setFloor} label={t`Faixa`}>
            <Stack gap={6} mt={6}>
              {cumulative.map((band) => {
                const label = bandLabel(band.minScore, locale);
                const count = plural(band.count, { one: '# item', other: '# itens' });
                const money = formatMoney(band.amount, locale);
                return <Radio key={band.minScore} value={band.minScore} label={t`${label}: ${count}, ${money}`} />;
              })}
            </Stack>
          </Radio.Group>
          {chosen && <Preview band={chosen} />}
          <Text size="xs" c="dimmed"><Trans>Cada uma é conferida de novo no servidor; as que mudaram são ignoradas e listadas. Todo o lote pode ser desfeito.</Trans></Text>
          <Group justify="flex-end" gap="xs">
            {running && <Text size="sm" role="status"><Trans>Aceitando… {progress}</Trans></Text>}
            <Button variant="default" onClick={close} disabled={running}><Trans>Cancelar</Trans></Button>
            <Button onClick={() => void run()} loading={running} disabled={!chosen}>
              <Trans>Aceitar</Trans>
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function Preview({ band }: { band: Band }) {
  const { t } = useLingui();
  const locale = useLocale();
  const label = bandLabel(band.minScore, locale);
  const count = plural(band.count, { one: '# item', other: '# itens' });
  const money = formatMoney(band.amount, locale);
  return (
    <Text fw={700} aria-live="polite">
      {t`Aceitar todas ${label}: ${count}, ${money}`}
    </Text>
  );
}
