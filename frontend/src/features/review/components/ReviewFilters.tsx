import { useLingui } from '@lingui/react/macro';
import { Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';

import { formatCnpj } from '../../../shared/format';
import type { ReviewSearch } from '../routes';

export interface CompanyOption {
  id: string;
  cnpj: string;
  legalName: string;
  tradeName?: string | null;
}

const SCORES = ['0', '50', '70', '80', '90', '95', '100'];

interface Props {
  search: ReviewSearch;
  companies: CompanyOption[];
  onChange: (change: Partial<ReviewSearch>) => void;
}

/** Company, counterparty and score range; all in the URL. */
export function ReviewFilters({ search, companies, onChange }: Props) {
  const { t } = useLingui();
  const [typed, setTyped] = useState(search.counterparty);
  const [debounced] = useDebouncedValue(typed, 300);
  useEffect(() => {
    if (debounced !== search.counterparty) onChange({ counterparty: debounced });
  }, [debounced]); // eslint-disable-line react-hooks/exhaustive-deps
  const scores = SCORES.map((s) => ({ value: s, label: `${s}\u00a0%` }));
  return (
    <Group gap="xs" wrap="wrap" align="flex-end">
      {companies.length > 1 && (
        <Select
          label={t`Empresa`}
          size="xs"
          clearable
          value={search.company || null}
          onChange={(value) => onChange({ company: value ?? '' })}
          data={companies.map((c) => ({ value: c.id, label: `${c.tradeName || c.legalName} (${formatCnpj(c.cnpj)})` }))}
          w={240}
        />
      )}
      <TextInput label={t`Contraparte (nome ou CNPJ/CPF)`} size="xs" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} w={220} />
      <Select label={t`Confiança mínima`} size="xs" clearable value={search.scoreMin || null} onChange={(v) => onChange({ scoreMin: v ?? '' })} data={scores} w={130} />
      <Select label={t`Confiança máxima`} size="xs" clearable value={search.scoreMax || null} onChange={(v) => onChange({ scoreMax: v ?? '' })} data={scores} w={130} />
    </Group>
  );
}
