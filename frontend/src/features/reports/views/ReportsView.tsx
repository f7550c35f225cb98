import { DayInput } from '../../../shared/ui/DayInput';
import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Group, Paper, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';

import type { Direction } from '../../../gql/graphql';
import { formatPercent } from '../../../shared/format/decimal';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { useLocale } from '../../../shared/i18n/useLocale';
import { DateCell, Money } from '../../../shared/ui/cells';
import { ListEmpty, ListError, ListLoading } from '../../../shared/ui/states';
import { companyOptions } from '../../documents/components/DocumentsFilters';
import { DIRECTION_LABELS } from '../../documents/components/labels';
import { ReportsQuery } from '../api/reports';
import { AGING_BUCKETS, rateToPercent } from '../components/labels';
import { agingLink, failedFilesLink, parseReportsSearch, REPORT_PERIODS, reportVariables, serializeReportsSearch, summaryLink, type ReportsSearch } from '../routes';

function Figure({ to, count, amount }: { to: string; count: number; amount?: string }) {
  return (
    <Anchor component={Link} to={to} fz="sm">
      <Text span fz="sm" ff="monospace">{count}</Text>
      {amount !== undefined && <Text span fz="xs" c="dimmed" display="block"><Money value={amount} /></Text>}
    </Anchor>
  );
}

function Block({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <Paper p="md" withBorder component="section" aria-labelledby={`${id}-title`}>
      <Title order={2} size="h4" id={`${id}-title`} mb="sm">{title}</Title>
      {children}
    </Paper>
  );
}

export function ReportsView() {
  const { t, i18n } = useLingui();
  const locale = useLocale();
  const [params, setParams] = useSearchParams();
  const search = parseReportsSearch(params);
  const update = (change: Partial<ReportsSearch>) => setParams(serializeReportsSearch({ ...search, ...change }), { replace: true });
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ReportsQuery, variables: reportVariables(search) });
  const periodLabels = { DAY: t`Dia`, WEEK: t`Semana`, MONTH: t`Mês` };
  const direction = (d: Direction) => t(DIRECTION_LABELS[d]);

  let body: ReactNode;
  if (error && !data) {
    body = <ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  } else if (!data) {
    body = <ListLoading rows={6} />;
  } else {
    const summary = data.reconciliationSummary;
    const aging = data.aging;
    const directions = [...new Set(aging.map((a) => a.direction))];
    body = (
      <Stack gap="md">
        <Block id="summary" title={<Trans>Conciliação por período</Trans>}>
          {summary.length === 0 ? (
            <ListEmpty title={<Trans>Nada no período</Trans>}><Trans>Nenhum documento com parcelas neste intervalo.</Trans></ListEmpty>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table fz="sm" verticalSpacing={6} striped>
                <Table.Caption className="visually-hidden">{t`Conciliação por período, empresa e direção`}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th><Trans>Período</Trans></Table.Th>
                    <Table.Th><Trans>Empresa</Trans></Table.Th>
                    <Table.Th><Trans>Direção</Trans></Table.Th>
                    <Table.Th><Trans>Documentos</Trans></Table.Th>
                    <Table.Th><Trans>Conciliados</Trans></Table.Th>
                    <Table.Th><Trans>Sugeridos</Trans></Table.Th>
                    <Table.Th><Trans>Em aberto</Trans></Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {summary.map((row) => {
                    const key = `${row.periodStart}-${row.companyId ?? ''}-${row.direction}`;
                    return (
                      <Table.Tr key={key}>
                        <Table.Td><DateCell value={row.periodStart} kind="date" /></Table.Td>
                        <Table.Td>{row.companyName ?? '—'}</Table.Td>
                        <Table.Td>{direction(row.direction)}</Table.Td>
                        <Table.Td><Figure to={summaryLink(row, search.period, 'documents')} count={row.documents} amount={row.amount} /></Table.Td>
                        <Table.Td><Figure to={summaryLink(row, search.period, 'matched')} count={row.matched} amount={row.matchedAmount} /></Table.Td>
                        <Table.Td><Figure to={summaryLink(row, search.period, 'suggested')} count={row.suggested} amount={row.suggestedAmount} /></Table.Td>
                        <Table.Td><Figure to={summaryLink(row, search.period, 'open')} count={row.open} amount={row.openAmount} /></Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Block>

        <Block id="aging" title={<Trans>Vencimentos em aberto (aging)</Trans>}>
          {aging.length === 0 ? (
            <Text c="dimmed" size="sm"><Trans>Nenhuma parcela em aberto.</Trans></Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table fz="sm" verticalSpacing={6} striped>
                <Table.Caption className="visually-hidden">{t`Parcelas em aberto por faixa de atraso`}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th><Trans>Faixa</Trans></Table.Th>
                    {directions.map((d) => <Table.Th key={d}>{direction(d)}</Table.Th>)}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {AGING_BUCKETS.map(([bucket, label]) => (
                    <Table.Tr key={bucket}>
                      <Table.Th scope="row" fw={500}>{t(label)}</Table.Th>
                      {directions.map((d) => {
                        const cell = aging.find((a) => a.bucket === bucket && a.direction === d);
                        return (
                          <Table.Td key={d}>
                            {cell && cell.installments > 0 ? (
                              <Figure to={agingLink(d)} count={cell.installments} amount={cell.openAmount} />
                            ) : (
                              <Text span c="dimmed">—</Text>
                            )}
                          </Table.Td>
                        );
                      })}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Block>

        <Block id="parse-errors" title={<Trans>Erros de leitura por tipo de arquivo</Trans>}>
          {data.parseErrorRates.length === 0 ? (
            <Text c="dimmed" size="sm"><Trans>Nenhum arquivo no período.</Trans></Text>
          ) : (
            <Table.ScrollContainer minWidth={520}>
              <Table fz="sm" verticalSpacing={6} striped>
                <Table.Caption className="visually-hidden">{t`Taxa de erro de leitura por tipo`}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th><Trans>Tipo</Trans></Table.Th>
                    <Table.Th><Trans>Arquivos</Trans></Table.Th>
                    <Table.Th><Trans>Com erro</Trans></Table.Th>
                    <Table.Th><Trans>Taxa</Trans></Table.Th>
                    <Table.Th><Trans>Erro mais comum</Trans></Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.parseErrorRates.map((rate) => (
                    <Table.Tr key={rate.kind}>
                      <Table.Td><Text span ff="monospace" fz="sm">{rate.kind}</Text></Table.Td>
                      <Table.Td>{rate.files}</Table.Td>
                      <Table.Td>
                        {rate.failed > 0 ? (
                          <Anchor component={Link} to={failedFilesLink(rate.kind)} fz="sm">{rate.failed}</Anchor>
                        ) : (
                          '0'
                        )}
                      </Table.Td>
                      <Table.Td>{formatPercent(rateToPercent(rate.rate), locale)}</Table.Td>
                      <Table.Td><Text span ff="monospace" fz="xs">{rate.topErrorCode ?? '—'}</Text></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Block>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2"><Trans>Relatórios</Trans></Title>
        {fetching && data && <Text size="xs" c="dimmed" role="status"><Trans>Atualizando…</Trans></Text>}
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="period-label"><Trans>Agrupar por</Trans></Text>
          <SegmentedControl
            aria-labelledby="period-label"
            data={REPORT_PERIODS.map((value) => ({ value, label: periodLabels[value] }))}
            value={search.period}
            onChange={(value) => update({ period: value as ReportsSearch['period'] })}
          />
        </Stack>
        <DayInput label={t`De`} value={search.since} onChange={(day) => update({ since: day })} w={{ base: '46%', sm: 160 }} />
        <DayInput label={t`Até`} value={search.until} onChange={(day) => update({ until: day })} w={{ base: '46%', sm: 160 }} />
        {data && data.companies.length > 1 && (
          <Select
            label={t`Empresa`}
            data={companyOptions(data.companies)}
            value={search.company || null}
            onChange={(value) => update({ company: value ?? '' })}
            clearable
            w={{ base: '100%', sm: 260 }}
          />
        )}
      </Group>
      {body}
    </Stack>
  );
}
