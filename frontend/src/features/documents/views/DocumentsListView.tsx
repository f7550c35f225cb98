import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';

import type { DocumentFilterInput } from '../../../gql/graphql';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { DocumentsEmpty, DocumentsError, DocumentsLoading, DocumentsNoResults } from '../components/DocumentsStates';
import { DocumentsFilters } from '../components/DocumentsFilters';
import { DocumentsTable } from '../components/DocumentsTable';
import { DocumentsListQuery } from '../api/documents';
import { useDocumentsSearch } from '../hooks/useDocumentsSearch';
import { DEFAULT_SEARCH, hasFilters, PAGE_SIZES, type DocumentsSearch } from '../routes';

function toFilter(search: DocumentsSearch): DocumentFilterInput | null {
  const filter: DocumentFilterInput = {};
  if (search.q) filter.text = search.q;
  if (search.counterparty) filter.counterparty = search.counterparty;
  if (search.status.length) filter.status = search.status;
  if (search.kind.length) filter.kind = search.kind;
  if (search.direction.length) filter.direction = search.direction;
  return Object.keys(filter).length ? filter : null;
}

/** The reference list: URL state → query → one of loading, error, empty, no results, table. */
export function DocumentsListView() {
  const { t, i18n } = useLingui();
  const [search, update] = useDocumentsSearch();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: DocumentsListQuery,
    variables: { filter: toFilter(search), sort: search.sort, direction: search.dir, first: search.first, after: search.after },
  });
  const connection = data?.documents;

  let body;
  if (error && !connection) {
    body = <DocumentsError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  } else if (!connection) {
    body = <DocumentsLoading />;
  } else if (connection.edges.length === 0) {
    body = hasFilters(search) || search.after ? (
      <DocumentsNoResults onClear={() => update({ ...DEFAULT_SEARCH })} />
    ) : (
      <DocumentsEmpty />
    );
  } else {
    body = (
      <Stack gap="sm">
        <DocumentsTable
          documents={connection.edges.map((edge) => edge.node)}
          sort={search.sort}
          direction={search.dir}
          onSort={(sort, dir) => update({ sort, dir })}
        />
        <Group justify="space-between" wrap="wrap">
          <Text size="sm" c="dimmed" aria-live="polite">
            {plural(connection.totalCount, { one: '# documento', other: '# documentos' })}
          </Text>
          <Group gap="xs">
            <Select
              aria-label={t`Itens por página`}
              data={PAGE_SIZES.map((n) => ({ value: String(n), label: t`${n} por página` }))}
              value={String(search.first)}
              onChange={(value) => update({ first: Number(value) })}
              allowDeselect={false}
              w={150}
              size="xs"
            />
            {search.after && (
              <Button size="xs" variant="default" onClick={() => update({ after: null })}>
                <Trans>Primeira página</Trans>
              </Button>
            )}
            <Button
              size="xs"
              variant="default"
              disabled={!connection.pageInfo.hasNextPage}
              onClick={() => update({ after: connection.pageInfo.endCursor ?? null })}
            >
              <Trans>Próxima página</Trans>
            </Button>
          </Group>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2"><Trans>Documentos</Trans></Title>
        {fetching && connection && <Text size="xs" c="dimmed" role="status"><Trans>Atualizando…</Trans></Text>}
      </Group>
      <DocumentsFilters search={search} onChange={update} />
      {body}
    </Stack>
  );
}
