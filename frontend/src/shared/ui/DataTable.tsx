import { Table, UnstyledButton } from '@mantine/core';
import { tableFeatures, useTable, type ColumnDef, type RowData } from '@tanstack/react-table';
import type { ReactNode } from 'react';

export const dataTableFeatures = tableFeatures({});
export type DataColumn<TData extends RowData> = ColumnDef<typeof dataTableFeatures, TData>;

export interface ServerSort<TSortKey extends string> {
  /** Column id → the API's sort key, for the columns the server can sort by. */
  keys: Partial<Record<string, TSortKey>>;
  current: TSortKey;
  direction: 'ASC' | 'DESC';
  onChange: (key: TSortKey, direction: 'ASC' | 'DESC') => void;
}

interface Props<TData extends RowData, TSortKey extends string> {
  data: TData[];
  columns: DataColumn<TData>[];
  caption: ReactNode;
  getRowId: (row: TData) => string;
  sort?: ServerSort<TSortKey>;
}

/**
 * A dense Mantine table over TanStack Table (v9: `useTable` + `tableFeatures`). Sorting
 * and paging are the server's (URL state), so the table only renders.
 */
export function DataTable<TData extends RowData, TSortKey extends string>({ data, columns, caption, getRowId, sort }: Props<TData, TSortKey>) {
  const table = useTable({ features: dataTableFeatures, columns, data, getRowId: (row) => getRowId(row) });
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing={6} fz="sm">
        <Table.Caption className="visually-hidden">{caption}</Table.Caption>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const key = sort?.keys[header.column.id];
                const active = !!sort && key === sort.current;
                const label = header.isPlaceholder ? null : <table.FlexRender header={header} />;
                return (
                  <Table.Th key={header.id} aria-sort={active ? (sort.direction === 'ASC' ? 'ascending' : 'descending') : undefined}>
                    {sort && key ? (
                      <UnstyledButton
                        fw={600}
                        fz="sm"
                        onClick={() => sort.onChange(key, active && sort.direction === 'DESC' ? 'ASC' : 'DESC')}
                      >
                        {label} {active ? (sort.direction === 'ASC' ? '▲' : '▼') : ''}
                      </UnstyledButton>
                    ) : (
                      label
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id}>
              {row.getAllCells().map((cell) => (
                <Table.Td key={cell.id}>
                  <table.FlexRender cell={cell} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
