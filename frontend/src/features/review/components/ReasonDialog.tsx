import { Trans, useLingui } from '@lingui/react/macro';
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';

import { useHotkeyLayer } from '../../../shared/hotkeys/hotkeys';

interface Props {
  opened: boolean;
  title: ReactNode;
  confirm: ReactNode;
  onClose: () => void;
  onConfirm: (reason: string | null) => void;
}

/** Reject or unmatch with an optional reason; Enter confirms, Esc cancels. */
export function ReasonDialog({ opened, title, confirm, onClose, onConfirm }: Props) {
  const { t } = useLingui();
  const [reason, setReason] = useState('');
  useHotkeyLayer('review-dialog', opened);
  return (
    <Modal closeButtonProps={{ 'aria-label': t`Fechar` }} opened={opened} onClose={onClose} title={title} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm(reason.trim() || null);
          setReason('');
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t`Motivo (opcional)`}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            data-autofocus
            maxLength={500}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}><Trans>Cancelar</Trans></Button>
            <Button type="submit" color="red"><>{confirm}</></Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
