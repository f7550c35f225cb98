import { DayInput } from '../../../shared/ui/DayInput';
import { useLingui } from '@lingui/react/macro';
import { Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useRef, useState } from 'react';

import type { OpenItemStatus, TransactionType } from '../../../gql/graphql';
import { useHotkeys } from '../../../shared/hotkeys/hotkeys';
import { AmountInput } from '../../documents/components/AmountInput';
import { companyOptions, type CompanyOption } from '../../documents/components/DocumentsFilters';
import { OPEN_STATUS_LABELS } from '../../documents/components/labels';
import { TRANSACTION_STATUSES, TRANSACTION_TYPES, type TransactionsSearch } from '../routes';
import { accountLabel, TYPE_LABELS } from './labels';

export interface AccountOption {
  id: string;
  name: string;
  bankCode?: string | null;
  branch?: string | null;
  accountNumber?: string | null;
  accountDigit?: string | null;
}

interface Props {
  search: TransactionsSearch;
  onChange: (change: Partial<TransactionsSearch>) => void;
  accounts: readonly AccountOption[];
  companies: readonly CompanyOption[];
}

export function TransactionsFilters({ search, onChange, accounts, companies }: Props) {
  const { t } = useLingui();
  const [text, setText] = useState(search.q);
  const [party, setParty] = useState(search.counterparty);
  const pushText = useDebouncedCallback((q: string) => onChange({ q }), 300);
  const pushParty = useDebouncedCallback((counterparty: string) => onChange({ counterparty }), 300);
  const searchBox = useRef<HTMLInputElement>(null);
  useHotkeys([{ key: '/', run: () => searchBox.current?.focus() }]);
  const rangeError = search.postedFrom && search.postedTo && search.postedTo < search.postedFrom ? t`A data final é anterior à inicial.` : undefined;

  return (
    <Group align="flex-start" gap="sm" wrap="wrap">
      <TextInput
        ref={searchBox}
        label={t`Buscar`}
        description={t`Histórico ou nome (atalho: /)`}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          pushText(event.currentTarget.value);
        }}
        w={{ base: '100%', sm: 260 }}
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
        data={TRANSACTION_STATUSES.map((value) => ({ value, label: t(OPEN_STATUS_LABELS[value]) }))}
        value={search.status}
        onChange={(value) => onChange({ status: value as OpenItemStatus[] })}
        clearable
        w={{ base: '100%', sm: 210 }}
      />
      <MultiSelect
        label={t`Tipo`}
        data={TRANSACTION_TYPES.map((value) => ({ value, label: t(TYPE_LABELS[value]) }))}
        value={search.type}
        onChange={(value) => onChange({ type: value as TransactionType[] })}
        clearable
        w={{ base: '100%', sm: 200 }}
      />
      <Select
        label={t`Conta`}
        data={accounts.map((a) => ({ value: a.id, label: accountLabel(a) }))}
        value={search.account || null}
        onChange={(value) => onChange({ account: value ?? '' })}
        clearable
        w={{ base: '100%', sm: 240 }}
      />
      {companies.length > 1 && (
        <Select
          label={t`Empresa`}
          data={companyOptions(companies)}
          value={search.company || null}
          onChange={(value) => onChange({ company: value ?? '' })}
          clearable
          w={{ base: '100%', sm: 240 }}
        />
      )}
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <DayInput
          label={t`De`}
          value={search.postedFrom}
          onChange={(day) => onChange({ postedFrom: day })}
          w={{ base: '46%', sm: 160 }}
        />
        <DayInput
          label={t`Até`}
          value={search.postedTo}
          onChange={(day) => onChange({ postedTo: day })}
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
