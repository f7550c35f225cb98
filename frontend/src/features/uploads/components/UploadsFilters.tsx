import { useLingui } from '@lingui/react/macro';
import { Checkbox, Group, MultiSelect, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';

import type { FileStatus } from '../../../gql/graphql';
import { FILE_KINDS, FILE_STATUSES, type UploadsSearch } from '../routes';
import { STATUS_LABELS } from './stageLabels';

interface Props {
  search: UploadsSearch;
  onChange: (change: Partial<UploadsSearch>) => void;
}

export function UploadsFilters({ search, onChange }: Props) {
  const { t } = useLingui();
  const [text, setText] = useState(search.q);
  const pushText = useDebouncedCallback((q: string) => onChange({ q }), 300);
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <TextInput
        label={t`Nome do arquivo`}
        value={text}
        type="search"
        onChange={(event) => {
          setText(event.currentTarget.value);
          pushText(event.currentTarget.value);
        }}
        w={{ base: '100%', sm: 240 }}
      />
      <MultiSelect
        label={t`Situação`}
        data={FILE_STATUSES.map((value) => {
          const label = STATUS_LABELS[value.toLowerCase()];
          return { value, label: label ? t(label) : value };
        })}
        value={search.status}
        onChange={(value) => onChange({ status: value as FileStatus[] })}
        clearable
        w={{ base: '100%', sm: 240 }}
      />
      <MultiSelect
        label={t`Tipo`}
        data={FILE_KINDS.map((value) => ({ value, label: value.toUpperCase() }))}
        value={search.kind}
        onChange={(kind) => onChange({ kind })}
        clearable
        searchable
        w={{ base: '100%', sm: 220 }}
      />
      <Checkbox
        label={t`Só com erros`}
        checked={search.withErrors}
        onChange={(event) => onChange({ withErrors: event.currentTarget.checked })}
        mb={8}
      />
    </Group>
  );
}
