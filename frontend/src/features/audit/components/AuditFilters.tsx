import { Trans, useLingui } from '@lingui/react/macro';
import { Button, Group, Select, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';

import type { ActorType } from '../../../gql/graphql';
import { ACTOR_TYPES, type AuditSearch } from '../routes';
import { ACTOR_LABELS } from './labels';

/** ISO → the value of a datetime-local input (the browser's local time), and back. */
function toLocalInput(iso: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string {
  return value ? new Date(value).toISOString() : '';
}

export function AuditFilters({ search, onChange }: { search: AuditSearch; onChange: (change: Partial<AuditSearch>) => void }) {
  const { t, i18n } = useLingui();
  const [draft, setDraft] = useState(search);
  const set = (change: Partial<AuditSearch>) => setDraft((d) => ({ ...d, ...change }));
  function submit(event: FormEvent) {
    event.preventDefault();
    onChange({ ...draft, entityType: draft.entityType.trim(), entityId: draft.entityId.trim(), actorId: draft.actorId.trim(), action: draft.action.trim() });
  }
  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput label={t`Tipo de entidade`} description={t`rule, user, webhook…`} value={draft.entityType} onChange={(e) => set({ entityType: e.currentTarget.value })} w={{ base: '100%', sm: 160 }} />
        <TextInput label={t`ID da entidade`} value={draft.entityId} onChange={(e) => set({ entityId: e.currentTarget.value })} w={{ base: '100%', sm: 200 }} />
        <TextInput label={t`Ação (ou começo dela)`} description={t`reconciliation. ou rule.created`} value={draft.action} onChange={(e) => set({ action: e.currentTarget.value })} w={{ base: '100%', sm: 200 }} />
        <Select label={t`Quem fez`} clearable placeholder={t`Todos`} value={draft.actorType} onChange={(value) => set({ actorType: value as ActorType | null })} data={ACTOR_TYPES.map((value) => ({ value, label: i18n._(ACTOR_LABELS[value]) }))} w={{ base: '100%', sm: 170 }} />
        <TextInput label={t`ID de quem fez`} value={draft.actorId} onChange={(e) => set({ actorId: e.currentTarget.value })} w={{ base: '100%', sm: 200 }} />
        <TextInput type="datetime-local" label={t`Desde`} value={toLocalInput(draft.since)} onChange={(e) => set({ since: fromLocalInput(e.currentTarget.value) })} w={{ base: '100%', sm: 210 }} />
        <TextInput type="datetime-local" label={t`Até (exclusive)`} value={toLocalInput(draft.until)} onChange={(e) => set({ until: fromLocalInput(e.currentTarget.value) })} w={{ base: '100%', sm: 210 }} />
        <Button type="submit"><Trans>Filtrar</Trans></Button>
      </Group>
    </form>
  );
}
