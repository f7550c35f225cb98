import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';

import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { useColumnVisibility } from '../../../shared/ui/columnVisibility';
import { ColumnsMenu } from '../../documents/components/ColumnsMenu';
import { Pager } from '../../documents/components/Pager';
import { pageVariables } from '../../documents/routes';
import { TransactionsFilterOptionsQuery, TransactionsListQuery } from '../api/transactions';
import { transactionColumnLabels, TRANSACTIONS_TABLE } from '../components/columns';
import { TransactionsFilters } from '../components/TransactionsFilters';
import { TransactionsEmpty, TransactionsError, TransactionsLoading, TransactionsNoResults } from '../components/TransactionsStates';
import { TransactionsTable } from '../components/TransactionsTable';
import { useTransactionsSearch } from '../hooks/useTransactionsSearch';
import { DEFAULT_TRANSACTIONS_SEARCH, hasTransactionFilters, toTransactionFilter } from '../routes';

export function TransactionsView() {
  const { t, i18n } = useLingui();
  const [search, update] = useTransactionsSearch();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TransactionsListQuery,
    variables: { filter: toTransactionFilter(search), sort: search.sort, direction: search.dir, ...pageVariables(search) },
  });
  const [{ data: options }] = useQuery({ query: TransactionsFilterOptionsQuery });
  const labels = transactionColumnLabels(t);
  const [hidden, toggle] = useColumnVisibility(TRANSACTIONS_TABLE, labels.map((l) => l.id));
  const connection = data?.transactions;
  const paged = !!(search.after || search.before);

  let body;
  if (error && !connection) {
    body = <TransactionsError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  } else if (!connection) {
    body = <TransactionsLoading />;
  } else if (connection.edges.length === 0) {
    body = hasTransactionFilters(search) || paged ? (
      <TransactionsNoResults onClear={() => update({ ...DEFAULT_TRANSACTIONS_SEARCH })} />
    ) : (
      <TransactionsEmpty />
    );
  } else {
    const { pageInfo } = connection;
    body = (
      <Stack gap="sm">
        <TransactionsTable
          transactions={connection.edges.map((edge) => edge.node)}
          sort={search.sort}
          direction={search.dir}
          onSort={(sort, dir) => update({ sort, dir })}
          hidden={hidden}
        />
        <Pager
          count={plural(connection.totalCount, { one: '# transação', other: '# transações' })}
          first={search.first}
          onFirst={(first) => update({ first })}
          paged={paged}
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
        <Title order={1} size="h2"><Trans>Transações</Trans></Title>
        <Group gap="xs">
          {fetching && connection && <Text size="xs" c="dimmed" role="status"><Trans>Atualizando…</Trans></Text>}
          <ColumnsMenu columns={labels} hidden={hidden} onToggle={toggle} />
        </Group>
      </Group>
      <TransactionsFilters search={search} onChange={update} accounts={options?.bankAccounts ?? []} companies={options?.companies ?? []} />
      {body}
    </Stack>
  );
}
