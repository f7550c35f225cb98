import { Trans, useLingui } from '@lingui/react/macro';
import { Modal, Table, Text } from '@mantine/core';

import { useHotkeyLayer } from '../../../shared/hotkeys/hotkeys';
import { REVIEW_KEYMAP } from '../lib/keymap';
import { KeyHint } from './KeyHint';

/** Every key of the review screen (from the one keymap). */
export function HelpDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t, i18n } = useLingui();
  useHotkeyLayer('review-dialog', opened);
  return (
    <Modal closeButtonProps={{ 'aria-label': t`Fechar` }} opened={opened} onClose={onClose} title={<Trans>Atalhos de teclado</Trans>} centered>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th><Trans>Tecla</Trans></Table.Th>
            <Table.Th><Trans>Ação</Trans></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {REVIEW_KEYMAP.map((binding) => (
            <Table.Tr key={binding.command}>
              <Table.Td><KeyHint command={binding.command} all /></Table.Td>
              <Table.Td>{i18n._(binding.label)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed" mt="sm"><Trans>Esc fecha qualquer diálogo; Tab percorre os campos. As teclas não agem enquanto você digita.</Trans></Text>
    </Modal>
  );
}
