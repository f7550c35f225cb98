import { Group, Kbd } from '@mantine/core';

import { bindingOf, type ReviewCommand } from '../lib/keymap';

/** The key(s) of a command, as shown on its button and in the help dialog. */
export function KeyHint({ command, all = false }: { command: ReviewCommand; all?: boolean }) {
  const keys = bindingOf(command).shown;
  const shown = all ? keys : keys.slice(0, command === 'undo' ? 2 : 1);
  return (
    <Group gap={2} wrap="nowrap" component="span" aria-hidden={all ? undefined : true}>
      {shown.map((key) => (
        <Kbd key={key} size="xs">{key}</Kbd>
      ))}
    </Group>
  );
}
