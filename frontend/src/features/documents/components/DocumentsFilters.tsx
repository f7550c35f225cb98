import { useLingui } from '@lingui/react/macro';
import { Group, MultiSelect, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useRef, useState } from 'react';

import type { Direction, DocumentKind, DocumentStatus } from '../../../gql/graphql';
import { useHotkeys } from '../../../shared/hotkeys/hotkeys';
import { DIRECTIONS, DOCUMENT_KINDS, DOCUMENT_STATUSES, type DocumentsSearch } from '../routes';
import { STATUS_LABELS } from './columns';

interface Props {
  search: DocumentsSearch;
  onChange: (change: Partial<DocumentsSearch>) => void;
}

export function DocumentsFilters({ search, onChange }: Props) {
  const { t } = useLingui();
  const [text, setText] = useState(search.q);
  const [party, setParty] = useState(search.counterparty);
  const pushText = useDebouncedCallback((q: string) => onChange({ q }), 300);
  const pushParty = useDebouncedCallback((counterparty: string) => onChange({ counterparty }), 300);
  const searchBox = useRef<HTMLInputElement>(null);
  useHotkeys([{ key: '/', run: () => searchBox.current?.focus() }]);

  const directionLabels: Record<Direction, string> = {
    RECEIVABLE: t`A receber`,
    PAYABLE: t`A pagar`,
    UNKNOWN: t`Indefinida`,
  };

  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <TextInput
        ref={searchBox}
        label={t`Buscar`}
        description={t`Número, chave de acesso ou nome (atalho: /)`}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          pushText(event.currentTarget.value);
        }}
        w={{ base: '100%', sm: 280 }}
        type="search"
      />
      <TextInput
        label={t`Contraparte`}
        description={t`CNPJ, CPF ou parte do nome`}
        value={party}
        onChange={(event) => {
          setParty(event.currentTarget.value);
          pushParty(event.currentTarget.value);
        }}
        w={{ base: '100%', sm: 220 }}
      />
      <MultiSelect
        label={t`Situação`}
        data={DOCUMENT_STATUSES.map((value) => ({ value, label: t(STATUS_LABELS[value]) }))}
        value={search.status}
        onChange={(value) => onChange({ status: value as DocumentStatus[] })}
        clearable
        w={{ base: '100%', sm: 220 }}
      />
      <MultiSelect
        label={t`Tipo`}
        data={DOCUMENT_KINDS.map((value) => ({ value, label: value }))}
        value={search.kind}
        onChange={(value) => onChange({ kind: value as DocumentKind[] })}
        clearable
        w={{ base: '100%', sm: 180 }}
      />
      <MultiSelect
        label={t`Direção`}
        data={DIRECTIONS.map((value) => ({ value, label: directionLabels[value] }))}
        value={search.direction}
        onChange={(value) => onChange({ direction: value as Direction[] })}
        clearable
        w={{ base: '100%', sm: 200 }}
      />
    </Group>
  );
}
