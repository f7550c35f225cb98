import { Trans, useLingui } from '@lingui/react/macro';
import { Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { useQuery } from 'urql';

import { formatPercent, percentOf } from '../../../shared/format/decimal';
import { formatDateTime } from '../../../shared/format/dateTime';
import { formatMoney } from '../../../shared/format/money';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { useLocale } from '../../../shared/i18n/useLocale';
import { ListError } from '../../../shared/ui/states';
import { documentsPaths } from '../../documents/routes';
import { reviewPaths } from '../../review/routes';
import { transactionsPaths } from '../../transactions/routes';
import { uploadsPaths } from '../../uploads/routes';
import { DashboardOverviewQuery, DashboardSummaryQuery } from '../api/dashboard';
import { AgingCard } from '../components/AgingCard';
import { DashboardEmpty } from '../components/DashboardEmpty';
import { DashboardSkeleton, FIGURE_COLUMNS } from '../components/DashboardSkeleton';
import { FigureCard } from '../components/FigureCard';
import { ParseErrorsCard } from '../components/ParseErrorsCard';
import { RecentFilesCard } from '../components/RecentFilesCard';
import { SummarySection } from '../components/SummarySection';
import { fillMonths, sinceFor, totalsByPeriod } from '../components/summary';
import { useDashboardSearch } from '../hooks/useDashboardSearch';

const REFRESH_MS = 15_000;

// The transactions list's own search schema (status=OPEN,PARTIAL) is being written next
// door; until transactionsPaths.index takes a search, the parameter is spelt here. An
// unknown parameter is dropped by the list, so the link never breaks.
const openTransactionsPath = `${transactionsPaths.index()}?${new URLSearchParams({ status: 'OPEN,PARTIAL' }).toString()}`;

/** Painel: where the firm stands — every figure opens the list behind it. */
export function DashboardView() {
  const { i18n } = useLingui();
  const locale = useLocale();
  const [search, update] = useDashboardSearch();
  const since = useMemo(() => (search.period === 'MONTH' ? null : sinceFor(search.period)), [search.period]);
  const [overview, refetchOverview] = useQuery({ query: DashboardOverviewQuery });
  const [summary, refetchSummary] = useQuery({ query: DashboardSummaryQuery, variables: { period: search.period, since } });

  // Figures move as files are processed and matches made: refresh now and then.
  useEffect(() => {
    const timer = setInterval(() => {
      refetchOverview({ requestPolicy: 'network-only' });
      refetchSummary({ requestPolicy: 'network-only' });
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refetchOverview, refetchSummary]);

  const data = overview.data;
  const title = <Title order={1} size="h2"><Trans>Painel</Trans></Title>;
  if (overview.error && !data) {
    return (
      <Stack gap="md">
        {title}
        <ListError message={i18n._(messageForCode(errorCode(overview.error)))} onRetry={() => refetchOverview({ requestPolicy: 'network-only' })} />
      </Stack>
    );
  }
  if (!data) {
    return (
      <Stack gap="md">
        {title}
        <DashboardSkeleton />
      </Stack>
    );
  }
  const figures = data.dashboard;
  const files = data.files.edges.map((edge) => edge.node);
  if (figures.documents === 0 && figures.transactions === 0 && files.length === 0) {
    return (
      <Stack gap="md">
        {title}
        <DashboardEmpty />
      </Stack>
    );
  }
  const totals = summary.data ? totalsByPeriod(summary.data.reconciliationSummary, search.period === 'DAY' ? 31 : 12) : null;
  const periods = totals && search.period === 'MONTH' ? fillMonths(totals) : totals;
  // A fraction as a decimal string ("0.7500"): a percentage by BigInt arithmetic, no float.
  const automaticRate = figures.automaticMatchRate ? percentOf(figures.automaticMatchRate, '1') : null;
  const automatic = automaticRate ? formatPercent(automaticRate, locale) : '—';
  const totalTransactions = figures.transactions;
  const lastActivity = figures.lastActivityAt ? formatDateTime(figures.lastActivityAt, locale) : null;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="baseline">
        {title}
        {lastActivity && <Text size="xs" c="dimmed"><Trans>Última atividade: {lastActivity}</Trans></Text>}
      </Group>
      <SimpleGrid cols={FIGURE_COLUMNS} spacing="sm">
        <FigureCard label={<Trans>A receber em aberto</Trans>} value={formatMoney(figures.openReceivables, locale)} to={documentsPaths.list({ direction: ['RECEIVABLE'] })} />
        <FigureCard label={<Trans>A pagar em aberto</Trans>} value={formatMoney(figures.openPayables, locale)} to={documentsPaths.list({ direction: ['PAYABLE'] })} />
        <FigureCard label={<Trans>Sugestões para revisar</Trans>} value={figures.pendingSuggestions} to={reviewPaths.index()} />
        <FigureCard label={<Trans>Transações em aberto</Trans>} value={figures.openTransactions} hint={<Trans>de {totalTransactions} no total</Trans>} to={openTransactionsPath} />
        <FigureCard label={<Trans>Documentos</Trans>} value={figures.documents} to={documentsPaths.list()} />
        <FigureCard label={<Trans>Conciliações neste mês</Trans>} value={figures.matchedThisMonth} hint={<Trans>{automatic} automáticas</Trans>} to={documentsPaths.list()} tone="success" />
        <FigureCard label={<Trans>Arquivos em processamento</Trans>} value={figures.filesInProgress} to={uploadsPaths.index({ status: ['UPLOADED', 'PROCESSING'] })} />
        <FigureCard
          label={<Trans>Arquivos com falha neste mês</Trans>}
          value={figures.filesFailedThisMonth}
          to={uploadsPaths.index({ status: ['FAILED'] })}
          tone={figures.filesFailedThisMonth ? 'danger' : 'default'}
        />
      </SimpleGrid>
      <SummarySection period={search.period} onPeriod={(period) => update({ period })} periods={periods} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <AgingCard rows={data.aging} />
        <ParseErrorsCard rows={data.parseErrorRates} />
      </SimpleGrid>
      <RecentFilesCard files={files} />
    </Stack>
  );
}
