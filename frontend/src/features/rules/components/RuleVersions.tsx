import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Badge, Code, Paper, Stack, Text } from '@mantine/core';

import { DateCell } from '../../../shared/ui/cells';

export interface RuleVersionRow {
  version: number;
  change: string;
  name: string;
  description: string;
  priority: number;
  isActive: boolean;
  definition: unknown;
  changedBy?: string | null;
  createdAt: string;
}

const CHANGE_LABELS: Record<string, MessageDescriptor> = {
  created: msg`criada`,
  updated: msg`alterada`,
  deleted: msg`excluída`,
};

/** What differs between a version and the one before it, in words. */
export function versionDifferences(current: RuleVersionRow, previous: RuleVersionRow | undefined): MessageDescriptor[] {
  if (!previous) return [];
  const out: MessageDescriptor[] = [];
  if (current.name !== previous.name) out.push(msg`nome`);
  if (current.description !== previous.description) out.push(msg`descrição`);
  if (current.priority !== previous.priority) out.push(msg`prioridade`);
  if (current.isActive !== previous.isActive) out.push(current.isActive ? msg`ativada` : msg`desativada`);
  const before = (previous.definition ?? {}) as { when?: unknown; then?: unknown };
  const after = (current.definition ?? {}) as { when?: unknown; then?: unknown };
  if (JSON.stringify(before.when) !== JSON.stringify(after.when)) out.push(msg`condições`);
  if (JSON.stringify(before.then) !== JSON.stringify(after.then)) out.push(msg`ação`);
  return out;
}

/** Every saved state, newest first: who, when, what changed. */
export function RuleVersions({ versions, people }: { versions: readonly RuleVersionRow[]; people: ReadonlyMap<string, string> }) {
  const { t } = useLingui();
  return (
    <Stack gap="sm">
      {versions.map((version, index) => {
        const previous = versions[index + 1];
        const differences = versionDifferences(version, previous).map((d) => t(d));
        const who = version.changedBy ? (people.get(version.changedBy) ?? t`outra pessoa ou cliente de API`) : t`sistema`;
        const number = version.version;
        const known = CHANGE_LABELS[version.change];
        const change = known ? t(known) : version.change;
        const list = differences.join(', ');
        return (
          <Paper key={version.version} withBorder p="sm">
            <Stack gap={4}>
              <Text size="sm" fw={600}>{t`Versão ${number}: ${change}`}</Text>
              <Text size="sm" c="dimmed">
                {who} · <DateCell value={version.createdAt} kind="datetime" />
              </Text>
              {differences.length > 0 && <Text size="sm"><Trans>Mudou: {list}</Trans></Text>}
              {!version.isActive && <Badge size="xs" variant="default"><Trans>inativa</Trans></Badge>}
              <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{JSON.stringify(version.definition, null, 2)}</Code>
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
