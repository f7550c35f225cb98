import { Trans } from '@lingui/react/macro';
import { Table, Text } from '@mantine/core';

import { diffEntries, showValue } from './diff';

/** Before → after of one entry, field by field. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const lines = diffEntries(before, after);
  if (!lines.length) return <Text size="sm" c="dimmed"><Trans>Sem detalhes registrados.</Trans></Text>;
  return (
    <Table fz="xs" withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th><Trans>Campo</Trans></Table.Th>
          <Table.Th><Trans>Antes</Trans></Table.Th>
          <Table.Th><Trans>Depois</Trans></Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((line) => (
          <Table.Tr key={line.path}>
            <Table.Td><Text span ff="monospace" fz="xs">{line.path}</Text></Table.Td>
            <Table.Td style={{ wordBreak: 'break-word' }}>
              {line.kind === 'added' ? <Text span c="dimmed" fz="xs">—</Text> : <Text span fz="xs" c="red.9" td={line.kind === 'removed' ? 'line-through' : undefined}>{showValue(line.before)}</Text>}
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-word' }}>
              {line.kind === 'removed' ? <Text span c="dimmed" fz="xs">—</Text> : <Text span fz="xs" c="teal.9" fw={600}>{showValue(line.after)}</Text>}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
