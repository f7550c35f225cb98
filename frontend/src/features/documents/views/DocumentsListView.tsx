import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { useColumnVisibility } from '../../../shared/ui/columnVisibility';
import { exportsPaths } from '../../exports/routes';
import { DocumentsCompaniesQuery, DocumentsListQuery } from '../api/documents';
import { ColumnsMenu } from '../components/ColumnsMenu';
import { documentColumnLabels, DOCUMENTS_TABLE } from '../components/columns';
import { DocumentsEmpty, DocumentsError, DocumentsLoading, DocumentsNoResults } from '../components/DocumentsStates';
import { DocumentsFilters } from '../components/DocumentsFilters';
import { DocumentsTable } from '../components/DocumentsTable';
import { Pager } from '../components/Pager';
import { useDocumentsSearch } from '../hooks/useDocumentsSearch';
import { DEFAULT_SEARCH, hasFilters, pageVariables, toDocumentFilter } from '../routes';

/** The reference list: URL state → query → one of loading, error, empty, no results, table. */
export function DocumentsListView() {
  const { t, i18n } = useLingui();
  const [search, update] = useDocumentsSearch();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: DocumentsListQuery,
    variables: { filter: toDocumentFilter(search), sort: search.sort, direction: search.dir, ...pageVariables(search) },
  });
  const [{ data: companies }] = useQuery({ query: DocumentsCompaniesQuery });
  const labels = documentColumnLabels(t);
  const [hidden, toggle] = useColumnVisibility(DOCUMENTS_TABLE, labels.map((l) => l.id));
  const connection = data?.documents;
  const paged = !!(search.after || search.before);
  const exportLink = exportsPaths.index({ kind: 'DOCUMENTS', documents: search });

  let body;
  if (error && !connection) {
    body = <DocumentsError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  } else if (!connection) {
    body = <DocumentsLoading />;
  } else if (connection.edges.length === 0) {
    body = hasFilters(search) || paged ? (
      <DocumentsNoResults onClear={() => update({ ...DEFAULT_SEARCH })} />
    ) : (
      <DocumentsEmpty />
    );
  } else {
    const { pageInfo } = connection;
    body = (
      <Stack gap="sm">
        <DocumentsTable
          documents={connection.edges.map((edge) => edge.node)}
          sort={search.sort}
          direction={search.dir}
          onSort={(sort, dir) => update({ sort, dir })}
          hidden={hidden}
        />
        <Pager
          count={plural(connection.totalCount, { one: '# documento', other: '# documentos' })}
          first={search.first}
          onFirst={(first) => update({ first })}
          paged={paged}
          // Going back, the server tells whether there is more before; going forward, a cursor means there is.
          hasPrevious={search.before ? pageInfo.hasPreviousPage : paged}
          hasNext={search.before ? true : pageInfo.hasNextPage}
          onStart={() => update({ after: null, before: null })}
          onPrevious={() => update({ before: pageInfo.startCursor ?? null })}
          onNext={() => update({ after: pageInfo.endCursor ?? null })}
        />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2"><Trans>Documentos</Trans></Title>
        <Group gap="xs">
          {fetching && connection && <Text size="xs" c="dimmed" role="status"><Trans>Atualizando…</Trans></Text>}
          <ColumnsMenu columns={labels} hidden={hidden} onToggle={toggle} />
          <Button size="xs" variant="default" component={Link} to={exportLink}><Trans>Exportar estes documentos</Trans></Button>
        </Group>
      </Group>
      <DocumentsFilters search={search} onChange={update} companies={companies?.companies ?? []} />
      {body}
    </Stack>
  );
}
