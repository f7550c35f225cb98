import { useLingui } from '@lingui/react/macro';

import { graphql, useFragment, type FragmentType } from '../../../gql';
import type { DocumentSort } from '../../../gql/graphql';
import { visibleColumns } from '../../../shared/ui/columnVisibility';
import { DataTable, type ServerSort } from '../../../shared/ui/DataTable';
import { documentColumns, SORT_BY_COLUMN } from './columns';

/** What one row shows: colocated with the table that renders it (fragment masking on). */
export const DocumentsTableFragment = graphql(`
  fragment DocumentsTable_document on Document {
    id
    kind
    accessKey
    number
    issuedAt
    status
    direction
    counterpartyDocument
    total
  }
`);

interface Props {
  documents: FragmentType<typeof DocumentsTableFragment>[];
  sort: DocumentSort;
  direction: 'ASC' | 'DESC';
  onSort: (sort: DocumentSort, direction: 'ASC' | 'DESC') => void;
  hidden?: readonly string[];
}

export function DocumentsTable({ documents, sort, direction, onSort, hidden = [] }: Props) {
  const { t } = useLingui();
  const rows = useFragment(DocumentsTableFragment, documents);
  const serverSort: ServerSort<DocumentSort> = { keys: SORT_BY_COLUMN, current: sort, direction, onChange: onSort };
  return (
    <DataTable
      data={[...rows]}
      columns={visibleColumns(documentColumns(t), hidden)}
      caption={t`Documentos fiscais`}
      getRowId={(row) => row.id}
      sort={serverSort}
    />
  );
}
