import { DayInput } from '../../../shared/ui/DayInput';
import { useLingui } from '@lingui/react/macro';
import { Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useRef, useState } from 'react';

import type { Direction, DocumentKind, DocumentStatus, OpenItemStatus } from '../../../gql/graphql';
import { formatTaxId } from '../../../shared/format';
import { useHotkeys } from '../../../shared/hotkeys/hotkeys';
import { DIRECTIONS, DOCUMENT_KINDS, DOCUMENT_STATUSES, OPEN_STATUSES, type DocumentsSearch } from '../routes';
import { AmountInput } from './AmountInput';
import { STATUS_LABELS } from './columns';
import { DIRECTION_LABELS, KIND_LABELS, OPEN_STATUS_LABELS } from './labels';

export interface CompanyOption {
  id: string;
  cnpj: string;
  legalName: string;
  tradeName?: string | null;
}

interface Props {
  search: DocumentsSearch;
  onChange: (change: Partial<DocumentsSearch>) => void;
  companies: readonly CompanyOption[];
}

export function companyOptions(companies: readonly CompanyOption[]) {
  return companies.map((c) => ({ value: c.id, label: `${c.tradeName || c.legalName} · ${formatTaxId(c.cnpj)}` }));
}

export function DocumentsFilters({ search, onChange, companies }: Props) {
  const { t } = useLingui();
  const [text, setText] = useState(search.q);
  const [party, setParty] = useState(search.counterparty);
  const pushText = useDebouncedCallback((q: string) => onChange({ q }), 300);
  const pushParty = useDebouncedCallback((counterparty: string) => onChange({ counterparty }), 300);
  const searchBox = useRef<HTMLInputElement>(null);
  useHotkeys([{ key: '/', run: () => searchBox.current?.focus() }]);
  const rangeError = search.issuedFrom && search.issuedTo && search.issuedTo < search.issuedFrom ? t`A data final é anterior à inicial.` : undefined;

  return (
    <Group align="flex-start" gap="sm" wrap="wrap">
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
      {companies.length > 1 && (
        <Select
          label={t`Empresa`}
          data={companyOptions(companies)}
          value={search.company || null}
          onChange={(value) => onChange({ company: value ?? '' })}
          clearable
          w={{ base: '100%', sm: 260 }}
        />
      )}
      <MultiSelect
        label={t`Situação`}
        data={DOCUMENT_STATUSES.map((value) => ({ value, label: t(STATUS_LABELS[value]) }))}
        value={search.status}
        onChange={(value) => onChange({ status: value as DocumentStatus[] })}
        clearable
        w={{ base: '100%', sm: 200 }}
      />
      <MultiSelect
        label={t`Tipo`}
        data={DOCUMENT_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }))}
        value={search.kind}
        onChange={(value) => onChange({ kind: value as DocumentKind[] })}
        clearable
        w={{ base: '100%', sm: 170 }}
      />
      <MultiSelect
        label={t`Direção`}
        data={DIRECTIONS.map((value) => ({ value, label: t(DIRECTION_LABELS[value]) }))}
        value={search.direction}
        onChange={(value) => onChange({ direction: value as Direction[] })}
        clearable
        w={{ base: '100%', sm: 190 }}
      />
      <MultiSelect
        label={t`Parcelas`}
        description={t`Com parcela nesta situação`}
        data={OPEN_STATUSES.map((value) => ({ value, label: t(OPEN_STATUS_LABELS[value]) }))}
        value={search.open}
        onChange={(value) => onChange({ open: value as OpenItemStatus[] })}
        clearable
        w={{ base: '100%', sm: 210 }}
      />
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <DayInput
          label={t`Emitido de`}
          value={search.issuedFrom}
          onChange={(day) => onChange({ issuedFrom: day })}
          w={{ base: '46%', sm: 160 }}
        />
        <DayInput
          label={t`Emitido até`}
          value={search.issuedTo}
          onChange={(day) => onChange({ issuedTo: day })}
          error={rangeError}
          w={{ base: '46%', sm: 160 }}
        />
      </Group>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <AmountInput label={t`Valor mínimo`} value={search.amountMin} onChange={(amountMin) => onChange({ amountMin })} error={t`Valor inválido`} />
        <AmountInput label={t`Valor máximo`} value={search.amountMax} onChange={(amountMax) => onChange({ amountMax })} error={t`Valor inválido`} />
      </Group>
    </Group>
  );
}
