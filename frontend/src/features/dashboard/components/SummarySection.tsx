import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Group, Paper, SegmentedControl, SimpleGrid, Skeleton, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import type { ReportPeriod } from '../../../gql/graphql';
import { MoneyBarChart } from '../../../shared/charts/MoneyBarChart';
import { formatPeriodLabel } from '../../../shared/charts/chartFormat';
import { formatPercent } from '../../../shared/format/decimal';
import { formatMoney } from '../../../shared/format/money';
import { useLocale } from '../../../shared/i18n/useLocale';
import { documentsPaths } from '../../documents/routes';
import { reviewPaths } from '../../review/routes';
import { FigureCard, FigureCardSkeleton } from './FigureCard';
import { FIGURE_COLUMNS } from './DashboardSkeleton';
import { overallTotals, type PeriodTotals } from './summary';

interface Props {
  period: ReportPeriod;
  onPeriod: (period: ReportPeriod) => void;
  /** Null while loading. */
  periods: PeriodTotals[] | null;
}

/** Reconciliation rate and amounts matched / suggested / open, by period, with the chart. */
export function SummarySection({ period, onPeriod, periods }: Props) {
  const { t } = useLingui();
  const locale = useLocale();
  const overall = periods ? overallTotals(periods) : null;
  const money = (value: string) => formatMoney(value, locale);
  const allDocuments = documentsPaths.list();

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="summary-title">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id="summary-title"><Trans>Conciliação por período</Trans></Title>
        <SegmentedControl
          size="xs"
          aria-label={t`Período`}
          value={period}
          onChange={(value) => onPeriod(value as ReportPeriod)}
          data={[
            { value: 'MONTH', label: t`Mês` },
            { value: 'WEEK', label: t`Semana` },
            { value: 'DAY', label: t`Dia` },
          ]}
        />
      </Group>
      <SimpleGrid cols={FIGURE_COLUMNS} spacing="sm" mb="md">
        {overall ? (
          <>
            <FigureCard
              label={<Trans>Taxa de conciliação</Trans>}
              value={overall.rate ? formatPercent(overall.rate, locale) : '—'}
              hint={<Trans>do valor das parcelas já baixado</Trans>}
              to={allDocuments}
              tone="success"
            />
            <FigureCard label={<Trans>Conciliado</Trans>} value={money(overall.matchedAmount)} hint={plural(overall.matched, { 0: '# parcelas', one: '# parcela', other: '# parcelas' })} to={allDocuments} />
            <FigureCard label={<Trans>Sugerido, aguardando revisão</Trans>} value={money(overall.suggestedAmount)} hint={plural(overall.suggested, { 0: '# parcelas', one: '# parcela', other: '# parcelas' })} to={reviewPaths.index()} />
            <FigureCard label={<Trans>Em aberto sem sugestão</Trans>} value={money(overall.unmatchedAmount)} hint={plural(overall.open, { 0: '# parcelas em aberto', one: '# parcela em aberto', other: '# parcelas em aberto' })} to={allDocuments} tone="danger" />
          </>
        ) : (
          Array.from({ length: 4 }, (_, i) => <FigureCardSkeleton key={i} />)
        )}
      </SimpleGrid>
      {!periods ? (
        <Skeleton height={260} />
      ) : periods.length === 0 ? (
        <Text c="dimmed" size="sm"><Trans>Nenhuma parcela no período.</Trans></Text>
      ) : (
        <>
          <MoneyBarChart
            label={t`Valores conciliados, sugeridos e em aberto por período`}
            period={period}
            rows={periods.map((p) => ({
              periodStart: p.periodStart,
              amounts: { matched: p.matchedAmount, suggested: p.suggestedAmount, unmatched: p.unmatchedAmount },
            }))}
            series={[
              { key: 'matched', label: t`Conciliado`, color: 'matched' },
              { key: 'suggested', label: t`Sugerido`, color: 'suggested' },
              { key: 'unmatched', label: t`Em aberto`, color: 'open' },
            ]}
          />
          <Table.ScrollContainer minWidth={520} mt="sm">
            <Table fz="sm" verticalSpacing={4} striped>
              <Table.Caption className="visually-hidden">{t`Valores por período`}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th><Trans>Período</Trans></Table.Th>
                  <Table.Th ta="right"><Trans>Conciliado</Trans></Table.Th>
                  <Table.Th ta="right"><Trans>Sugerido</Trans></Table.Th>
                  <Table.Th ta="right"><Trans>Em aberto</Trans></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...periods].reverse().filter((p) => p.installments > 0).map((p) => (
                  <Table.Tr key={p.periodStart}>
                    <Table.Td>{formatPeriodLabel(p.periodStart, period, locale)}</Table.Td>
                    <Table.Td ta="right" ff="monospace"><Anchor component={Link} to={allDocuments} fz="sm">{money(p.matchedAmount)}</Anchor></Table.Td>
                    <Table.Td ta="right" ff="monospace"><Anchor component={Link} to={reviewPaths.index()} fz="sm">{money(p.suggestedAmount)}</Anchor></Table.Td>
                    <Table.Td ta="right" ff="monospace"><Anchor component={Link} to={allDocuments} fz="sm">{money(p.unmatchedAmount)}</Anchor></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Paper>
  );
}
