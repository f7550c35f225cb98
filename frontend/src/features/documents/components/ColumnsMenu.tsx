import { Trans, useLingui } from '@lingui/react/macro';
import { Button, Checkbox, Popover, Stack } from '@mantine/core';

interface Props {
  columns: { id: string; label: string }[];
  hidden: readonly string[];
  onToggle: (id: string, visible: boolean) => void;
}

/** Show or hide a table's columns (the first, the row's link, stays). */
export function ColumnsMenu({ columns, hidden, onToggle }: Props) {
  const { t } = useLingui();
  return (
    <Popover position="bottom-end" withinPortal shadow="md">
      <Popover.Target>
        <Button size="xs" variant="default"><Trans>Colunas</Trans></Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6} role="group" aria-label={t`Colunas visíveis`}>
          {columns.map((column, index) => (
            <Checkbox
              key={column.id}
              label={column.label}
              checked={!hidden.includes(column.id)}
              disabled={index === 0}
              onChange={(event) => onToggle(column.id, event.currentTarget.checked)}
            />
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
